import { Repeater, SlidingBuffer } from 'graphql-yoga';
import type { Database } from '../db/driver.ts';
import { databaseNow, type PaperWrite, papersWrittenSince } from '../db/live-repo.ts';

export const DEFAULT_POLL_MS = 1000;
/** A write stamped this long before it committed is still seen: each look reaches back so far. */
const OVERLAP_MS = 30_000;
const BATCH = 500;
/** Events a slow reader may fall behind by; the oldest are dropped past it, never the server. */
const BUFFER = 1000;

type Listener = (paper: PaperWrite) => void;

/**
 * Papers written to the graph by any process (this server's mutations, the command line, another server),
 * found by polling their `writtenAt` stamps while someone listens. Each look reaches back a little, for
 * transactions that committed after a later one; what was already told is remembered while it is
 * within that reach.
 */
export class PaperWatch {
  private readonly listeners = new Set<Listener>();
  private readonly stops = new Set<() => void>();
  /** Milliseconds of the newest write told, by the database's clock. */
  private cursor: number | null = null;
  /** When listening began: the look back never reaches before it. */
  private floor = 0;
  /** Papers told, by id and stamp, with the stamp: forgotten once behind every look. */
  private readonly told = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private starting: Promise<void> | null = null;

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
        if (!wanted || paper.keys.some((k) => wanted.has(k))) void push(as(paper)).catch(() => undefined);
      };
      this.stops.add(stop);
      await this.add(listener);
      await stop;
      this.stops.delete(stop);
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.halt();
    }, new SlidingBuffer(BUFFER));
  }

  get listening(): number {
    return this.listeners.size;
  }

  private async add(listener: Listener): Promise<void> {
    // two first subscribers at once start the watch once
    if (this.cursor === null) {
      this.starting ??= databaseNow(this.db).then((now) => {
        this.cursor = now;
        this.floor = now;
        this.told.clear();
      });
      try {
        await this.starting;
      } finally {
        this.starting = null;
      }
    }
    this.listeners.add(listener);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.running || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.look()
        .catch((error: unknown) => this.log(`live updates: ${(error as Error).message}`))
        .finally(() => {
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
    const since = Math.max(this.floor, cursor - OVERLAP_MS);
    let written: PaperWrite[];
    try {
      written = await papersWrittenSince(this.db, since, BATCH + this.told.size);
    } catch (error) {
      this.log(`live updates: could not read new papers (${(error as Error).message}); retrying`);
      return;
    }
    for (const paper of written) {
      const key = `${paper.id}@${paper.writtenMs}`;
      if (this.told.has(key)) continue;
      this.told.set(key, paper.writtenMs);
      for (const listener of this.listeners) {
        try {
          listener(paper);
        } catch (error) {
          this.log(`live updates: a subscriber failed (${(error as Error).message})`);
        }
      }
      this.cursor = Math.max(this.cursor ?? 0, paper.writtenMs);
    }
    const reach = Math.max(this.floor, (this.cursor ?? 0) - OVERLAP_MS);
    for (const [key, stamp] of this.told) if (stamp < reach) this.told.delete(key);
  }

  /** Ends every subscription and stops polling; waits for a look under way. */
  async close(): Promise<void> {
    for (const stop of [...this.stops]) stop();
    this.listeners.clear();
    this.halt();
    await this.running;
  }
}
