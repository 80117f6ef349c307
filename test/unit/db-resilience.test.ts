import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Database } from '../../src/db/driver.ts';
import { retryConflicts } from '../../src/db/retry.ts';

const neo4jError = (code: string) => new Neo4jError(code, code, 'N/A', 'N/A');

describe('retryConflicts', () => {
  it('tries again on deadlocks and lock timeouts, then returns the result', async () => {
    const codes = [
      'Neo.TransientError.Transaction.DeadlockDetected',
      'Neo.TransientError.Transaction.LockAcquisitionTimeout',
    ];
    let calls = 0;
    const result = await retryConflicts(
      async () => {
        const code = codes[calls++];
        if (code) throw neo4jError(code);
        return 'written';
      },
      { firstDelayMs: 1 },
    );
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('gives up after its attempts with the last error', async () => {
    let calls = 0;
    const work = async () => {
      calls++;
      throw neo4jError('Neo.TransientError.Transaction.DeadlockDetected');
    };
    await expect(retryConflicts(work, { attempts: 3, firstDelayMs: 1 })).rejects.toMatchObject({
      code: 'Neo.TransientError.Transaction.DeadlockDetected',
    });
    expect(calls).toBe(3);
  });

  it.each([
    'ServiceUnavailable',
    'Neo.TransientError.General.DatabaseUnavailable',
    'Neo.ClientError.Schema.ConstraintValidationFailed',
  ])('does not retry %s', async (code) => {
    let calls = 0;
    const work = async () => {
      calls++;
      throw neo4jError(code);
    };
    await expect(retryConflicts(work, { firstDelayMs: 1 })).rejects.toMatchObject({ code });
    expect(calls).toBe(1);
  });
});

describe('/ready', () => {
  it('runs one check at a time: requests while a check is pending wait for it, not start another', async () => {
    let checks = 0;
    let answer: () => void = () => {};
    let up = false;
    const db = {
      database: 'neo4j',
      target: 'bolt://test',
      close: async () => {},
      driver: {
        getServerInfo: () => {
          checks++;
          if (up) return Promise.resolve();
          return new Promise<void>((resolve) => {
            answer = resolve;
          });
        },
      },
    } as unknown as Database;
    const app = createApp(db, { logging: false, readyTimeoutMs: 20 });
    const slow = await Promise.all([1, 2, 3, 4, 5].map(() => app.fetch('http://test/ready')));
    expect(slow.map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    expect(await slow[0]?.json()).toEqual({ ready: false, reason: 'Neo4j is not reachable' });
    expect((await app.fetch('http://test/ready')).status).toBe(503);
    expect(checks).toBe(1);
    // the server answers the pending check at last: the next request starts a check of its own
    up = true;
    answer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await app.fetch('http://test/ready')).status).toBe(200);
    expect(checks).toBe(2);
  });
});
