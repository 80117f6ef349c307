import { describe, expect, it } from 'vitest';
import { knownOf, UNKNOWN } from '../../ingest/model/features.ts';
import {
  KNOWN_FLOOR,
  keyphraseness,
  knownWithout,
  type TrainingDocument,
} from '../../ingest/model/known-phrases.ts';
import { model } from '../../ingest/model/ranker.ts';

const doc = (stems: string[], labels: number[]): TrainingDocument => ({
  split: 0,
  groups: [],
  paper: { titleLength: 0, abstractLength: 0, defined: new Set() },
  stems,
  labels,
});

describe('key-phraseness', () => {
  const docs = [
    doc(['neural network', 'result', 'genet algorithm'], [1, 0, 1]),
    doc(['neural network', 'result'], [1, 0]),
    doc(['neural network', 'result', 'result'], [0, 0, 0]),
    doc(['genet algorithm', 'paper'], [0, 0]),
  ];
  const table = keyphraseness(docs);

  it('counts each document once: candidate in, gold in', () => {
    expect(table.docs).toBe(4);
    expect(table.counts['neural network']).toEqual([3, 2]);
    expect(table.counts['genet algorithm']).toEqual([2, 1]);
    expect(table.counts.result).toEqual([3, 0]);
  });

  it(`keeps a phrase never gold only when a candidate in ${KNOWN_FLOOR} documents or more`, () => {
    expect(Object.hasOwn(table.counts, 'paper')).toBe(false);
    expect(knownOf(table, 'paper')).toBe(UNKNOWN);
  });

  it('shows a training document the table without itself', () => {
    // "result" without this document: a candidate in 2, never gold, so not kept
    expect(knownWithout(table, docs[0] as TrainingDocument)).toEqual([[2, 1], UNKNOWN, UNKNOWN]);
    expect(knownWithout(table, docs[3] as TrainingDocument)).toEqual([[1, 1], UNKNOWN]);
  });

  it('ships in the model file, from the training splits', () => {
    const m = model();
    expect(m.known.docs).toBe(1350);
    expect(knownOf(m.known, 'neural network')[1]).toBeGreaterThan(5);
  });
});
