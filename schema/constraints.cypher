// Constraints and indexes, applied on every start and before every ingest; each is idempotent.
CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT topic_key IF NOT EXISTS FOR (t:Topic) REQUIRE t.key IS UNIQUE;
CREATE INDEX paper_order IF NOT EXISTS FOR (p:Paper) ON (p.addedAt, p.position);
CREATE INDEX topic_paper_count IF NOT EXISTS FOR (t:Topic) ON (t.paperCount);
