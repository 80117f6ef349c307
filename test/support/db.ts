import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { connect, type Database } from '../../src/db/driver.ts';
import { applyConstraints } from '../../src/db/schema.ts';

export function testTarget() {
  return inject('neo4j');
}

export async function openTestDatabase(): Promise<Database> {
  const db = await connect(testTarget());
  await applyConstraints(db);
  return db;
}

/**
 * Integration files run one at a time; each starts from an empty graph so that counts are its own.
 * Tests that share a file use unique ids (see `uniqueId`).
 */
export async function resetGraph(db: Database): Promise<void> {
  const session = db.driver.session({ database: db.database });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
  } finally {
    await session.close();
  }
}

export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** The environment a child process needs to use the test database. */
export function testEnv(): NodeJS.ProcessEnv {
  const t = testTarget();
  return {
    ...process.env,
    NEO4J_URI: t.uri,
    NEO4J_USER: t.user,
    NEO4J_PASSWORD: t.password,
    NEO4J_DATABASE: t.database,
  };
}
