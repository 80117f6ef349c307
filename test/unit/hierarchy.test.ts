import { describe, expect, it } from 'vitest';
import { broaderCandidates, canBeBroader } from '../../ingest/hierarchy.ts';

describe('which topics may be broader', () => {
  it.each([
    // a real qualifier over a concept
    ['leaky integrate-and-fire neuron', ['integrate-and-fire neuron']],
    ['zero shot hyperparameter transfer', ['shot hyperparameter transfer', 'hyperparameter transfer']],
    // a filler qualifies nothing: no broader at or past it
    ['generic wave', []],
    ['large language model', []],
    ['novel graph neural network', []],
    // generic one-word broaders are left out, specific ones stay
    ['set theory', []],
    ['black hole', []],
    ['renormalization group', []],
    ['suspended graphene', ['graphene']],
    ['modified kdv equation', []],
    ['weak hopf algebra', []],
    ['nilpotent dimensional lie algebra', []],
    ['generalized kac-moody algebra', []],
    // verbs and adverbs from titles, words of a cut compound, and judged fillers
    ['training support vector machine', []],
    ['approximately counting retraction', []],
    ['dimensional black hole', []],
    ['modern hpc', []],
    ['full navier-stokes equation', []],
    ['graph neural network', ['neural network']],
    // judged fillers: praise, one paper's treatment, cut tails, title verbs
    ['popular search engine', []],
    ['simulated faraday rotation', []],
    ['ranged coulomb interaction', []],
    ['fidelity single-pixel imaging', []],
    ['is microsoft academic search', []],
    ['an r package', []],
    ['enabled reinforcement learning', []],
    ['tolerant quantum computation', []],
    // a word that makes no kind of a concept may still begin one that is broader
    ['parallel simulated annealing', ['simulated annealing']],
    ['distributed shared memory', ['shared memory']],
    ['x-ray computed tomography', ['computed tomography']],
    ['self-admitted technical debt', ['technical debt']],
    // a qualifier that also ends compounds still qualifies on its own
    ['free loop space', ['loop space']],
    ['oriented quantum algebra', ['quantum algebra']],
    ['braided hopf algebra', ['hopf algebra']],
  ])('%s → %j', (key, broader) => {
    expect(broaderCandidates(key)).toEqual(broader);
  });

  it('lets multiword topics and specific words be broader, not generic words', () => {
    expect(canBeBroader('neural network')).toBe(true);
    expect(canBeBroader('graphene')).toBe(true);
    for (const generic of ['theory', 'group', 'hole', 'plane', 'wave', 'canonical'])
      expect(canBeBroader(generic)).toBe(false);
  });
});
