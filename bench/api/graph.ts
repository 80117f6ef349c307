import path from 'node:path';
import neo4j from 'neo4j-driver';
import { ingest } from '../../ingest/pipeline.ts';
import { openSource } from '../../ingest/sources/index.ts';
import { PROJECT_ROOT } from '../../src/config.ts';
import { connect, type Database } from '../../src/db/driver.ts';
import { applyConstraints } from '../../src/db/schema.ts';
import { toNumber } from '../../src/db/values.ts';
import { startLocalNeo4j } from '../../src/local-neo4j/launcher.ts';
import type { Sample } from './mix.ts';

/** The graph the API benchmarks run on: a Neo4j of their own (kept between runs), or NEO4J_URI. */
export async function database(
  log: (line: string) => void,
  store: { home: string; port: number } = { home: '.data/neo4j-bench-api', port: 7690 },
): Promise<{ db: Database; env: NodeJS.ProcessEnv }> {
  const target = process.env.NEO4J_URI
    ? {
        uri: process.env.NEO4J_URI,
        user: process.env.NEO4J_USER ?? 'neo4j',
        password: process.env.NEO4J_PASSWORD ?? '',
      }
    : await startLocalNeo4j({
        home: path.join(PROJECT_ROOT, store.home),
        boltPort: store.port,
        heap: '2g',
        pageCache: '1g',
        log,
      });
  const db = await connect({ ...target, database: process.env.NEO4J_DATABASE ?? 'neo4j' });
  return {
    db,
    env: {
      ...process.env,
      NEO4J_URI: target.uri,
      NEO4J_USER: target.user,
      NEO4J_PASSWORD: target.password,
    },
  };
}

export async function count(db: Database, cypher: string): Promise<number> {
  const { records } = await db.driver.executeQuery(cypher, {}, { database: db.database });
  return toNumber(records[0]?.get(0));
}

/** Loads the corpus' first N papers unless the graph already holds them (the load takes minutes). */
export async function load(
  db: Database,
  corpus: string,
  papers: number,
  log: (line: string) => void,
): Promise<void> {
  await applyConstraints(db);
  const have = await count(db, 'MATCH (p:Paper) RETURN count(p)');
  if (have >= papers) {
    log(`reusing the graph of ${have} papers`);
    return;
  }
  log(`ingesting ${papers} papers of ${corpus} (once; later runs reuse them)`);
  const started = performance.now();
  const summary = await ingest(db, corpus, openSource(corpus), { limit: papers });
  log(`ingested ${summary.written} papers in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Topics, papers and searches the mix is asked about: mid-sized topics, papers with similar papers. */
export async function samples(db: Database, n = 200): Promise<Sample[]> {
  const { records } = await db.driver.executeQuery(
    `CALL () {
       MATCH (t:Topic) WHERE 5 <= t.paperCount <= 2000 AND EXISTS { (t)-[:CO_OCCURS]-() }
       RETURN collect(t.key)[..$n] AS topics
     }
     CALL () {
       MATCH (p:Paper) WHERE EXISTS { (p)-[:SIMILAR_TO]->() }
       RETURN collect(p.id)[..$n] AS papers
     }
     CALL () {
       MATCH (t:Topic) WHERE t.paperCount >= 20 AND size(split(t.key, ' ')) <= 2
       RETURN collect(t.name)[..$n] AS searches
     }
     RETURN topics, papers, searches`,
    { n: neo4j.int(n) },
    { database: db.database },
  );
  const r = records[0];
  const topics = r?.get('topics') as string[];
  const ids = r?.get('papers') as string[];
  const searches = r?.get('searches') as string[];
  if (!topics?.length || !ids?.length || !searches?.length)
    throw new Error('the graph is too small to sample');
  return Array.from({ length: n }, (_, i) => ({
    topicKey: topics[(i * 7) % topics.length] as string,
    paperId: ids[(i * 11) % ids.length] as string,
    search: searches[(i * 13) % searches.length] as string,
  }));
}
