import { describe, expect, it } from 'vitest';
import extractChunk, { extractOne } from '../../ingest/worker.ts';

describe('extraction worker', () => {
  it('turns a failure into that paper’s problem and goes on with the chunk', () => {
    const broken = { title: null as unknown as string, abstract: 'x' };
    expect(extractOne(broken)).toEqual({ error: expect.stringMatching(/^extraction failed: /) });
    const results = extractChunk([broken, { title: 'Graph kernels', abstract: 'We compare graph kernels.' }]);
    expect(results).toHaveLength(2);
    expect('error' in (results[0] as object)).toBe(true);
    expect((results[1] as { mentions: { key: string }[] }).mentions.map((m) => m.key)).toContain(
      'graph kernel',
    );
  });
});
