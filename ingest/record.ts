/** One paper as a source yields it, before any language work. */
export interface PaperRecord {
  id: string;
  title: string;
  abstract: string;
  /** Where the record came from, for reports: file and 1-based line of its first line. */
  source: string;
  line: number;
  /** Order within its source, so listings can keep the source's order. */
  position: number;
}
