import { luceneQuery, searchTerms } from '../../src/db/lucene.ts';

/** What each query of the mix is about: sampled from the loaded graph, the same for every target. */
export interface Sample {
  topicKey: string;
  paperId: string;
  search: string;
}

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface FloorRequest {
  cypher: string;
  params: Record<string, unknown>;
}

export interface MixQuery {
  name: string;
  ours: (s: Sample) => GraphQLRequest;
  library: (s: Sample) => GraphQLRequest;
  floor: (s: Sample) => FloorRequest;
}

const lucene = (s: Sample) => luceneQuery(searchTerms(s.search));

/**
 * The fixed mix: a topic's papers, a paper's topics and related papers, search, a two-level nested
 * traversal, a neighbourhood. Each is asked of this server, of the Neo4j GraphQL Library, and as one
 * hand-written Cypher statement through the driver (the floor).
 */
export const MIX: MixQuery[] = [
  {
    name: "topic's papers",
    ours: (s) => ({
      query: `query($name: String!) { topic(name: $name) { name
        papers(first: 10) { edges { score node { paperId title published } } } } }`,
      variables: { name: s.topicKey },
    }),
    library: (s) => ({
      query: `query($key: String!) { topics(where: {key: {eq: $key}}) { name
        papersConnection(first: 10, sort: [{edge: {score: DESC}}]) { edges { properties { score } node { id title published } } } } }`,
      variables: { key: s.topicKey },
    }),
    floor: (s) => ({
      cypher: `MATCH (t:Topic {key: $key})
        CALL (t) {
          MATCH (t)<-[m:MENTIONS]-(p:Paper)
          WITH m, p ORDER BY m.score DESC LIMIT 10
          RETURN collect({score: m.score, id: p.id, title: p.title, published: toString(p.published)}) AS papers
        }
        RETURN t.name AS name, papers`,
      params: { key: s.topicKey },
    }),
  },
  {
    name: "paper's topics and related",
    ours: (s) => ({
      query: `query($id: ID!) { paper(id: $id) { title
        topics(first: 10) { edges { score node { name } } }
        related(first: 5) { edges { score node { title } } } } }`,
      variables: { id: s.paperId },
    }),
    library: (s) => ({
      query: `query($id: String!) { papers(where: {id: {eq: $id}}) { title
        topicsConnection(first: 10, sort: [{edge: {score: DESC}}]) { edges { properties { score } node { name } } }
        similarConnection(first: 5, sort: [{edge: {score: DESC}}]) { edges { properties { score } node { title } } } } }`,
      variables: { id: s.paperId },
    }),
    floor: (s) => ({
      cypher: `MATCH (p:Paper {id: $id})
        CALL (p) {
          MATCH (p)-[m:MENTIONS]->(t:Topic) WITH m, t ORDER BY m.score DESC LIMIT 10
          RETURN collect({score: m.score, name: t.name}) AS topics
        }
        CALL (p) {
          MATCH (p)-[s:SIMILAR_TO]-(q:Paper) WITH q, max(s.score) AS score ORDER BY score DESC LIMIT 5
          RETURN collect({score: score, title: q.title}) AS related
        }
        RETURN p.title AS title, topics, related`,
      params: { id: s.paperId },
    }),
  },
  {
    name: 'search',
    ours: (s) => ({
      query: `query($q: String!) { search(query: $q, kinds: [PAPER], first: 10) {
        edges { score node { ... on Paper { paperId title } } } } }`,
      variables: { q: s.search },
    }),
    library: (s) => ({
      query: `query($q: String!) { searchPapers(phrase: $q, first: 10) { edges { score node { id title } } } }`,
      variables: { q: lucene(s) },
    }),
    floor: (s) => ({
      cypher: `CALL db.index.fulltext.queryNodes('paper_text', $q) YIELD node, score
        RETURN score, node.id AS id, node.title AS title ORDER BY score DESC LIMIT 10`,
      params: { q: lucene(s) },
    }),
  },
  {
    name: 'two-level nested',
    ours: (s) => ({
      query: `query($name: String!) { topic(name: $name) { name
        papers(first: 10) { edges { node { title topics(first: 5) { edges { node { name } } } } } } } }`,
      variables: { name: s.topicKey },
    }),
    library: (s) => ({
      query: `query($key: String!) { topics(where: {key: {eq: $key}}) { name
        papersConnection(first: 10, sort: [{edge: {score: DESC}}]) { edges { node { title
          topicsConnection(first: 5, sort: [{edge: {score: DESC}}]) { edges { node { name } } } } } } } }`,
      variables: { key: s.topicKey },
    }),
    floor: (s) => ({
      cypher: `MATCH (t:Topic {key: $key})
        CALL (t) {
          MATCH (t)<-[m:MENTIONS]-(p:Paper) WITH m, p ORDER BY m.score DESC LIMIT 10
          CALL (p) {
            MATCH (p)-[m2:MENTIONS]->(o:Topic) WITH m2, o ORDER BY m2.score DESC LIMIT 5
            RETURN collect(o.name) AS topics
          }
          RETURN collect({title: p.title, topics: topics}) AS papers
        }
        RETURN t.name AS name, papers`,
      params: { key: s.topicKey },
    }),
  },
  {
    name: 'neighbourhood',
    ours: (s) => ({
      query: `query($name: String!) { neighborhood(topic: $name, depth: 1, limit: 30) {
        nodes { id depth topic { name paperCount } } edges { source target weight } } }`,
      variables: { name: s.topicKey },
    }),
    // The library has no neighbourhood: the nearest it serves is the centre's strongest co-occurrences
    // (a star, without the edges among the neighbours), which is less work than the others do.
    library: (s) => ({
      query: `query($key: String!) { topics(where: {key: {eq: $key}}) { key name paperCount
        coOccursConnection(first: 30, sort: [{edge: {papers: DESC}}]) { edges { properties { papers pmi } node { key name paperCount } } } } }`,
      variables: { key: s.topicKey },
    }),
    floor: (s) => ({
      cypher: `MATCH (c:Topic {key: $key})
        CALL (c) {
          MATCH (c)-[r:CO_OCCURS]-(n:Topic)
          WITH n, r.papers * CASE WHEN r.pmi > 0 THEN r.pmi ELSE 0.0 END AS w ORDER BY w DESC, n.key LIMIT 29
          RETURN collect(n) AS ns
        }
        WITH [c] + ns AS nodes
        CALL (nodes) {
          UNWIND nodes AS a
          MATCH (a)-[r:CO_OCCURS]->(b:Topic) WHERE b IN nodes
          RETURN collect({source: a.key, target: b.key, weight: r.papers * CASE WHEN r.pmi > 0 THEN r.pmi ELSE 0.0 END}) AS edges
        }
        RETURN [n IN nodes | {key: n.key, name: n.name, paperCount: n.paperCount}] AS nodes, edges`,
      params: { key: s.topicKey },
    }),
  },
];
