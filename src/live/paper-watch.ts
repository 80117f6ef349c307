import { Repeater } from 'graphql-yoga';
import type { Database } from '../db/driver.ts';
import { databaseNow, type PaperWrite, papersWrittenSince } from '../db/live-repo.ts';

export const DEFAULT_POLL_MS = 1000;
/** A write stamped this long before it committed is still seen: each look reaches back so far. */
const OVERLAP_MS = 10_000;
const BATCH = 500;

type Listener = (paper: PaperWrite) => void;

/**
 * Papers written to the graph by any process (this server's mutations, the command line, another server),
 * found by polling their `writtenAt` stamps while someone listens. Each look reaches back a little, for
 * transactions that committed after a later one; what was already told is remembered that long.
 */
export class PaperWatch {
  private readonly listeners = new Set<Listener>();
  /** Milliseconds of the newest write told, by the database's clock. */
  private cursor: number | null = null;
  /** When listening began: the look back never reaches before it. */
  private floor = 0;
  private readonly told = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly pollMs = DEFAULT_POLL_MS,
    private readonly log: (line: string) => void = console.error,
  ) {}

  /**
   * Every paper written from now on whose phrases meet `wanted` (all papers when it is null), as `as`
   * makes it. A repeater ends the moment its reader returns, even between papers.
   */
  watch<T>(wanted: ReadonlySet<string> | null, as: (paper: PaperWrite) => T): Repeater<T> {
    return new Repeater<T>(async (push, stop) => {
      const listener: Listener = (paper) => {
        if (!wanted || paper.keys.some((k) => wanted.has(k))) void push(as(paper));
      };
      await this.add(listener);
      await stop;
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.halt();
    });
  }

  get listening(): number {
    return this.listeners.size;
  }

  private async add(listener: Listener): Promise<void> {
    if (this.listeners.size === 0 || this.cursor === null) {
      this.cursor = Date.parse(await databaseNow(this.db));
      this.floor = this.cursor;
      this.told.clear();
    }
    this.listeners.add(listener);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.look().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.pollMs);
    this.timer.unref();
  }

  private halt(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cursor = null;
  }

  private async look(): Promise<void> {
    const cursor = this.cursor;
    if (cursor === null) return;
    const since = new Date(Math.max(this.floor, cursor - OVERLAP_MS)).toISOString();
    let written: PaperWrite[];
    try {
      written = await papersWrittenSince(this.db, since, BATCH + this.told.size);
    } catch (error) {
      this.log(`live updates: could not read new papers (${(error as Error).message}); retrying`);
      return;
    }
    const now = Date.now();
    for (const paper of written) {
      const key = `${paper.id}@${paper.writtenAt}`;
      if (this.told.has(key)) continue;
      this.told.set(key, now);
      for (const listener of this.listeners) listener(paper);
      this.cursor = Math.max(this.cursor ?? 0, Date.parse(paper.writtenAt));
    }
    for (const [key, at] of this.told) if (now - at > 3 * OVERLAP_MS) this.told.delete(key);
  }

  /** Stops polling; waits for a look under way. */
  async close(): Promise<void> {
    this.listeners.clear();
    this.halt();
    await this.running;
  }
}
