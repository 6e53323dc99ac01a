/**
 * The store's one retry policy: a bounded number of attempts with exponential backoff
 * and full jitter (a random wait up to the step's ceiling), so that writers colliding on
 * one item spread out instead of colliding again in step.
 */
export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Writers colliding on one item (a transaction conflict, a version that moved). */
export const defaultRetry: RetryPolicy = { attempts: 4, baseMs: 25, maxMs: 400 };

/**
 * A batch read's unprocessed keys: five requests wait at most 1.5 s in all (ceilings of
 * 100, 200, 400 and 800 ms), long enough to ride out a burst, short enough that a request
 * still answers well inside the API's timeout, with a 503 the client can retry on.
 */
export const batchReadRetry: RetryPolicy = { attempts: 5, baseMs: 100, maxMs: 800 };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before attempt `n + 1` (n counts from 0). */
export function backoffMs(n: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** n);
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}

/**
 * Runs `attempt` until it returns, retrying only while `retryable(error)` holds and
 * attempts remain; then `exhausted(lastError)` says what to throw.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  retryable: (error: unknown) => boolean,
  exhausted: (error: unknown) => Error,
  policy: RetryPolicy = defaultRetry,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!retryable(error)) throw error;
      if (n + 1 >= policy.attempts) throw exhausted(error);
      await (policy.sleep ?? wait)(backoffMs(n, policy));
    }
  }
}
