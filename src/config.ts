import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExpectedError } from './errors.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export class ConfigError extends ExpectedError {
  override name = 'ConfigError';
}

export interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
  database: string;
}

export interface Config {
  /** Set when the user points the project at an existing server; then nothing is started. */
  neo4j: Partial<Neo4jTarget> & { database: string; user: string };
  local: { home: string; boltPort: number };
  port: number;
  seedsDir: string;
  /** Keys allowed to call mutations (API_KEYS, comma-separated); none disables writes. */
  apiKeys: string | undefined;
  /** CORS_ORIGINS: comma-separated origins, or '*'; unset allows none (same-origin only). */
  corsOrigins: string[];
  /** QUERY_TIMEOUT_MS: reads running longer are cancelled in Neo4j. */
  queryTimeoutMs: number;
  /** RATE_LIMIT_PER_MINUTE: points of expensive operations a client may spend a minute. */
  ratePerMinute: number;
  /** PUBLIC_URL: where people reach this server, for links in e-mails and feeds (no trailing slash). */
  publicUrl: string;
  /** LIVE_POLL_MS: how often subscriptions look for papers written by any process. */
  livePollMs: number;
  mail: MailConfig;
}

export interface MailConfig {
  /** SMTP_URL: smtp://user:pass@host:port or smtps://…; unset writes messages as .eml files to `dir`. */
  smtpUrl: string | undefined;
  /** MAIL_DIR: where messages go without SMTP_URL. */
  dir: string;
  /** MAIL_FROM: the sender of every message. */
  from: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not an integer between ${min} and ${max}`);
  }
  return value;
}

const SUPPORTED_SCHEMES = ['bolt', 'bolt+s', 'bolt+ssc', 'neo4j', 'neo4j+s', 'neo4j+ssc'];

export function validateNeo4jUri(uri: string): string {
  const match = /^([a-z0-9+]+):\/\/[^/\s]+/i.exec(uri);
  if (!match?.[1] || !SUPPORTED_SCHEMES.includes(match[1].toLowerCase())) {
    throw new ConfigError(
      `NEO4J_URI=${JSON.stringify(uri)} is not a Neo4j URI (expected ${SUPPORTED_SCHEMES.join('|')}://host[:port])`,
    );
  }
  return uri;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const uri = env.NEO4J_URI?.trim() || undefined;
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const publicAddress = publicUrl(env.PUBLIC_URL, port);
  return {
    neo4j: {
      uri: uri === undefined ? undefined : validateNeo4jUri(uri),
      user: env.NEO4J_USER?.trim() || 'neo4j',
      password: env.NEO4J_PASSWORD || undefined,
      database: env.NEO4J_DATABASE?.trim() || 'neo4j',
    },
    local: {
      home: path.resolve(PROJECT_ROOT, env.NEO4J_LOCAL_HOME || '.data/neo4j'),
      boltPort: integer(env, 'NEO4J_LOCAL_PORT', 7687, 1, 65535),
    },
    port,
    seedsDir: path.resolve(PROJECT_ROOT, env.SEEDS_DIR || 'seeds'),
    apiKeys: env.API_KEYS,
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    queryTimeoutMs: integer(env, 'QUERY_TIMEOUT_MS', 15_000, 100, 600_000),
    ratePerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 300, 1, 1_000_000),
    publicUrl: publicAddress,
    mail: {
      smtpUrl: smtpUrl(env.SMTP_URL),
      dir: path.resolve(PROJECT_ROOT, env.MAIL_DIR || '.data/outbox'),
      from: env.MAIL_FROM?.trim() || `Paper digest <digest@${new URL(publicAddress).hostname}>`,
    },
    livePollMs: integer(env, 'LIVE_POLL_MS', 1000, 50, 600_000),
  };
}

function smtpUrl(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || url.hostname === '') {
    // the address may hold a password: name the variable, not its value
    throw new ConfigError('SMTP_URL is not an address like smtp://user:pass@host:587 or smtps://host:465');
  }
  return value;
}

function publicUrl(raw: string | undefined, port: number): string {
  const value = raw?.trim();
  if (!value) return `http://localhost:${port}`;
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    throw new ConfigError(
      `PUBLIC_URL=${JSON.stringify(value)} is not an address like https://papers.example.org`,
    );
  }
  return value.replace(/\/+$/, '');
}

function corsOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        `CORS_ORIGINS has ${JSON.stringify(origin)}, which is not an origin like https://example.org or *`,
      );
    }
  }
  return origins;
}
