/**
 * Ingest's front door: what the seed loader, the GraphQL mutations and the command line call. Records
 * from any source go through `ingest` (extract on the worker pool, batched writes, the derived graph);
 * `ingestFile` opens a file of any supported format first; `deriveGraph` recomputes the derived graph
 * around what a deletion touched; `EXTRACTOR_VERSION` names what extracted a stored paper.
 */
export { deriveGraph } from './derive.ts';
export { EXTRACTOR_VERSION } from './extract.ts';
export { ingestFile, openChecked } from './files.ts';
export { fromRecords, type IngestOptions, type IngestSummary, ingest } from './pipeline.ts';
