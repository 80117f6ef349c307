import { describe, expect, it } from 'vitest';
import { analyse, extract } from '../../ingest/extract.ts';
import { clean } from '../../ingest/stages/01-clean.ts';
import { candidates } from '../../ingest/stages/02-candidates.ts';
import { canonicalKey } from '../../src/domain/keys.ts';

const phrases = (text: string) =>
  candidates('abstract', clean(text), text).map((c) => text.slice(c.start, c.end));
const keys = (title: string, abstract: string) => new Set(analyse(title, abstract).phrases.map((p) => p.key));

describe('where a concept starts and ends', () => {
  it.each([
    // number-hyphen compounds stay whole
    ['a two-dimensional polymer is formed', 'two-dimensional polymer', 'dimensional polymer'],
    ['a three-term recurrence is derived', 'three-term recurrence', 'term recurrence'],
    // no phrase starts inside a hyphenated word whose first part is markup
    ['the $\\alpha$-stable laws converge', null, 'stable laws'],
    // nor inside a word the masking cut
    ['the B\\"{a}cklund transformation of', null, 'cklund transformation'],
    // leading evaluative adjectives never enter a concept
    ['the obtained answer is', 'answer', 'obtained answer'],
    ['for arbitrary dimension we', 'dimension', 'arbitrary dimension'],
    ['the latter approach is faster', 'approach', 'latter approach'],
    ['larger mixing angles are', 'mixing angles', 'larger mixing angles'],
    // a trailing participle before a determiner or pronoun is a verb
    ['the Lagrangian describing the system', 'Lagrangian', 'Lagrangian describing'],
    // sentence-initial function words
    ['If the energy is low', 'energy', 'If'],
    ['Here we study magnets', 'magnets', 'Here'],
    // citation and venue text
    ['see Phys. Rev. Lett. for details', 'details', 'Rev'],
    ['as Smith et al. showed', null, 'et'],
    ['at the NATO Advanced Research Workshop on magnets', 'magnets', 'NATO Advanced Research Workshop'],
    // places, seasons, months, units, people
    ['in the fall of 1993 in Poland', null, 'fall'],
    ['a survey in Poland', 'survey', 'Poland'],
    ['observed in January with magnets', 'magnets', 'January'],
    ['an energy of 5 GeV is', 'energy', 'GeV'],
    ['as Smith showed', null, 'Smith'],
    // an acronym the tagger takes for a place is still a candidate; a preposition read as an adjective is not
    ['CL with replay is strong', 'CL', 'Chile'],
    ['networks under distribution shift', 'distribution shift', 'under distribution shift'],
    // a lone letter after a common noun is a variable: the phrase ends before it
    ['on closed 3-manifolds M with boundary', 'closed 3-manifolds', 'closed 3-manifolds M'],
    // unless the noun is one a letter names, or a noun follows the letter
    ['a lack of vitamin D in winter', 'vitamin D', 'vitamin'],
    ['helper T cells fight infections', 'helper T cells', 'helper'],
    // an ion's charge leaves no element fragment
    ['absorption of Fe3+ ions in glass', 'ions', 'Fe3'],
    // what a title says of itself
    ['Adversarial training (extended version)', 'Adversarial training', 'extended version'],
    ['A Closer Look at Adversarial Training', 'Adversarial Training', 'Closer Look'],
    // a capitalised possessor on its own is a person
    ["On Farber's conjecture for robots", 'conjecture', 'Farber'],
    // a particle and capitalised names only is a person
    ['in the sense of von Neumann.', null, 'von Neumann'],
    // a word the masking took whole leaves no fragment before it
    ['solitons of the focusing nonlinear Schr\\"odinger equation', 'solitons', 'focusing nonlinear'],
    // no phrase ends inside a hyphenated word: nothing of "NP-complete" is left as "NP"
    ['the problem is computationally NP-complete and', 'problem', 'NP'],
    // a catalogue's letters before an object's number are no concept
    ['the planets of GJ 876 and HD 60532 resonate', 'planets', 'GJ'],
  ])('%j has %j and not %j', (text, present, absent) => {
    const found = phrases(text);
    if (present !== null) expect(found).toContain(present);
    expect(found).not.toContain(absent);
  });
});

