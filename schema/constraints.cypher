// Constraints and indexes, applied on every start and before every ingest; each is idempotent.
CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (p:Paper) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT topic_key IF NOT EXISTS FOR (t:Topic) REQUIRE t.key IS UNIQUE;
// Every phrase a paper uses is a Phrase; those the evidence makes research concepts are also Topics.
CREATE CONSTRAINT phrase_key IF NOT EXISTS FOR (t:Phrase) REQUIRE t.key IS UNIQUE;
CREATE CONSTRAINT author_key IF NOT EXISTS FOR (a:Author) REQUIRE a.key IS UNIQUE;
CREATE CONSTRAINT category_code IF NOT EXISTS FOR (c:Category) REQUIRE c.code IS UNIQUE;
CREATE CONSTRAINT alias_key IF NOT EXISTS FOR (a:Alias) REQUIRE a.key IS UNIQUE;
CREATE CONSTRAINT ingest_run_id IF NOT EXISTS FOR (r:IngestRun) REQUIRE r.id IS UNIQUE;
CREATE INDEX paper_order IF NOT EXISTS FOR (p:Paper) ON (p.addedAt, p.position);
CREATE INDEX paper_published IF NOT EXISTS FOR (p:Paper) ON (p.published);
// live subscriptions poll for papers written since their last look, from any process
CREATE INDEX paper_written IF NOT EXISTS FOR (p:Paper) ON (p.writtenAt);
CREATE INDEX paper_doi IF NOT EXISTS FOR (p:Paper) ON (p.doi);
CREATE INDEX topic_paper_count IF NOT EXISTS FOR (t:Topic) ON (t.paperCount);
CREATE TEXT INDEX topic_key_text IF NOT EXISTS FOR (t:Topic) ON (t.key);
CREATE INDEX topic_created_run IF NOT EXISTS FOR (t:Topic) ON (t.createdRun);
CREATE FULLTEXT INDEX paper_text IF NOT EXISTS FOR (p:Paper) ON EACH [p.title, p.abstract];
CREATE FULLTEXT INDEX topic_text IF NOT EXISTS FOR (t:Topic) ON EACH [t.name, t.key, t.aliases];
CREATE INDEX topic_pagerank IF NOT EXISTS FOR (t:Topic) ON (t.pagerank);
CREATE INDEX topic_growth IF NOT EXISTS FOR (t:Topic) ON (t.growth);
CREATE INDEX topic_community IF NOT EXISTS FOR (t:Topic) ON (t.community);
CREATE INDEX paper_year IF NOT EXISTS FOR (p:Paper) ON (p.year);
CREATE CONSTRAINT community_id IF NOT EXISTS FOR (c:Community) REQUIRE c.id IS UNIQUE;
CREATE INDEX topic_name_key IF NOT EXISTS FOR (t:Topic) ON (t.nameKey);
// Followers (an API key or an e-mail address), what they follow, and the digests sent to them.
CREATE CONSTRAINT follower_id IF NOT EXISTS FOR (f:Follower) REQUIRE f.id IS UNIQUE;
CREATE CONSTRAINT follower_key_id IF NOT EXISTS FOR (f:Follower) REQUIRE f.keyId IS UNIQUE;
CREATE CONSTRAINT follower_email_key IF NOT EXISTS FOR (f:Follower) REQUIRE f.emailKey IS UNIQUE;
CREATE INDEX follower_confirmed IF NOT EXISTS FOR (f:Follower) ON (f.confirmed);
CREATE CONSTRAINT saved_search_query IF NOT EXISTS FOR (s:SavedSearch) REQUIRE s.query IS UNIQUE;
CREATE CONSTRAINT digest_id IF NOT EXISTS FOR (d:Digest) REQUIRE d.id IS UNIQUE;
// Graphs written before phrases and topics were told apart: every topic is a phrase too.
MATCH (t:Topic) WHERE NOT t:Phrase SET t:Phrase;
