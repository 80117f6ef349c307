import { type Extraction, extract } from './extract.ts';

export interface ExtractTask {
  title: string;
  abstract: string;
}

/** Runs in a worker thread: the language work for one chunk of papers. */
export default function extractChunk(tasks: ExtractTask[]): Extraction[] {
  return tasks.map((t) => extract(t.title, t.abstract));
}
