import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/driver.ts';
import { localNeo4jStatus, startLocalNeo4j, stopLocalNeo4j } from '../../src/local-neo4j/launcher.ts';

const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const home = await mkdtemp(path.join(tmpdir(), 'neo4j-launcher-'));
const boltPort = await freePort();
// a password that starts with "-" must not be read as an option by neo4j-admin
const options = { home, boltPort, heap: '512m', pageCache: '64m', password: '-dash-first-password' };

afterAll(async () => {
  await stopLocalNeo4j({ home });
  await rm(home, { recursive: true, force: true });
});

async function countMarkers(uri: string, user: string, password: string): Promise<number> {
  const db = await connect({ uri, user, password, database: 'neo4j' });
  try {
    const { records } = await db.driver.executeQuery(
      'MATCH (m:LauncherMarker) RETURN count(m) AS n',
      {},
      {
        database: 'neo4j',
      },
    );
    return records[0]?.get('n').toNumber();
  } finally {
    await db.close();
  }
}

describe('local Neo4j launcher', () => {
  it('starts a real Neo4j 5.26 on 127.0.0.1 with authentication on', async () => {
    const handle = await startLocalNeo4j(options);
    expect(handle.reused).toBe(false);
    expect(handle.uri).toBe(`bolt://127.0.0.1:${boltPort}`);
    expect(handle.password).toBe('-dash-first-password');
    const db = await connect({ ...handle, database: 'neo4j' });
    try {
      const { records } = await db.driver.executeQuery(
        'CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition',
        {},
        { database: 'neo4j' },
      );
      expect(records[0]?.get('name')).toBe('Neo4j Kernel');
      expect(records[0]?.get('version')).toMatch(/^5\.26\./);
      expect(records[0]?.get('edition')).toBe('community');
      await db.driver.executeQuery('CREATE (:LauncherMarker {at: datetime()})', {}, { database: 'neo4j' });
    } finally {
      await db.close();
    }
    await expect(connect({ ...handle, password: 'wrong-password', database: 'neo4j' })).rejects.toThrow(
      /refused the credentials/,
    );
    const conf = await readFile(path.join(home, 'conf/neo4j.conf'), 'utf8');
    expect(conf).toContain(`server.bolt.listen_address=127.0.0.1:${boltPort}`);
    expect(conf).toContain('dbms.security.auth_enabled=true');
  });

  it('reuses a running instance instead of starting a second one', async () => {
    const first = await localNeo4jStatus(options);
    const again = await startLocalNeo4j(options);
    expect(again.reused).toBe(true);
    expect(again.pid).toBe(first.pid);
  });

  it('recovers after kill -9 with the data still there', async () => {
    const status = await localNeo4jStatus(options);
    expect(status).toMatchObject({ running: true, answering: true });
    process.kill(status.pid as number, 'SIGKILL');
    await expect.poll(async () => (await localNeo4jStatus(options)).running, { timeout: 10_000 }).toBe(false);
    const restarted = await startLocalNeo4j(options);
    expect(restarted.reused).toBe(false);
    expect(restarted.pid).not.toBe(status.pid);
    expect(await countMarkers(restarted.uri, restarted.user, restarted.password)).toBe(1);
  });

  it('stops, and reports that through the db:status script', async () => {
    expect(await stopLocalNeo4j({ home })).toBe(true);
    expect(await stopLocalNeo4j({ home })).toBe(false);
    const status = await run(process.execPath, ['--import', 'tsx', 'src/local-neo4j/cli.ts', 'status'], {
      env: { ...process.env, NEO4J_LOCAL_HOME: home, NEO4J_LOCAL_PORT: String(boltPort) },
    }).catch((error: { code: number; stdout: string }) => error);
    expect((status as { code?: number }).code).toBe(3);
    expect(status.stdout).toContain('Neo4j is not running');
  });
});