describe('one concept, one key', () => {
  it.each([
    // proper names are not plurals
    [['Yang-Mills'], true, 'yang mills'],
    [['Chern-Simons'], true, 'chern simons'],
    [['Korteweg-de', 'Vries'], false, 'korteweg de vries'],
    [['Navier-Stokes'], false, 'navier stokes'],
    // but Title Case plurals are
    [['Graph', 'Neural', 'Networks'], true, 'graph neural network'],
    // Greek letters written or spelled
    [['β-VAE'], false, 'beta vae'],
    [['beta-VAE'], false, 'beta vae'],
    [['μ-law'], false, 'mu law'],
    [['mu-law'], false, 'mu law'],
  ])('%j → %j', (words, plural, key) => {
    expect(canonicalKey(words as string[], plural as boolean)).toBe(key);
  });

  it.each([
    // an acronym before its head noun: the head belongs to the long form
    [
      'We decode low-density parity-check (LDPC) codes and LDPC codes of rate 1/2.',
      'low density parity check code',
      'ldpc code',
    ],
    [
      'The Nambu-Jona-Lasinio (NJL) model and the NJL model at finite density.',
      'nambu jona lasinio model',
      'njl model',
    ],
    ['Wess-Zumino-Witten (WZW) models and WZW theory.', 'wess zumino witten model', 'wzw'],
    // an acronym after a Title-Case long form
    ['We train Graph Neural Networks (GNNs) and GNNs generalise.', 'graph neural network', 'gnn'],
  ])('%j is keyed %j, never %j', (abstract, key, absent) => {
    const found = keys('', abstract);
    expect(found).toContain(key);
    expect(found).not.toContain(absent);
  });

  it('keeps a long form without its head when it stands alone: "graph neural network (GNN) architectures"', () => {
    const found = keys('', 'We compare graph neural network (GNN) architectures.');
    expect(found).toContain('graph neural network');
    expect(found).not.toContain('graph neural network architecture');
  });

  it.each([
    // a name that modifies a common noun is no concept without it
    ['Quasimorphisms on right-angled Artin groups.', 'right angled artin group', 'right angled artin'],
    ['The random-field Ising model in three dimensions.', 'random field ising model', 'random field ising'],
    ['Vortices in Bose-Einstein condensates.', 'bose einstein condensate', 'bose einstein'],
  ])('%j has the part-free key %j and not %j', (abstract, key, absent) => {
    const found = keys('', abstract);
    expect(found).toContain(key);
    expect(found).not.toContain(absent);
  });

  it('lets a name of two capitalised words stand alone: "quantum Monte Carlo methods"', () => {
    const found = keys('', 'We use quantum Monte Carlo methods and Markov chain Monte Carlo sampling.');
    expect(found).toContain('quantum monte carlo');
    expect(found).not.toContain('markov chain monte');
  });

  it('keeps a sentence\'s first word when it is a concept: "Transformer models"', () => {
    expect(keys('', 'Transformer models scale well.')).toContain('transformer');
  });

  it('has no part that is an organisation: "International Atomic Energy Agency reports"', () => {
    const found = keys('', 'The International Atomic Energy Agency reports on reactors.');
    expect(found).not.toContain('international atomic energy agency');
  });

  it('joins a name-only long form to the head after its acronym: "Courant-Friedrichs-Lewy (CFL) condition"', () => {
    const found = keys('', 'The Courant-Friedrichs-Lewy (CFL) condition limits the time step.');
    expect(found).toContain('courant friedrichs lewy condition');
    expect(found).not.toContain('courant friedrichs lewy');
  });

  it('does not expand a part of an acronym of acronyms: "VQ-VAE" where the paper defines "VQ" alone', () => {
    const found = keys('', 'We use vector quantization (VQ) in a VQ-VAE, and VQ codebooks.');
    expect(found).toContain('vq vae');
    expect(found).not.toContain('vector quantization vae');
    expect(found).toContain('vector quantization codebook');
  });

  it('has no part that splits a surname particle from its name: "Korteweg-de Vries equation"', () => {
    const found = keys('', 'Solitons of the Korteweg-de Vries equation.');
    expect(found).toContain('korteweg de vries equation');
    expect(found).not.toContain('vries equation');
    expect(found).not.toContain('korteweg de');
  });
});

