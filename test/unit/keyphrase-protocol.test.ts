import { describe, expect, it } from 'vitest';
import { average, dedupeStemmed, scoreDocument, stemPhrase } from '../../ingest/model/protocol.ts';

describe('the key-phrase protocol', () => {
  it('lowercases and Porter-stems every word', () => {
    expect(stemPhrase('Neural  Networks')).toBe('neural network');
    expect(stemPhrase('linear Diophantine equations')).toBe('linear diophantin equat');
    expect(stemPhrase('  ')).toBe('');
  });

  it('drops predictions that repeat after stemming, keeping the first', () => {
    expect(dedupeStemmed(['neural networks', 'Neural network', 'training', 'trains'])).toEqual([
      'neural network',
      'train',
    ]);
  });

  it('divides precision by k even when fewer are predicted, and counts every gold phrase in recall', () => {
    const scores = scoreDocument(
      ['neural networks', 'neural network', 'gradient descent', 'banana'],
      ['neural network', 'gradient descent', 'absent phrase', 'Gradient Descent'],
      [1, 5],
    );
    // gold after stemming: {neural network, gradient descent, absent phrase}
    expect(scores.get(1)).toEqual({ p: 1, r: 1 / 3, f1: 0.5 });
    const at5 = scores.get(5);
    expect(at5?.p).toBeCloseTo(2 / 5, 10);
    expect(at5?.r).toBeCloseTo(2 / 3, 10);
    expect(at5?.f1).toBeCloseTo((2 * 0.4 * (2 / 3)) / (0.4 + 2 / 3), 10);
  });

  it('scores nothing right as zero and averages per document', () => {
    const a = scoreDocument(['x'], ['y'], [5]);
    expect(a.get(5)).toEqual({ p: 0, r: 0, f1: 0 });
    const b = scoreDocument(['y'], ['y'], [5]);
    const mean = average([a, b], [5]).get(5);
    expect(mean?.p).toBeCloseTo(0.1, 10);
    expect(mean?.r).toBeCloseTo(0.5, 10);
  });
});
