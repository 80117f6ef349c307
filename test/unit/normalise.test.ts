import { describe, expect, it } from 'vitest';
import { extract } from '../../ingest/extract.ts';
import { clean } from '../../ingest/stages/01-clean.ts';
import { candidates } from '../../ingest/stages/02-candidates.ts';
import { normalise } from '../../ingest/stages/03-normalise.ts';
import { acronyms, longFormLength, looksLikeAcronym } from '../../ingest/stages/04-acronyms.ts';
import { canonicalKey, SINGULAR_CACHE_SIZE, singular, singularCache } from '../../src/domain/keys.ts';
import { americanSpelling } from '../../src/domain/spelling.ts';

const key = (phrase: string) => canonicalKey(phrase.split(' '), false);

describe('normalisation rules', () => {
  // one row per rule: each pair must meet in one key
  it.each([
    ['case', 'Neural Network', 'neural network'],
    ['Unicode NFKC', 'ｎｅｕｒａｌ network', 'neural network'],
    ['hyphen as space', 'fine-tuning', 'fine tuning'],
    ['space as hyphen', 'fine tuning', 'fine-tuning'],
    ['closed compound', 'finetuning', 'fine-tuning'],
    ['prefix hyphen', 'over-parameterization', 'overparameterization'],
    ['prefix spaced', 'pre training', 'pre-training'],
    ['prefix closed', 'pretraining', 'pre-training'],
    ['non- prefix', 'non-linear', 'nonlinear'],
    ['plural head', 'neural networks', 'neural network'],
    ['irregular plural', 'covariance matrices', 'covariance matrix'],
    ['plural of a capitalised name', 'Deep Neural Networks', 'deep neural network'],
    ['acronym plural', 'LLMs', 'LLM'],
    ['parametrization', 'Maximal Update Parametrization', 'maximal update parameterization'],
    ['British -isation', 'optimisation', 'optimization'],
    ['British -ised', 'normalised gradient', 'normalized gradient'],
    ['British -our', 'colour constancy', 'color constancy'],
    ['British -re', 'centre manifold', 'center manifold'],
    ['British -ll-', 'language modelling', 'language modeling'],
    ['British -ogue', 'analogue circuit', 'analog circuit'],
    ['data set', 'data sets', 'dataset'],
  ])('%s: %j and %j share a key', (_rule, a, b) => {
    expect(key(a)).toBe(key(b));
  });

  it.each([
    ['physics'],
    ['time series'],
    ['training data'],
    ['noise'],
    ['supervised learning'],
    ['de Sitter space'],
    ['analysis'],
    ['gas'],
  ])('leaves %j alone', (phrase) => {
    expect(key(phrase)).toBe(phrase.toLowerCase());
  });

  it('keeps words whose -ise is not a British -ize', () => {
    for (const w of ['noise', 'promise', 'exercise', 'supervise', 'precise', 'expertise']) {
      expect(americanSpelling(w)).toBe(w);
    }
  });
});

describe('stage 4: acronyms', () => {
  it.each([
    ['SSL', ['self-supervised', 'learning'], 2],
    ['muP', ['recently', 'discovered', 'Maximal', 'Update', 'Parametrization'], 3],
    ['muP', ['mu-Parameterization'], 1],
    ['HP', ['Hyperparameter'], 1],
    ['RL', ['reinforcement', 'learning'], 2],
    ['CNN', ['graph', 'kernels'], 0],
  ])('%s finds %d trailing words of %j', (short, words, n) => {
    expect(longFormLength(short, words as string[])).toBe(n);
  });

  it.each([
    ['SSL', true],
    ['muP', true],
    ['GPT-4', true],
    ['NeRFs', true],
    ['Adam', false],
    ['the', false],
    ['x', false],
  ])('%s looks like an acronym: %s', (s, yes) => {
    expect(looksLikeAcronym(s)).toBe(yes);
  });

  it('maps every use of a defined acronym to the long form and keeps the definition', () => {
    const text = 'We study self-supervised learning (SSL) for speech. SSL models are large, and we use SSL.';
    const phrases = normalise(text, candidates('abstract', clean(text)));
    const { phrases: out, definitions } = acronyms({ title: '', abstract: text }, phrases);
    expect(definitions).toEqual([
      expect.objectContaining({
        short: 'SSL',
        shortKey: 'ssl',
        longKey: 'self supervised learning',
        initials: true,
      }),
    ]);
    const keys = out.map((p) => p.key);
    expect(keys.filter((k) => k === 'self supervised learning').length).toBe(3);
    expect(keys).toContain('self supervised learning model');
    expect(keys).not.toContain('ssl');
  });

  it('names the topic by the long form, not the acronym', () => {
    const { mentions } = extract(
      'SSL for speech',
      'Self-supervised learning (SSL) works. SSL is popular. SSL!',
    );
    const ssl = mentions.find((m) => m.key === 'self supervised learning');
    expect(ssl?.name).toBe('Self-supervised learning');
    expect(ssl?.count).toBe(5);
  });
});

describe('words that are also JavaScript property names', () => {
  it('treats "constructor" and "toString" as plain words', () => {
    const keys = extract(
      'The constructor of toString',
      'We study the constructor and valueOf in constructor theory.',
    ).mentions.map((m) => m.key);
    expect(keys).toContain('constructor theory');
    expect(keys).toContain('constructor');
  });
});

describe('the cache of singulars', () => {
  const known = [
    ['networks', 'network'],
    ['matrices', 'matrix'],
    ['analysis', 'analysis'],
    ['physics', 'physics'],
    ['data', 'data'],
  ];

  it('stays bounded however many distinct words it is asked, and answers the same', () => {
    for (const [plural, one] of known) expect(singular(plural as string)).toBe(one);
    for (let i = 0; i < 3 * SINGULAR_CACHE_SIZE; i++) singular(`zq${i.toString(36)}`);
    expect(singularCache.size).toBeLessThanOrEqual(SINGULAR_CACHE_SIZE);
    expect(singular('zq0widgets')).toBe('zq0widget');
    for (const [plural, one] of known) expect(singular(plural as string)).toBe(one);
    expect(singularCache.size).toBeLessThanOrEqual(SINGULAR_CACHE_SIZE);
  });
});
