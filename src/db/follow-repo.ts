import { BARE_TOPIC, Statement, toPlannedTopic, topicProjection } from './compile-plan.ts';
import type { Database } from './driver.ts';
import { readRows, write } from './executor.ts';
import { num, str, type TopicRow } from './rows.ts';
import { int, toNumber } from './values.ts';

/**
 * Followers and what they follow: `(:Follower)-[:FOLLOWS {pending, since}]->(:Topic|:Author|:SavedSearch)`.
 * A follower is an API key (`keyId`) or an e-mail address (`emailKey`); its mail goes out only once its
 * address is `confirmed`. A follow is `pending` until the address it was made for is confirmed.
 */

export interface FollowerRow {
  id: string;
  keyId: string | null;
  email: string | null;
  confirmed: boolean;
  /** The secret of the follower's links (unsubscribe, `following(token:)`), put into every message. */
  manageSecret: string;
  /** SHA-256 of the pending confirmation's secret. */
  confirmDigest: string | null;
  confirmExpiresAt: number | null;
}

/** What to follow or unfollow, each already resolved: topic keys, author keys, normalised queries. */
export interface FollowTargets {
  topics: string[];
  authors: string[];
  searches: { query: string; lucene: string }[];
}

export interface Followed {
  pending: boolean;
  /** ISO date-time. */
  since: string;
}

export interface FollowsRow {
  topics: (Followed & { topic: TopicRow })[];
  authors: (Followed & { key: string; name: string })[];
  searches: (Followed & { query: string })[];
}

export interface AuthorRow {
  key: string;
  name: string;
}

const FOLLOWER = `[f.id, f.keyId, f.email, f.confirmed, f.manageSecret, f.confirmDigest, f.confirmExpiresAt.epochMillis]`;

function toFollower(value: unknown): FollowerRow {
  const [id, keyId, email, confirmed, manageSecret, confirmDigest, expires] = value as unknown[];
  return {
    id: String(id),
    keyId: str(keyId),
    email: str(email),
    confirmed: confirmed === true,
    manageSecret: String(manageSecret),
    confirmDigest: str(confirmDigest),
    confirmExpiresAt: num(expires),
  };
}

const followed = (pending: unknown, since: unknown): Followed => ({
  pending: pending === true,
  since: String(since),
});

export interface NewFollower {
  id: string;
  manageSecret: string;
}

export class FollowRepo {
  constructor(private readonly db: Database) {}

  async byId(id: string): Promise<FollowerRow | null> {
    const [row] = await readRows(
      this.db,
      `MATCH (f:Follower {id: $id}) RETURN ${FOLLOWER} AS f`,
      { id },
      (r) => toFollower(r.get('f')),
    );
    return row ?? null;
  }

  async byKey(keyId: string): Promise<FollowerRow | null> {
    const [row] = await readRows(
      this.db,
      `MATCH (f:Follower {keyId: $keyId}) RETURN ${FOLLOWER} AS f`,
      { keyId },
      (r) => toFollower(r.get('f')),
    );
    return row ?? null;
  }

  /** The API key's follower, made on its first follow. */
  async forKey(keyId: string, fresh: NewFollower): Promise<FollowerRow> {
    return this.merge('keyId: $scope', { scope: keyId, email: null, ...fresh });
  }

  /** The e-mail address's follower (`emailKey`: the address as compared), made on its first follow. */
  async forEmail(emailKey: string, email: string, fresh: NewFollower): Promise<FollowerRow> {
    return this.merge('emailKey: $scope', { scope: emailKey, email, ...fresh });
  }

  private async merge(scope: string, params: Record<string, unknown>): Promise<FollowerRow> {
    const [record] = await write(
      this.db,
      `MERGE (f:Follower {${scope}})
       ON CREATE SET f.id = $id, f.manageSecret = $manageSecret, f.email = $email, f.confirmed = false,
                     f.createdAt = datetime()
       RETURN ${FOLLOWER} AS f`,
      params,
      { retry: true },
    );
    return toFollower(record?.get('f'));
  }

