import { describe, expect, it } from 'vitest';
import { extract } from '../../ingest/extract.ts';
import { CENTRAL_FLOOR, termhood, verdict } from '../../ingest/model/concepts.ts';
import { clean } from '../../ingest/stages/01-clean.ts';
import { usesIn } from '../../ingest/stages/07-uses.ts';

/** Stage 7: a paper is linked to the concepts it writes, also where stages 2–5 did not read them. */
const mention = (abstract: string, key: string) => extract('', abstract).mentions.find((m) => m.key === key);
const used = (abstract: string, key: string) =>
  usesIn({ title: '', abstract: clean(abstract) }, { title: '', abstract }).some((p) => p.key === key);

describe('concepts a paper uses beyond the phrases it was read to have', () => {
  it.each([
    // the tagger reads "serves" as a verb and the phrase as "neural networks serves"
    ['Deep neural networks serves as a model of cortex.', 'deep neural network', 'Deep neural networks'],
    // inside a longer name, neither its prefix nor its suffix
    ['We study recurrent neural network training.', 'neural network', 'neural network'],
  ])('%j uses %j, written %j', (abstract, key, written) => {
    const m = mention(abstract, key);
    expect(m, key).toBeDefined();
    expect(abstract.slice(m?.starts[0], m?.ends[0])).toBe(written);
    // linked, with its own score, but no evidence of a topic of its own
    expect(m).toMatchObject({ concept: false, central: false });
    expect(m?.score).toBeGreaterThan(0);
  });

  it('adds the places the stages missed to a mention the paper has, each once', () => {
    const abstract = 'Neural networks are studied. We train neural networks serves and neural networks.';
    const m = mention(abstract, 'neural network');
    expect(m?.starts).toEqual([0, 38, 65]);
    expect(abstract.slice(38, m?.ends[1])).toBe('neural networks');
    expect(m?.count).toBe(3);
    expect(new Set(m?.starts).size).toBe(m?.starts.length);
  });

  it.each([
    // nothing but spaces between the words: a comma or parenthesis breaks a use
    ['We use neural, network methods.', 'neural network'],
    // no use starts or ends inside a hyphenated word
    ['A two-dimensional polymer melts.', 'dimensional polymer'],
    // a bare acronym is the graph's to resolve, not a dictionary's
    ['The MCMC sampler mixes.', 'mcmc'],
    // masked text breaks a run, and a word masked whole leaves no fragment before it
    ['the focusing nonlinear Schr\\"odinger equation', 'nonlinear equation'],
    ['the focusing nonlinear Schr\\"odinger equation', 'focusing nonlinear'],
  ])('%j has no use %j', (abstract, key) => {
    expect(used(abstract, key)).toBe(false);
  });
});

describe('which phrases a paper can make topics', () => {
  it.each([
    // known, below the length's threshold, above the floor for confident papers: a topic where papers are about it
    ['earthquake', 'central'],
    ['cryptosystem', 'central'],
    // known to be rarely a concept: no paper's confidence makes it one ("breakdown", "hospital")
    ['breakdown', 'phrase'],
    ['hospital', 'phrase'],
  ])('%j, titled and scored high, is %j', (key, expected) => {
    expect(termhood(key)).toBeDefined();
    expect(verdict(key, 0.9, { defined: false, titled: true })).toBe(expected);
  });

  it('puts the floor between the two', () => {
    expect((termhood('hospital') as number) * 100).toBeLessThan(CENTRAL_FLOOR);
    expect((termhood('earthquake') as number) * 100).toBeGreaterThanOrEqual(CENTRAL_FLOOR);
  });
});
