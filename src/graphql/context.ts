import DataLoader from 'dataloader';
import type { Database } from '../db/driver.ts';
import { GraphRepo } from '../db/graph-repo.ts';
import { PapersRepo } from '../db/papers-repo.ts';
import { SearchRepo } from '../db/search-repo.ts';
import { TopicsRepo } from '../db/topics-repo.ts';
import { TrendingRepo } from '../db/trending-repo.ts';
import type { FollowService } from '../follow/service.ts';
import type { PaperWatch } from '../live/paper-watch.ts';
import { type ApiKeys, type AuthState, authenticate } from './auth.ts';
import type { ExpensiveOperations } from './rate-limit.ts';

/** Batch loaders made on first use within one request, keyed by what they load and how. */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  get<V>(
    name: string,
    batch: (keys: readonly string[]) => Promise<Map<string, V>>,
    missing: () => V,
  ): DataLoader<string, V> {
    let loader = this.loaders.get(name) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(async (keys) => {
        const found = await batch(keys);
        return keys.map((k) => found.get(k) ?? missing());
      });
      this.loaders.set(name, loader as DataLoader<string, unknown>);
    }
    return loader;
  }
}

export interface Context {
  db: Database;
  papers: PapersRepo;
  topics: TopicsRepo;
  trending: TrendingRepo;
  search: SearchRepo;
  graph: GraphRepo;
  loaders: Loaders;
  auth: AuthState;
  /** Who is asking, for rate limits: the API key when one is valid, else the peer address. */
  client: string;
  expensive: ExpensiveOperations;
  /** Papers written by any process, for subscriptions. */
  watch: PaperWatch;
  follow: FollowService;
}

export function createContext(
  db: Database,
  request: Request,
  keys: ApiKeys,
  expensive: ExpensiveOperations,
  peer: string | undefined,
  watch: PaperWatch,
  follow: FollowService,
): Context {
  const auth = authenticate(request.headers.get('authorization'), keys);
  const client = auth.keyId ? `key:${auth.keyId}` : `ip:${peer ?? 'local'}`;
  return {
    db,
    papers: new PapersRepo(db),
    topics: new TopicsRepo(db),
    trending: new TrendingRepo(db),
    search: new SearchRepo(db),
    graph: new GraphRepo(db),
    loaders: new Loaders(),
    auth,
    client,
    expensive,
    watch,
    follow,
  };
}
