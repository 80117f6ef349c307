import neo4j from 'neo4j-driver';
import { createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import type { FloorRequest, MixQuery, Sample } from './mix.ts';

/** A statement as the floor server takes it: integer parameters named, since JSON has no integers. */
export interface StatementRequest extends FloorRequest {
  ints: string[];
}

function portable(cypher: string, params: Record<string, unknown>): StatementRequest {
  const plain: Record<string, unknown> = {};
  const ints: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (neo4j.isInt(value)) {
      plain[key] = value.toNumber();
      ints.push(key);
    } else {
      plain[key] = value;
    }
  }
  return { cypher, params: plain, ints };
}

/**
 * The Cypher this server sends for each sample of a query, recorded by answering the query once in
 * process. Served by the floor server, it splits the gap to the floor into what the statement costs
 * and what the GraphQL layer costs. `null` when the query took more than one statement.
 */
export async function recordStatements(
  db: Database,
  q: MixQuery,
  all: Sample[],
): Promise<StatementRequest[] | null> {
  const app = createApp(db, { logging: false });
  const driver = db.driver;
  const original = driver.executeQuery;
  const out: StatementRequest[] = [];
  let seen: StatementRequest[] = [];
  driver.executeQuery = ((cypher: string, params: Record<string, unknown>, config: never) => {
    seen.push(portable(cypher, params ?? {}));
    return original.call(driver, cypher, params, config);
  }) as typeof driver.executeQuery;
  try {
    for (const s of all) {
      seen = [];
      const response = await app.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(q.ours(s)),
      });
      await response.text();
      if (seen.length !== 1) return null;
      out.push(seen[0] as StatementRequest);
    }
    return out;
  } finally {
    driver.executeQuery = original;
  }
}
