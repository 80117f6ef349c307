import { rm } from 'node:fs/promises';
import path from 'node:path';
import { connect, type Database } from '../src/db/driver.ts';
import { startLocalNeo4j, stopLocalNeo4j } from '../src/local-neo4j/launcher.ts';

/**
 * The Neo4j a benchmark runs on: NEO4J_URI when set, else a local server of the bench's own in `home`,
 * started on an empty store (deleting a big graph row by row takes minutes).
 */
export async function freshDatabase(
  home: string,
  boltPort: number,
  log: (line: string) => void = console.error,
): Promise<Database> {
  if (process.env.NEO4J_URI) {
    return connect({
      uri: process.env.NEO4J_URI,
      user: process.env.NEO4J_USER ?? 'neo4j',
      password: process.env.NEO4J_PASSWORD ?? '',
      database: process.env.NEO4J_DATABASE ?? 'neo4j',
    });
  }
  await stopLocalNeo4j({ home });
  for (const dir of ['data/databases/neo4j', 'data/transactions/neo4j']) {
    await rm(path.join(home, dir), { recursive: true, force: true });
  }
  const handle = await startLocalNeo4j({ home, boltPort, heap: '2g', pageCache: '1g', log });
  return connect({ ...handle, database: 'neo4j' });
}
