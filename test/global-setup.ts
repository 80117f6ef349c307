import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROJECT_ROOT } from '../src/config.ts';
import { startLocalNeo4j, stopLocalNeo4j } from '../src/local-neo4j/launcher.ts';

export interface TestNeo4j {
  uri: string;
  user: string;
  password: string;
  database: string;
  /** Where the server came from: the environment, a container or the local launcher. */
  origin: 'env' | 'docker' | 'local';
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

export const TEST_HOME = path.join(PROJECT_ROOT, '.data/neo4j-test');

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const probe = getContainerRuntimeClient().then(() => true);
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000).unref());
    return await Promise.race([probe, timeout]);
  } catch {
    return false;
  }
}

/** NEO4J_URI if set; else a container if a Docker engine answers; else the local launcher on its own port. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = process.env;
  if (env.NEO4J_URI) {
    project.provide('neo4j', {
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER || 'neo4j',
      password: env.NEO4J_PASSWORD ?? '',
      database: env.NEO4J_DATABASE || 'neo4j',
      origin: 'env',
    });
    return async () => {};
  }
  if (env.TEST_NEO4J !== 'local' && (await dockerAnswers())) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    const container = await new Neo4jContainer('neo4j:5.26-community').withPassword('test-password').start();
    project.provide('neo4j', {
      uri: container.getBoltUri(),
      user: container.getUsername(),
      password: container.getPassword(),
      database: 'neo4j',
      origin: 'docker',
    });
    return async () => {
      await container.stop();
    };
  }
  const handle = await startLocalNeo4j({
    home: TEST_HOME,
    boltPort: Number(env.NEO4J_TEST_PORT || 7688),
    heap: '768m',
    pageCache: '256m',
    log: (line) => console.error(`[neo4j] ${line}`),
  });
  project.provide('neo4j', {
    uri: handle.uri,
    user: handle.user,
    password: handle.password,
    database: 'neo4j',
    origin: 'local',
  });
  return async () => {
    if (!handle.reused) await stopLocalNeo4j({ home: TEST_HOME });
  };
}
