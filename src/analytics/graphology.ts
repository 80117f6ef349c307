import { createRequire } from 'node:module';

/**
 * graphology's packages are CommonJS whose type declarations use `export default`, which TypeScript's
 * NodeNext resolution reads as a namespace; required here, they are typed as what they export.
 */
const require = createRequire(import.meta.url);

export const Graph = require('graphology') as typeof import('graphology').default;
export type Graph<N extends object = object, E extends object = object> = import('graphology').default<N, E>;
export const louvain =
  require('graphology-communities-louvain') as typeof import('graphology-communities-louvain').default;
export const pagerank =
  require('graphology-metrics/centrality/pagerank') as typeof import('graphology-metrics/centrality/pagerank.js').default;
export const gexf = require('graphology-gexf') as typeof import('graphology-gexf');
