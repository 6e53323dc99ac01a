import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreThrottledError } from './errors.ts';
import type { ItemKey } from './keys.ts';

export interface BatchGetRetry {
  /** Requests per chunk of keys, the first one included. */
  maxAttempts: number;
  /** Ceiling of the first wait; it doubles on every retry, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** In [0, 1); the wait is a uniform draw under the ceiling ("full jitter"). */
  random: () => number;
}

/**
 * Five requests with full-jitter exponential backoff wait at most 1.5 s in all: long enough
 * to ride out a burst, short enough that a request still answers well inside the API's
 * timeout, with a 503 the client can retry on rather than a hung Lambda.
 */
export const defaultBatchGetRetry: BatchGetRetry = {
  maxAttempts: 5,
  baseDelayMs: 50,
  maxDelayMs: 800,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Reads items by key, 100 to a request as DynamoDB allows, asking again for what it
 * left unprocessed under load. DynamoDB leaves keys unprocessed when the table or a
 * partition is over its capacity, and the SDK does not retry those (the call itself
 * succeeded), so the retries here are bounded: keys still unprocessed after the last
 * attempt are a throttling error, answered 503 with Retry-After like any other.
 * Order of the result is not the order of the keys.
 */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: ItemKey[],
  retry: Partial<BatchGetRetry> = {},
): Promise<Record<string, unknown>[]> {
  const { maxAttempts, baseDelayMs, maxDelayMs, sleep, random } = {
    ...defaultBatchGetRetry,
    ...retry,
  };
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < itemKeys.length; i += 100) {
    let pending: ItemKey[] = itemKeys.slice(i, i + 100);
    for (let attempt = 1; ; attempt++) {
      const result = await doc.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
      if (pending.length === 0) break;
      if (attempt >= maxAttempts)
        throw new StoreThrottledError(
          `${pending.length} keys still unprocessed after ${maxAttempts} batch reads`,
        );
      await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt));
    }
  }
  return items;
}
