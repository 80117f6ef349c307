import { FULL_PAPER, paperProjection, Statement, toPlannedPaper } from './compile-plan.ts';
import type { Database } from './driver.ts';
import { readRows, write } from './executor.ts';
import { type PaperRow, strings } from './rows.ts';
import { int } from './values.ts';

/**
 * What the e-mail digest reads and records: who gets one, the papers new to each, and
 * `(:Digest {id, sentAt, since, messageId})-[:TO]->(:Follower)`, `(:Digest)-[:LISTED {section}]->(:Paper)`
 * for every paper a message listed, so that no paper is sent to anyone twice.
 */

export interface Recipient {
  id: string;
  email: string;
  manageSecret: string;
  /** Names of what it follows (confirmed follows only), for the message's footer. */
  topics: string[];
  authors: string[];
  searches: string[];
}

export type ReasonKind = 'topic' | 'author' | 'search';

export interface NewPaperRow {
  paper: PaperRow;
  /** Why it is listed: each followed topic, author or saved search it matched. */
  reasons: { kind: ReasonKind; name: string }[];
}

export type DigestSection = 'followed' | 'trending';

export interface DigestRecord {
  id: string;
  messageId: string;
  /** Epoch milliseconds: the start of the period the digest covers. */
  since: number;
  papers: { id: string; section: DigestSection }[];
}

export class DigestRepo {
  constructor(private readonly db: Database) {}

  /** Followers whose address is confirmed, in a stable order. */
  recipients(): Promise<Recipient[]> {
    return readRows(
      this.db,
      `MATCH (f:Follower) WHERE f.confirmed = true AND f.email IS NOT NULL
       RETURN f.id AS id, f.email AS email, f.manageSecret AS secret,
         COLLECT { MATCH (f)-[:FOLLOWS {pending: false}]->(t:Topic) RETURN t.name ORDER BY t.name } AS topics,
         COLLECT { MATCH (f)-[:FOLLOWS {pending: false}]->(a:Author) RETURN a.name ORDER BY a.name } AS authors,
         COLLECT { MATCH (f)-[:FOLLOWS {pending: false}]->(s:SavedSearch) RETURN s.query ORDER BY s.query } AS searches
       ORDER BY f.id`,
      {},
      (r) => ({
        id: String(r.get('id')),
        email: String(r.get('email')),
        manageSecret: String(r.get('secret')),
        topics: strings(r.get('topics')),
        authors: strings(r.get('authors')),
        searches: strings(r.get('searches')),
      }),
    );
  }

  /**
   * Papers added since `since` (epoch ms) on what the follower follows and that no digest sent it yet,
   * the newest first: mentions of its topics, papers of its authors, matches of its saved searches
   * (the `paper_text` full-text index, every word required).
   */
  newPapers(followerId: string, since: number, limit: number): Promise<NewPaperRow[]> {
    const s = new Statement();
    return readRows(
      this.db,
      `MATCH (f:Follower {id: $id})
       WITH f, datetime({epochMillis: $since}) AS since
       CALL (f, since) {
         MATCH (f)-[:FOLLOWS {pending: false}]->(t:Topic)<-[:MENTIONS]-(p:Paper) WHERE p.addedAt >= since
         RETURN p, 'topic' AS kind, t.name AS name
         UNION
         MATCH (f)-[:FOLLOWS {pending: false}]->(a:Author)-[:AUTHORED]->(p:Paper) WHERE p.addedAt >= since
         RETURN p, 'author' AS kind, a.name AS name
         UNION
         MATCH (f)-[:FOLLOWS {pending: false}]->(q:SavedSearch)
         CALL db.index.fulltext.queryNodes('paper_text', q.lucene) YIELD node
         WITH node AS p, q WHERE p.addedAt >= since
         RETURN p, 'search' AS kind, q.query AS name
       }
       WITH f, p, kind, name WHERE NOT EXISTS { (f)<-[:TO]-(:Digest)-[:LISTED]->(p) }
       WITH p, collect([kind, name]) AS reasons
       ORDER BY p.addedAt DESC, p.id
       LIMIT $limit
       RETURN ${paperProjection('p', FULL_PAPER, s)} AS paper, reasons`,
      { ...s.params, id: followerId, since: int(since), limit: int(limit) },
      (r) => ({
        paper: toPlannedPaper(r.get('paper'), FULL_PAPER),
        reasons: (r.get('reasons') as [ReasonKind, string][]).map(([kind, name]) => ({ kind, name })),
      }),
    );
  }

  /** Which of these papers no digest has sent the follower, in the order given. */
  async unsent(followerId: string, paperIds: string[]): Promise<string[]> {
    const sent = new Set(
      await readRows(
        this.db,
        `MATCH (f:Follower {id: $id})<-[:TO]-(:Digest)-[:LISTED]->(p:Paper) WHERE p.id IN $ids
         RETURN DISTINCT p.id AS id`,
        { id: followerId, ids: paperIds },
        (r) => String(r.get('id')),
      ),
    );
    return paperIds.filter((id) => !sent.has(id));
  }

  async record(followerId: string, digest: DigestRecord): Promise<void> {
    await write(
      this.db,
      `MATCH (f:Follower {id: $follower})
       CREATE (d:Digest {id: $id, messageId: $messageId, sentAt: datetime(), since: datetime({epochMillis: $since})})-[:TO]->(f)
       WITH d
       CALL (d) {
         UNWIND $papers AS entry
         MATCH (p:Paper {id: entry.id})
         CREATE (d)-[:LISTED {section: entry.section}]->(p)
       }`,
      { follower: followerId, ...digest, since: int(digest.since) },
      { retry: true },
    );
  }
}
