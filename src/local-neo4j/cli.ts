import { ConfigError, loadConfig } from '../config.ts';
import {
  LocalNeo4jError,
  localNeo4jStatus,
  localOptions,
  startLocalNeo4j,
  stopLocalNeo4j,
} from './launcher.ts';

const USAGE = 'usage: src/local-neo4j/cli.ts start|stop|status';

async function main(command: string | undefined): Promise<number> {
  const config = loadConfig();
  const log = (line: string) => console.error(line);
  const options = localOptions(config, log);
  switch (command) {
    case 'start': {
      const handle = await startLocalNeo4j(options);
      console.log(
        `Neo4j ${handle.reused ? 'already running' : 'started'} (pid ${handle.pid}) at ${handle.uri}`,
      );
      return 0;
    }
    case 'stop': {
      const stopped = await stopLocalNeo4j(options);
      console.log(stopped ? 'Neo4j stopped' : 'Neo4j was not running');
      return 0;
    }
    case 'status': {
      const status = await localNeo4jStatus(options);
      if (!status.running) {
        console.log(`Neo4j is not running (data in ${status.home})`);
        return 3;
      }
      console.log(
        `Neo4j is running (pid ${status.pid}) at ${status.uri}, ${status.answering ? 'answering' : 'NOT answering'}`,
      );
      return status.answering ? 0 : 1;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof LocalNeo4jError || error instanceof ConfigError) {
      console.error(`error: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
