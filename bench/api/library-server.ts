import { createServer } from 'node:http';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import neo4j from 'neo4j-driver';

/**
 * The same graph served by the Neo4j GraphQL Library (@neo4j/graphql): type definitions over the
 * project's labels and relationships, queries translated to Cypher by the library.
 */
export const typeDefs = /* GraphQL */ `
  type Paper @node @fulltext(indexes: [{ indexName: "paper_text", queryName: "searchPapers", fields: ["title", "abstract"] }]) {
    id: String!
    title: String!
    abstract: String
    published: Date
    topics: [Topic!]! @relationship(type: "MENTIONS", direction: OUT, properties: "Mentions")
    similar: [Paper!]! @relationship(type: "SIMILAR_TO", direction: OUT, properties: "Similarity")
  }
  type Topic @node {
    key: String!
    name: String!
    paperCount: Int!
    papers: [Paper!]! @relationship(type: "MENTIONS", direction: IN, properties: "Mentions")
    coOccurs: [Topic!]! @relationship(type: "CO_OCCURS", direction: OUT, properties: "CoOccurrence")
  }
  type Mentions @relationshipProperties {
    score: Float!
    count: Int!
  }
  type Similarity @relationshipProperties {
    score: Float!
  }
  type CoOccurrence @relationshipProperties {
    papers: Int!
    pmi: Float!
  }
`;

export async function librarySchema(driver: neo4j.Driver) {
  return new Neo4jGraphQL({ typeDefs, driver }).getSchema();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const driver = neo4j.driver(
    process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
    neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''),
  );
  const yoga = createYoga({ schema: await librarySchema(driver), logging: false, graphiql: false });
  const port = Number(process.env.PORT ?? 4201);
  createServer(yoga).listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
}
