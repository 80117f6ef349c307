import { describe, expect, it } from 'vitest';
import { toPaperRecord } from '../../src/domain/validate.ts';

const where = { source: 'test', line: 1, position: 0 };

describe('paper records', () => {
  it('keeps http(s) links and refuses any other scheme, naming the field', () => {
    expect(toPaperRecord({ title: 'A', url: 'https://arxiv.org/abs/2106.09685' }, where).url).toBe(
      'https://arxiv.org/abs/2106.09685',
    );
    expect(toPaperRecord({ title: 'A', url: '' }, where).url).toBeNull();
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://x.org/a', 'arxiv.org/abs/1']) {
      expect(() => toPaperRecord({ title: 'A', url }, where)).toThrow(/"url" is .* not an http\(s\) address/);
    }
  });
});
