import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import neo4j from 'neo4j-driver';
import { PROJECT_ROOT } from '../config.ts';
import { ExpectedError } from '../errors.ts';

const run = promisify(execFile);

export const NEO4J_POM = path.join(PROJECT_ROOT, 'src/local-neo4j/pom.xml');
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const ENTRY_POINT = 'org.neo4j.server.CommunityEntryPoint';
const ADMIN_TOOL = 'org.neo4j.cli.AdminTool';

export class LocalNeo4jError extends ExpectedError {
  override name = 'LocalNeo4jError';
}

export interface LocalNeo4jOptions {
  /** Folder holding conf/, data/, logs/, the pid file and the cached classpath. */
  home: string;
  boltPort: number;
  /** Used only when the store is created; later starts read the stored credentials. */
  password?: string;
  heap?: string;
  pageCache?: string;
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

/** The local server's options from the configuration and NEO4J_LOCAL_HEAP / NEO4J_LOCAL_PAGECACHE. */
export function localOptions(
  config: { local: { home: string; boltPort: number }; neo4j: { password?: string } },
  log?: (line: string) => void,
): LocalNeo4jOptions {
  return {
    home: config.local.home,
    boltPort: config.local.boltPort,
    password: config.neo4j.password,
    heap: process.env.NEO4J_LOCAL_HEAP,
    pageCache: process.env.NEO4J_LOCAL_PAGECACHE,
    log,
  };
}

export interface LocalNeo4jHandle {
  uri: string;
  user: string;
  password: string;
  pid: number;
  reused: boolean;
}

export interface LocalNeo4jStatus {
  running: boolean;
  pid?: number;
  uri: string;
  home: string;
  answering: boolean;
}

interface Paths {
  conf: string;
  confFile: string;
  data: string;
  logs: string;
  pidFile: string;
  classpathFile: string;
  credentialsFile: string;
  consoleLog: string;
}

function pathsOf(home: string): Paths {
  return {
    conf: path.join(home, 'conf'),
    confFile: path.join(home, 'conf', 'neo4j.conf'),
    data: path.join(home, 'data'),
    logs: path.join(home, 'logs'),
    pidFile: path.join(home, 'neo4j.pid'),
    classpathFile: path.join(home, 'classpath.txt'),
    credentialsFile: path.join(home, 'credentials.json'),
    consoleLog: path.join(home, 'logs', 'console.log'),
  };
}

const uriOf = (port: number) => `bolt://127.0.0.1:${port}`;

function javaBinary(): string {
  const home = process.env.JAVA_HOME;
  return home ? path.join(home, 'bin', 'java') : 'java';
}

async function checkJava(): Promise<void> {
  let output: string;
  try {
    const { stderr, stdout } = await run(javaBinary(), ['-version']);
    output = `${stderr}${stdout}`;
  } catch {
    throw new LocalNeo4jError(
      `cannot run ${javaBinary()}: a Java 17 or 21 runtime is needed to start the local Neo4j (or set NEO4J_URI)`,
    );
  }
  const major = Number(/version "(\d+)/.exec(output)?.[1] ?? 0);
  if (major < 17) {
    throw new LocalNeo4jError(`Neo4j 5.26 needs Java 17 or 21, found ${output.split('\n')[0]}`);
  }
}

/** Resolves the server's classpath with Maven once; the jars stay in ~/.m2, so later starts are offline. */
async function resolveClasspath(paths: Paths, log: (line: string) => void): Promise<string> {
  const pom = await readFile(NEO4J_POM);
  const digest = createHash('sha256').update(pom).digest('hex');
  const digestFile = `${paths.classpathFile}.sha256`;
  if (existsSync(paths.classpathFile) && existsSync(digestFile)) {
    const [cached, cachedDigest] = await Promise.all([
      readFile(paths.classpathFile, 'utf8'),
      readFile(digestFile, 'utf8'),
    ]);
    const jars = cached.trim().split(path.delimiter);
    if (cachedDigest.trim() === digest && jars.every((jar) => existsSync(jar))) return cached.trim();
  }
  log('resolving Neo4j Community 5.26 from Maven Central (first run only)…');
  try {
    await run(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        NEO4J_POM,
        `${DEPENDENCY_PLUGIN}:build-classpath`,
        `-Dmdep.outputFile=${paths.classpathFile}`,
        `-Dmdep.pathSeparator=${path.delimiter}`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    const detail = (error as { stdout?: string }).stdout?.split('\n').find((l) => l.includes('ERROR'));
    throw new LocalNeo4jError(
      `Maven could not resolve Neo4j from ${path.relative(PROJECT_ROOT, NEO4J_POM)}: ${detail ?? (error as Error).message}`,
    );
  }
  await writeFile(digestFile, digest);
  return (await readFile(paths.classpathFile, 'utf8')).trim();
}

function neo4jConf(options: LocalNeo4jOptions): string {
  return [
    '# Written by src/local-neo4j/launcher.ts on every start; edit that file, not this one.',
    'server.default_listen_address=127.0.0.1',
    'server.default_advertised_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${options.boltPort}`,
    `server.bolt.advertised_address=127.0.0.1:${options.boltPort}`,
    'server.bolt.enabled=true',
    'server.http.enabled=false',
    'server.https.enabled=false',
    'dbms.security.auth_enabled=true',
    'dbms.usage_report.enabled=false',
    `server.memory.pagecache.size=${options.pageCache ?? '512m'}`,
    'db.logs.query.enabled=OFF',
    '',
  ].join('\n');
}

const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dlog4j2.disable.jmx=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid file may outlive its process (kill -9, reboot); only trust it if that pid still runs our server. */
async function runningPid(paths: Paths, home: string): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number((await readFile(paths.pidFile, 'utf8')).trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    if (!cmdline.includes(ENTRY_POINT) || !cmdline.includes(`--home-dir=${home}`)) return undefined;
  } catch {
    // No /proc (macOS): the pid is alive, trust the pid file.
  }
  return pid;
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function credentials(paths: Paths, wanted?: string): Promise<{ user: string; password: string }> {
  try {
    return JSON.parse(await readFile(paths.credentialsFile, 'utf8')) as { user: string; password: string };
  } catch {
    const created = { user: 'neo4j', password: wanted ?? randomBytes(16).toString('hex') };
    await writeFile(paths.credentialsFile, `${JSON.stringify(created)}\n`, { mode: 0o600 });
    return created;
  }
}

async function answers(uri: string, user: string, password: string): Promise<boolean> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
    connectionTimeout: 2000,
    maxConnectionPoolSize: 1,
    logging: { level: 'error', logger: () => {} },
  });
  try {
    await driver.executeQuery('RETURN 1');
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}

async function tail(file: string, lines: number): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4jHandle> {
  const log = options.log ?? (() => {});
  const home = path.resolve(options.home);
  const paths = pathsOf(home);
  const uri = uriOf(options.boltPort);
  await mkdir(paths.conf, { recursive: true });
  await mkdir(paths.logs, { recursive: true });
  const { user, password } = await credentials(paths, options.password);

  const existing = await runningPid(paths, home);
  if (existing !== undefined) {
    if (await waitForBolt(uri, user, password, options.startTimeoutMs ?? 120_000, () => isAlive(existing))) {
      return { uri, user, password, pid: existing, reused: true };
    }
    throw new LocalNeo4jError(`local Neo4j (pid ${existing}) runs but does not answer on ${uri}`);
  }
  // A server killed a moment ago may still hold its port while the kernel tears it down.
  const portDeadline = Date.now() + 15_000;
  while ((await portTaken(options.boltPort)) && Date.now() < portDeadline) await sleep(250);
  if (await portTaken(options.boltPort)) {
    throw new LocalNeo4jError(
      `port ${options.boltPort} is taken by another process; set NEO4J_LOCAL_PORT to a free port or NEO4J_URI to that server`,
    );
  }

  await checkJava();
  const classpath = await resolveClasspath(paths, log);
  await writeFile(paths.confFile, neo4jConf(options));
  const env = { ...process.env, NEO4J_HOME: home, NEO4J_CONF: paths.conf };

  const storeExists = existsSync(path.join(paths.data, 'databases', 'system'));
  if (!storeExists && !existsSync(path.join(paths.data, 'dbms', 'auth.ini'))) {
    // "--" ends the options: a password may start with "-"; the error never repeats the command line
    await run(javaBinary(), ['-cp', classpath, ADMIN_TOOL, 'dbms', 'set-initial-password', '--', password], {
      env,
    }).catch((error: { stderr?: string; stdout?: string }) => {
      const why = `${error.stderr ?? ''}\n${error.stdout ?? ''}`.split('\n').find((l) => l.trim() !== '');
      throw new LocalNeo4jError(
        `could not set the local Neo4j's initial password: ${why?.trim() ?? 'neo4j-admin failed'}`,
      );
    });
  }

  const out = await open(paths.consoleLog, 'a');
  const child = spawn(
    javaBinary(),
    [
      `-Xms${options.heap ?? '1g'}`,
      `-Xmx${options.heap ?? '1g'}`,
      ...JVM_FLAGS,
      '-cp',
      classpath,
      ENTRY_POINT,
      `--home-dir=${home}`,
      `--config-dir=${paths.conf}`,
    ],
    { cwd: home, env, detached: true, stdio: ['ignore', out.fd, out.fd] },
  );
  await out.close();
  const pid = child.pid;
  if (pid === undefined) throw new LocalNeo4jError(`could not spawn ${javaBinary()}`);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.unref();
  await writeFile(paths.pidFile, `${pid}\n`);
  log(
    `starting Neo4j Community 5.26 (pid ${pid}) on ${uri}, data in ${path.relative(process.cwd(), home) || '.'}`,
  );

  if (await waitForBolt(uri, user, password, options.startTimeoutMs ?? 180_000, () => !exited)) {
    return { uri, user, password, pid, reused: false };
  }
  if (!exited) process.kill(pid, 'SIGKILL');
  await rm(paths.pidFile, { force: true });
  const why = (await tail(path.join(paths.logs, 'neo4j.log'), 15)) || (await tail(paths.consoleLog, 15));
  throw new LocalNeo4jError(
    `local Neo4j ${exited ? 'exited' : 'did not answer'} during start-up; last log lines:\n${why}`,
  );
}

async function waitForBolt(
  uri: string,
  user: string,
  password: string,
  timeoutMs: number,
  alive: () => boolean,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) return false;
    if (await answers(uri, user, password)) return true;
    await sleep(500);
  }
  return false;
}

