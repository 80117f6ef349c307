import { createHash, timingSafeEqual } from 'node:crypto';

/** API keys as SHA-256 digests, so every comparison has the same length and takes the same time. */
export interface ApiKeys {
  digests: Buffer[];
}

export interface AuthState {
  /** The server has keys, so writes are possible at all. */
  configured: boolean;
  /** The request sent a bearer token. */
  presented: boolean;
  valid: boolean;
  /** A short, non-secret name of the valid key (a prefix of its digest), for per-client limits. */
  keyId?: string;
}

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/** `API_KEYS` is a comma-separated list; blanks are ignored. */
export function parseApiKeys(raw: string | undefined): ApiKeys {
  const keys = (raw ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  return { digests: keys.map(digest) };
}

export function authenticate(header: string | null, keys: ApiKeys): AuthState {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const token = match?.[1];
  const configured = keys.digests.length > 0;
  if (token === undefined) return { configured, presented: false, valid: false };
  const presented = digest(token);
  // every key is compared, so the time taken does not say which key (or how much of one) matched
  let valid = false;
  for (const key of keys.digests) valid = timingSafeEqual(key, presented) || valid;
  return valid
    ? { configured, presented: true, valid, keyId: presented.toString('hex').slice(0, 16) }
    : { configured, presented: true, valid };
}
