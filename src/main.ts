import type { Server } from 'node:http';
import { runAnalytics } from './analytics/run.ts';
import { createApp } from './app.ts';
import { exitOnError } from './cli-errors.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { applyConstraints } from './db/schema.ts';
import { explorerBundle } from './explorer/bundle.ts';
import { EXPLORER_PATH } from './explorer/serve.ts';
import { parseApiKeys } from './graphql/auth.ts';
import { createMailer } from './mail/mailer.ts';
import { seedIfEmpty } from './seed.ts';
import { close, listen } from './server.ts';

/** `npm start`: Neo4j (local unless NEO4J_URI is set) → constraints → seeds if empty → GraphQL server. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string) => console.error(line);
  // requests fail fast (SERVICE_UNAVAILABLE) while Neo4j is away, instead of waiting on retries
  const db = await openDatabase(config, log, {
    connectTimeoutMs: 5000,
    retryMs: 2000,
    readTimeoutMs: config.queryTimeoutMs,
  });
  await applyConstraints(db);
  const seeded = await seedIfEmpty(db, config.seedsDir);
  for (const s of seeded) log(`seeded ${s.written} papers from ${s.source} (${s.topicsCreated} topics)`);
  // the explorer sizes topics by PageRank and colours them by community: a fresh graph gets them at once
  if (seeded.length > 0) {
    const analytics = await runAnalytics(db);
    log(`analytics: ${analytics.topics.nodes} topics in ${analytics.topics.communities} communities`);
  }
  await explorerBundle();
  const apiKeys = parseApiKeys(config.apiKeys);
  if (apiKeys.digests.length === 0) log('API_KEYS is not set: the API is read-only');
  const app = createApp(db, {
    apiKeys,
    corsOrigins: config.corsOrigins,
    expensivePerMinute: config.ratePerMinute,
    livePollMs: config.livePollMs,
    mailer: createMailer(config.mail, log),
    publicUrl: config.publicUrl,
  });
  const server: Server = await listen(app, config.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`GraphQL API and GraphiQL at http://localhost:${port}/graphql`);
  console.log(`Topic graph explorer at http://localhost:${port}${EXPLORER_PATH}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    // open event streams would keep the listener waiting
    await app.watch.close();
    await close(server);
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch(exitOnError);
