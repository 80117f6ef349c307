import { type Extraction, extract } from './extract.ts';

export interface ExtractTask {
  title: string;
  abstract: string;
}

export type ExtractResult = Extraction | { error: string };

/** The language work for one paper; a failure is that paper's problem, never the run's. */
export function extractOne(task: ExtractTask): ExtractResult {
  try {
    return extract(task.title, task.abstract);
  } catch (error) {
    return { error: `extraction failed: ${(error as Error).message?.split('\n')[0] ?? String(error)}` };
  }
}

/** Runs in a worker thread: one chunk of papers. */
export default function extractChunk(tasks: ExtractTask[]): ExtractResult[] {
  return tasks.map(extractOne);
}
