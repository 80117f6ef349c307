import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A link's token is `<follower id>.<secret>`: the id finds the follower, and the secret is compared in
 * constant time with what is stored, so neither a lookup nor a comparison says how much of a guess was right.
 */

export interface Token {
  followerId: string;
  secret: string;
}

const ID_BYTES = 12;
const SECRET_BYTES = 32;
const TOKEN = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

export const newFollowerId = () => randomBytes(ID_BYTES).toString('base64url');
export const newSecret = () => randomBytes(SECRET_BYTES).toString('base64url');

export const formatToken = (followerId: string, secret: string) => `${followerId}.${secret}`;

export function parseToken(raw: string | null | undefined): Token | null {
  const match = TOKEN.exec(raw?.trim() ?? '');
  return match ? { followerId: match[1] as string, secret: match[2] as string } : null;
}

/** What is stored of a secret that is only ever compared, never sent again (a confirmation's). */
export const secretDigest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Digests first, so both sides have the same length whatever was presented. */
export function sameSecret(presented: string, stored: string | null): boolean {
  if (stored === null) return false;
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(stored, 'utf8').digest();
  return timingSafeEqual(a, b);
}
