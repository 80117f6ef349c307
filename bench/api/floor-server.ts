import { createServer } from 'node:http';
import neo4j from 'neo4j-driver';
import { toPlain } from '../../src/db/query.ts';

/**
 * The floor: POST {cypher, params} runs that one statement through the driver (a read transaction, like
 * the API's) and answers the rows as JSON. No GraphQL, no resolvers: what a query costs at the least.
 */
const driver = neo4j.driver(
  process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
  neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''),
);
const port = Number(process.env.PORT ?? 4202);

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const { cypher, params } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const { records } = await driver.executeQuery(cypher, params, { routing: neo4j.routing.READ });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: records.map((r) => toPlain(r.toObject())) }));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
  }
}).listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
