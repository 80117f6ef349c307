import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../src/graphql/printed-schema.ts';

describe('schema/schema.graphql', () => {
  it('matches the schema Pothos builds (run `npm run schema:print` after changing a type)', async () => {
    expect(await readFile('schema/schema.graphql', 'utf8')).toBe(printedSchema());
  });
});
