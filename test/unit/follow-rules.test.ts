import { describe, expect, it } from 'vitest';
import { describeDuration, parseDuration } from '../../src/digest/duration.ts';
import { parseAddress, savedSearch } from '../../src/follow/service.ts';
import {
  formatToken,
  newFollowerId,
  newSecret,
  parseToken,
  sameSecret,
  secretDigest,
} from '../../src/follow/tokens.ts';

describe('following rules', () => {
  it('reads periods of minutes, hours and days, and nothing else', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    for (const bad of ['', '24', 'h', '0h', '-1d', '1.5h', '24 hours', '400d', '1w']) {
      expect(parseDuration(bad), bad).toBeNull();
    }
    expect(describeDuration('24h')).toBe('the last 24 hours');
    expect(describeDuration('1d')).toBe('the last day');
  });

  it('makes tokens of random ids and secrets, and compares secrets whole', () => {
    const id = newFollowerId();
    const secret = newSecret();
    expect(newSecret()).not.toBe(secret);
    expect(parseToken(formatToken(id, secret))).toEqual({ followerId: id, secret });
    expect(parseToken(`${id}.${secret}x`)).toBeNull();
    expect(parseToken('not-a-token')).toBeNull();
    expect(parseToken(null)).toBeNull();
    expect(sameSecret(secret, secret)).toBe(true);
    expect(sameSecret(secret.slice(0, -1), secret)).toBe(false);
    expect(sameSecret(secret, null)).toBe(false);
    expect(secretDigest(secret)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes one plain address, compared in lower case', () => {
    expect(parseAddress(' Ada@Example.org ')).toEqual({ email: 'Ada@Example.org', key: 'ada@example.org' });
    for (const bad of [
      'ada',
      'ada@',
      'ada@example',
      'a b@example.org',
      'Ada <ada@example.org>',
      'a@b.org,c@d.org',
    ]) {
      expect(parseAddress(bad), bad).toBeNull();
    }
  });

  it('saves a search as its words, every one required by the full-text query', () => {
    expect(savedSearch('Graph  Neural-Networks')).toEqual({
      query: 'graph neural networks',
      lucene: '+(graph graph*) +(neural neural*) +(networks networks*)',
    });
    expect(savedSearch('a OR (b)')).toEqual({ query: 'a b', lucene: '+a +b' });
    expect(savedSearch('&& ||')).toBeNull();
  });
});