  /** Authors by key (`authorKey`), those the graph has. */
  authorsByKeys(keys: string[]): Promise<AuthorRow[]> {
    return readRows(
      this.db,
      'UNWIND $keys AS key MATCH (a:Author {key: key}) RETURN a.key AS key, a.name AS name',
      { keys },
      (r) => ({ key: String(r.get('key')), name: String(r.get('name')) }),
    );
  }

  /** Adds follows; one already confirmed stays so whatever `pending` says. */
  async follow(followerId: string, targets: FollowTargets, pending: boolean): Promise<void> {
    const set = `ON CREATE SET r.pending = $pending, r.since = datetime()
                 ON MATCH SET r.pending = r.pending AND $pending`;
    await write(
      this.db,
      `MATCH (f:Follower {id: $id})
       CALL (f) {
         UNWIND $topics AS key MATCH (t:Topic {key: key})
         MERGE (f)-[r:FOLLOWS]->(t) ${set}
         RETURN count(*) AS topics
       }
       CALL (f) {
         UNWIND $authors AS key MATCH (a:Author {key: key})
         MERGE (f)-[r:FOLLOWS]->(a) ${set}
         RETURN count(*) AS authors
       }
       CALL (f) {
         UNWIND $searches AS search
         MERGE (s:SavedSearch {query: search.query}) ON CREATE SET s.lucene = search.lucene
         MERGE (f)-[r:FOLLOWS]->(s) ${set}
         RETURN count(*) AS searches
       }
       RETURN topics + authors + searches AS n`,
      { id: followerId, pending, ...targets },
      { retry: true },
    );
  }

  /** Removes follows; a saved search nobody follows any more goes with its last follow. */
  async unfollow(followerId: string, targets: FollowTargets): Promise<number> {
    const [record] = await write(
      this.db,
      `MATCH (f:Follower {id: $id})
       CALL (f) {
         OPTIONAL MATCH (f)-[r:FOLLOWS]->(x)
         WHERE (x:Topic AND x.key IN $topics) OR (x:Author AND x.key IN $authors)
            OR (x:SavedSearch AND x.query IN $queries)
         DELETE r
         RETURN count(r) AS removed
       }
       CALL () {
         OPTIONAL MATCH (s:SavedSearch) WHERE s.query IN $queries AND NOT EXISTS { ()-[:FOLLOWS]->(s) }
         DELETE s
         RETURN count(s) AS orphans
       }
       RETURN removed`,
      {
        id: followerId,
        topics: targets.topics,
        authors: targets.authors,
        queries: targets.searches.map((s) => s.query),
      },
      { retry: true },
    );
    return toNumber(record?.get('removed') ?? 0);
  }

  async follows(followerId: string): Promise<FollowsRow> {
    const s = new Statement();
    const [row] = await readRows(
      this.db,
      `MATCH (f:Follower {id: $id})
       RETURN
         COLLECT { MATCH (f)-[r:FOLLOWS]->(t:Topic)
                   RETURN [${topicProjection('t', BARE_TOPIC, s)}, r.pending, toString(r.since)] ORDER BY t.name } AS topics,
         COLLECT { MATCH (f)-[r:FOLLOWS]->(a:Author)
                   RETURN [a.key, a.name, r.pending, toString(r.since)] ORDER BY a.name } AS authors,
         COLLECT { MATCH (f)-[r:FOLLOWS]->(q:SavedSearch)
                   RETURN [q.query, r.pending, toString(r.since)] ORDER BY q.query } AS searches`,
      { ...s.params, id: followerId },
      (r): FollowsRow => ({
        topics: (r.get('topics') as unknown[][]).map(([topic, pending, since]) => ({
          topic: toPlannedTopic(topic, BARE_TOPIC),
          ...followed(pending, since),
        })),
        authors: (r.get('authors') as unknown[][]).map(([key, name, pending, since]) => ({
          key: String(key),
          name: String(name),
          ...followed(pending, since),
        })),
        searches: (r.get('searches') as unknown[][]).map(([query, pending, since]) => ({
          query: String(query),
          ...followed(pending, since),
        })),
      }),
    );
    return row ?? { topics: [], authors: [], searches: [] };
  }

