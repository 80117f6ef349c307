import { setTimeout as sleep } from 'node:timers/promises';
import { isTransientConflict } from './errors.ts';

export interface RetryOptions {
  attempts?: number;
  firstDelayMs?: number;
}

/**
 * Runs `work` again when it fails on a lock conflict the driver's own retries (bounded by
 * maxTransactionRetryTime) did not get past: on a loaded machine, two ingests writing and deriving at once
 * can keep deadlocking for longer than that. Waits grow and are jittered, so the two fall out of step.
 */
export async function retryConflicts<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  let delay = options.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isTransientConflict(error)) throw error;
      await sleep(delay * (0.5 + Math.random()));
      delay *= 2;
    }
  }
}
