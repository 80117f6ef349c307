/** One paper as a source yields it, before any language work. */
export interface PaperRecord {
  id: string;
  title: string;
  abstract: string;
  /** ISO date (YYYY-MM-DD) or year (YYYY) of first publication. */
  published: string | null;
  updated: string | null;
  authors: string[];
  categories: string[];
  url: string | null;
  doi: string | null;
  /** Where the record came from, for reports: file (or URL) and 1-based line of its first line. */
  source: string;
  line: number;
  /** Order within its source, so listings can keep the source's order. */
  position: number;
}

/** A record a source could not read; the run reports it and goes on (or stops, with --strict). */
export interface RecordProblem {
  source: string;
  line: number;
  reason: string;
}

export type SourceItem =
  | { record: PaperRecord; problem?: undefined }
  | { problem: RecordProblem; record?: undefined };
