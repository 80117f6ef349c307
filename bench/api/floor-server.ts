import { createServer } from 'node:http';
import neo4j from 'neo4j-driver';
import { READ_TIMEOUT_MS } from '../../src/db/executor.ts';
import { toPlain } from '../../src/db/values.ts';

/**
 * The floor: POST {cypher, params, ints?} runs that one statement through the driver, in a read
 * transaction with the options the API's reads use, and answers the rows as JSON. No GraphQL, no
 * resolvers: what a query costs at the least. `ints` names the parameters to send as integers.
 */
const driver = neo4j.driver(
  process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
  neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''),
);
const database = process.env.NEO4J_DATABASE ?? 'neo4j';
const port = Number(process.env.PORT ?? 4202);

createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const { cypher, params, ints } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    for (const key of ints ?? []) params[key] = neo4j.int(params[key]);
    const { records } = await driver.executeQuery(cypher, params, {
      database,
      routing: neo4j.routing.READ,
      bookmarkManager: null,
      transactionConfig: { timeout: READ_TIMEOUT_MS },
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: records.map((r) => toPlain(r.toObject())) }));
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
  }
}).listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
