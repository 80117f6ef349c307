import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * A budget of expensive operations (writes, paths, deep neighbourhoods) per client and minute; reads
 * that one statement answers quickly are not counted.
 */
export class ExpensiveOperations {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly pointsPerMinute: number) {
    this.limiter = new RateLimiterMemory({ points: pointsPerMinute, duration: 60 });
  }

  /** Spends `cost` points of the client's budget, or refuses with RATE_LIMITED and when to retry. */
  async spend(client: string, cost: number, operation: string): Promise<void> {
    try {
      await this.limiter.consume(client, cost);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new GraphQLError(
        `too many expensive operations (${operation}): ${this.pointsPerMinute} points a minute per client; retry in ${retryAfter} s`,
        { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } },
      );
    }
  }
}
