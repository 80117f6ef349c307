import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('config', () => {
  it('defaults to the local Neo4j and port 4000', () => {
    const c = loadConfig({});
    expect(c.neo4j.uri).toBeUndefined();
    expect(c.port).toBe(4000);
    expect(c.local.boltPort).toBe(7687);
    expect(c.neo4j.database).toBe('neo4j');
  });

  it('takes an Aura URI as it is', () => {
    expect(loadConfig({ NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io' }).neo4j.uri).toBe(
      'neo4j+s://abc.databases.neo4j.io',
    );
  });

  it.each([
    [{ NEO4J_URI: 'http://localhost:7474' }, 'NEO4J_URI="http://localhost:7474" is not a Neo4j URI'],
    [{ PORT: 'eighty' }, 'PORT="eighty" is not an integer between 0 and 65535'],
    [{ NEO4J_LOCAL_PORT: '70000' }, 'NEO4J_LOCAL_PORT="70000" is not an integer'],
  ])('rejects %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