  /**
   * Sets where an API key's mail goes; a new address is unconfirmed, and a link mailed to the old one
   * no longer confirms anything (else it would confirm the new address). Answers whether it changed.
   */
  async setEmail(followerId: string, email: string): Promise<boolean> {
    const [record] = await write(
      this.db,
      `MATCH (f:Follower {id: $id})
       WITH f, coalesce(f.email, '') <> $email AS changed
       SET f.email = $email, f.confirmed = f.confirmed AND NOT changed,
           f.confirmDigest = CASE WHEN changed THEN null ELSE f.confirmDigest END,
           f.confirmSentAt = CASE WHEN changed THEN null ELSE f.confirmSentAt END,
           f.confirmExpiresAt = CASE WHEN changed THEN null ELSE f.confirmExpiresAt END
       RETURN changed`,
      { id: followerId, email },
    );
    return record?.get('changed') === true;
  }

  /**
   * Stores a new confirmation unless one was issued less than `minGapMs` ago; answers whether it was,
   * and else how long until one may be. The follower is locked first, so two calls at once issue one.
   */
  async issueConfirmation(
    followerId: string,
    digest: string,
    validForMs: number,
    minGapMs: number,
  ): Promise<{ issued: boolean; retryAfterMs: number }> {
    const [record] = await write(
      this.db,
      `MATCH (f:Follower {id: $id})
       SET f.confirmLock = true
       WITH f, f.confirmSentAt IS NULL OR f.confirmSentAt <= datetime() - duration({milliseconds: $gap}) AS due
       WITH f, due, CASE WHEN due THEN 0 ELSE f.confirmSentAt.epochMillis + $gap - datetime().epochMillis END AS wait
       FOREACH (_ IN CASE WHEN due THEN [1] ELSE [] END |
         SET f.confirmDigest = $digest, f.confirmSentAt = datetime(),
             f.confirmExpiresAt = datetime() + duration({milliseconds: $valid}))
       REMOVE f.confirmLock
       RETURN due, wait`,
      { id: followerId, digest, valid: int(validForMs), gap: int(minGapMs) },
    );
    return {
      issued: record?.get('due') === true,
      retryAfterMs: Math.max(0, toNumber(record?.get('wait') ?? 0)),
    };
  }

  /** A confirmation whose mail could not be sent: forgotten, so that the next request may send one. */
  async withdrawConfirmation(followerId: string, digest: string): Promise<void> {
    await write(
      this.db,
      `MATCH (f:Follower {id: $id, confirmDigest: $digest})
       REMOVE f.confirmDigest, f.confirmSentAt, f.confirmExpiresAt`,
      { id: followerId, digest },
    );
  }

  /**
   * The address is confirmed: its pending follows count, and mail goes out. The confirmation stays
   * until it expires or the follower unsubscribes, so following the link twice answers the same.
   */
  async confirm(followerId: string): Promise<void> {
    await write(
      this.db,
      `MATCH (f:Follower {id: $id})
       SET f.confirmed = true, f.confirmedAt = datetime()
       REMOVE f.unsubscribedAt
       WITH f
       CALL (f) {
         MATCH (f)-[r:FOLLOWS {pending: true}]->()
         SET r.pending = false
       }`,
      { id: followerId },
      { retry: true },
    );
  }

  /**
   * No more mail. An e-mail follower's follows existed only for its mail, so they go; an API key keeps
   * its follows, which it reads through the API, and may give an address again.
   */
  async unsubscribe(followerId: string): Promise<void> {
    await write(
      this.db,
      `MATCH (f:Follower {id: $id})
       SET f.confirmed = false, f.unsubscribedAt = datetime()
       REMOVE f.confirmDigest, f.confirmExpiresAt
       WITH f
       CALL (f) {
         MATCH (f)-[r:FOLLOWS]->(x) WHERE f.keyId IS NULL
         DELETE r
         WITH DISTINCT x WHERE x:SavedSearch AND NOT EXISTS { ()-[:FOLLOWS]->(x) }
         DELETE x
       }`,
      { id: followerId },
      { retry: true },
    );
  }
}
