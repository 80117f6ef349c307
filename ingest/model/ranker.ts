import { readFileSync } from 'node:fs';
import { type CorpusStatistics, FEATURES, type FeatureVector, type KnownPhrases } from './features.ts';

/** Bumped when features or candidates change: the model file records what it was fitted for. */
export const EXTRACTOR_MODEL_VERSION = 'lr-5';

/** The learned part of ranking, as `npm run model:keyphrase` writes it. */
export interface KeyphraseModel {
  version: string;
  features: string[];
  /** Logistic-regression weights, one per feature, in `features` order. */
  weights: number[];
  /** Per-feature mean and scale the weights were fitted on. */
  mean: number[];
  scale: number[];
  corpus: CorpusStatistics;
  /** Key-phraseness from the training splits. */
  known: KnownPhrases;
  trainedOn: string[];
}

export const MODEL_FILE = new URL('./keyphrase-model.json', import.meta.url);

export function loadModel(file: URL | string = MODEL_FILE): KeyphraseModel {
  const model = JSON.parse(readFileSync(file, 'utf8')) as KeyphraseModel;
  if (model.features.join('|') !== FEATURES.join('|')) {
    throw new Error(`${String(file)}: fitted on other features; rebuild it with npm run model:keyphrase`);
  }
  return model;
}

let loaded: KeyphraseModel | null = null;

export function model(): KeyphraseModel {
  loaded ??= loadModel();
  return loaded;
}

/** The probability that a candidate is one of the paper's key phrases. */
export function probability(m: KeyphraseModel, x: FeatureVector): number {
  let z = 0;
  for (let i = 0; i < x.length; i++) {
    z += (m.weights[i] ?? 0) * (i === 0 ? 1 : ((x[i] ?? 0) - (m.mean[i] ?? 0)) / (m.scale[i] || 1));
  }
  return 1 / (1 + Math.exp(-z));
}
