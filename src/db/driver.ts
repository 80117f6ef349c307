import neo4j, { type Driver } from 'neo4j-driver';
import type { Neo4jTarget } from '../config.ts';
import { DatabaseUnavailableError, translateError } from './errors.ts';

export interface Database {
  driver: Driver;
  database: string;
  /** The URI without credentials, for messages. */
  target: string;
  /** Reads running longer are cancelled in Neo4j (default READ_TIMEOUT_MS, executor.ts). */
  readTimeoutMs?: number;
  close(): Promise<void>;
}

export async function connect(
  target: Neo4jTarget,
  options: { connectTimeoutMs?: number; retryMs?: number; readTimeoutMs?: number } = {},
): Promise<Database> {
  const timeout = options.connectTimeoutMs ?? 10_000;
  const driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
    connectionTimeout: timeout,
    connectionAcquisitionTimeout: timeout,
    // a server answering requests gives up sooner than a batch job
    maxTransactionRetryTime: options.retryMs ?? 15_000,
    disableLosslessIntegers: false,
    userAgent: 'paper-topic-graph/0.1',
  });
  try {
    await withTimeout(driver.verifyConnectivity({ database: target.database }), timeout + 2000, target.uri);
  } catch (error) {
    await driver.close().catch(() => {});
    throw translateError(error, target.uri);
  }
  return {
    driver,
    database: target.database,
    target: target.uri,
    ...(options.readTimeoutMs ? { readTimeoutMs: options.readTimeoutMs } : {}),
    close: () => driver.close(),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, uri: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DatabaseUnavailableError(`Neo4j at ${uri} is unavailable: no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
