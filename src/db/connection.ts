import type { Config, Neo4jTarget } from '../config.ts';
import { localOptions, startLocalNeo4j } from '../local-neo4j/launcher.ts';
import { connect, type Database } from './driver.ts';

/**
 * The server to use: the one NEO4J_URI names, or else the project's local Neo4j, started if it is not
 * running already.
 */
export async function resolveTarget(config: Config, log: (line: string) => void): Promise<Neo4jTarget> {
  if (config.neo4j.uri !== undefined) {
    return {
      uri: config.neo4j.uri,
      user: config.neo4j.user,
      password: config.neo4j.password ?? '',
      database: config.neo4j.database,
    };
  }
  const local = await startLocalNeo4j(localOptions(config, log));
  log(`${local.reused ? 'using the running' : 'started the'} local Neo4j at ${local.uri} (pid ${local.pid})`);
  return { uri: local.uri, user: local.user, password: local.password, database: config.neo4j.database };
}

export async function openDatabase(
  config: Config,
  log: (line: string) => void,
  options: Parameters<typeof connect>[1] = {},
): Promise<Database> {
  return connect(await resolveTarget(config, log), options);
}