export interface ImportFiles {
  /** Node files, each with the labels of its rows (or a :LABEL column). */
  nodes: { labels?: string; file: string }[];
  relationships: { type?: string; file: string }[];
}

export interface ImportProgress {
  /** 1-based step of neo4j-admin's import, of `steps`. */
  step: number;
  steps: number;
  name: string;
  percent: number;
}

/**
 * Replaces a stopped local server's database with `neo4j-admin database import full` over CSV files
 * (what Neo4j offers for an initial load); reports the importer's steps as they go.
 */
export async function importDatabase(
  options: Pick<LocalNeo4jOptions, 'home' | 'log'> & {
    database: string;
    files: ImportFiles;
    onProgress?: (progress: ImportProgress) => void;
  },
): Promise<{ nodes: number; relationships: number }> {
  const home = path.resolve(options.home);
  const paths = pathsOf(home);
  const pid = await runningPid(paths, home);
  if (pid !== undefined) throw new LocalNeo4jError(`local Neo4j (pid ${pid}) runs: stop it before importing`);
  await checkJava();
  await mkdir(paths.logs, { recursive: true });
  const classpath = await resolveClasspath(paths, options.log ?? (() => {}));
  const args = [
    '-Xmx1g',
    '-cp',
    classpath,
    ADMIN_TOOL,
    'database',
    'import',
    'full',
    options.database,
    '--overwrite-destination=true',
    '--multiline-fields=true',
    '--array-delimiter=;',
    `--report-file=${path.join(paths.logs, 'import.report')}`,
    ...options.files.nodes.map((n) => `--nodes=${n.labels ? `${n.labels}=` : ''}${n.file}`),
    ...options.files.relationships.map((r) => `--relationships=${r.type ? `${r.type}=` : ''}${r.file}`),
  ];
  const env = { ...process.env, NEO4J_HOME: home, NEO4J_CONF: paths.conf };
  // a process group of its own: Ctrl-C at the terminal does not cut an import in half
  const child = spawn(javaBinary(), args, {
    cwd: home,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  let step = { step: 0, steps: 4, name: 'starting' };
  const carried = { out: '', err: '' };
  const read = (from: 'out' | 'err') => (chunk: Buffer) => {
    const text = carried[from] + chunk.toString('utf8');
    const all = text.split(/\r?\n/);
    carried[from] = all.pop() ?? '';
    for (const line of all) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      const started = /^\((\d+)\/(\d+)\) (.+?)\s+\d{4}-\d\d-\d\d/.exec(line);
      if (started) {
        step = {
          step: Number(started[1]),
          steps: Number(started[2]),
          name: (started[3] as string).toLowerCase(),
        };
        options.onProgress?.({ ...step, percent: 0 });
      }
      const percent = /\s(\d+)% ∆/.exec(line);
      if (percent) options.onProgress?.({ ...step, percent: Number(percent[1]) });
    }
  };
  child.stdout.on('data', read('out'));
  child.stderr.on('data', read('err'));
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c ?? 1));
  });
  lines.push(carried.out, carried.err);
  const summary = lines.join('\n');
  if (code !== 0 || !summary.includes('IMPORT DONE')) {
    const why = lines
      .filter((l) => !/^[.\s-]*\d+% ∆/.test(l))
      .slice(-8)
      .join('\n');
    throw new LocalNeo4jError(`neo4j-admin import failed (exit ${code}):\n${why}`);
  }
  const count = (what: string) => Number(new RegExp(`(\\d+) ${what}`).exec(summary)?.[1] ?? 0);
  return { nodes: count('nodes'), relationships: count('relationships') };
}

export async function stopLocalNeo4j(options: Pick<LocalNeo4jOptions, 'home' | 'log'>): Promise<boolean> {
  const home = path.resolve(options.home);
  const paths = pathsOf(home);
  const pid = await runningPid(paths, home);
  if (pid === undefined) {
    await rm(paths.pidFile, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    options.log?.(`Neo4j (pid ${pid}) did not stop within 60 s; killing it`);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
  await rm(paths.pidFile, { force: true });
  return true;
}

export async function localNeo4jStatus(
  options: Pick<LocalNeo4jOptions, 'home' | 'boltPort'>,
): Promise<LocalNeo4jStatus> {
  const home = path.resolve(options.home);
  const paths = pathsOf(home);
  const uri = uriOf(options.boltPort);
  const pid = await runningPid(paths, home);
  if (pid === undefined) return { running: false, uri, home, answering: false };
  const { user, password } = await credentials(paths);
  return { running: true, pid, uri, home, answering: await answers(uri, user, password) };
}