describe('titles', () => {
  it.each([
    [
      'Learning-driven Motion Planning and Control for Autonomous Vehicles',
      ['motion planning', 'autonomous vehicle'],
    ],
    ['Layer-wise Adaptive Rate Scaling', ['adaptive rate scaling']],
  ])('%j has the topics %j', (title, expected) => {
    const found = keys(title, '');
    for (const key of expected) expect(found).toContain(key);
  });
});

describe('what a paper can make a topic', () => {
  const verdicts = (title: string, abstract: string) =>
    new Map(extract(title, abstract).mentions.map((m) => [m.key, m.concept || m.central]));
  it.each([
    // qualifiers name no concept on their own; the phrases they open do
    ['Self-supervised learning is fine-grained and zero-shot.', 'self supervised learning', 'zero shot'],
    ['Black-box optimization treats the function as a black box.', 'black box optimization', 'black box'],
    // a modifier before a concept the corpora rate higher is a filler
    ['Efficient resource allocation in clouds.', 'resource allocation', 'efficient resource allocation'],
    ['Fixed points in general metric spaces.', 'metric space', 'general metric space'],
    // a phrase the paper writes only inside longer ones is a fragment of them here
    [
      'We forecast load with long short-term memory networks.',
      'long short term memory network',
      'short term memory',
    ],
    [
      'Smart grids deploy advanced metering infrastructure widely.',
      'advanced metering infrastructure',
      'metering infrastructure',
    ],
    [
      'We prove the Atiyah-Singer index theorem for manifolds.',
      'atiyah singer index theorem',
      'atiyah singer index',
    ],
    // surnames alone that run on into more words are cut from the name they begin
    ['We classify the Calabi-Yau 3-folds.', 'calabi yau 3 fold', 'calabi yau'],
  ])('%j makes %j a topic and not %j', (abstract, present, absent) => {
    const found = verdicts('', abstract);
    expect(found.get(present)).toBe(true);
    expect(found.get(absent) ?? false).toBe(false);
  });

  it('takes no surnames for a concept where the tagger cut their noun: "the Cramer-Rao bound in"', () => {
    const found = verdicts('', 'We compute the Cramer-Rao bound in detection problems.');
    expect(found.get('cramer rao')).toBe(false);
  });

  it('keeps surnames alone where the paper writes them so: "the ring is Cohen-Macaulay."', () => {
    expect(verdicts('', 'Every such ring is Cohen-Macaulay.').get('cohen macaulay')).toBe(true);
  });

  it('reads no words in classification codes: "PACS 32.70.Jz, 34.20.Gj"', () => {
    const found = verdicts('', 'Rydberg states are studied. PACS 32.70.Jz, 34.20.Gj, 36.10.-k');
    expect(found.has('rydberg state')).toBe(true);
    expect([...found.keys()].filter((k) => ['gj', 'jz', 'pacs'].includes(k))).toEqual([]);
  });

  it('takes no unit for a concept, whatever the lexicon holds: "after 188 fs"', () => {
    const found = verdicts('', 'Charge moves within 20 fs and again after 188 fs in the molecule.');
    expect(found.has('fs')).toBe(false);
  });

  it('keeps a modifier the corpora hold part of the name: "large language models"', () => {
    expect(verdicts('', 'Large language models write code.').get('large language model')).toBe(true);
  });

  it('makes a phrase a topic where the paper writes it on its own: "metering infrastructure is costly"', () => {
    expect(
      verdicts('', 'Metering infrastructure is costly in smart grids.').get('metering infrastructure'),
    ).toBe(true);
    // and before a hyphenated modifier it stands on its own too
    expect(verdicts('', 'We use graph neural network-based models.').get('graph neural network')).toBe(true);
  });
});
