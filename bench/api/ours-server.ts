import { createApp } from '../../src/app.ts';
import { connect } from '../../src/db/driver.ts';
import { listen } from '../../src/server.ts';

/** This project's server, as `npm start` runs it, on the bench's database. */
const db = await connect(
  {
    uri: process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
    user: process.env.NEO4J_USER ?? 'neo4j',
    password: process.env.NEO4J_PASSWORD ?? '',
    database: process.env.NEO4J_DATABASE ?? 'neo4j',
  },
  { retryMs: 2000 },
);
const port = Number(process.env.PORT ?? 4200);
await listen(createApp(db, { logging: false }), port, '127.0.0.1');
console.log(`listening on ${port}`);
