import type { Database } from '../db/driver.ts';
import { PapersRepo } from '../db/papers-repo.ts';
import { TopicsRepo } from '../db/topics-repo.ts';

export interface Context {
  papers: PapersRepo;
  topics: TopicsRepo;
}

export function createContext(db: Database): Context {
  return { papers: new PapersRepo(db), topics: new TopicsRepo(db) };
}
