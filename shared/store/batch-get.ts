import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { databaseBusy, sent } from './errors.ts';
import type { ItemKey } from './item.ts';
import { batchReadRetry, type RetryPolicy, withRetry } from './retry.ts';

/** Keys a batch read left unprocessed: asked again under the store's retry policy. */
class UnprocessedKeys extends Error {
  override readonly name = 'UnprocessedKeys';
}

/**
 * Reads items by key, 100 to a request as DynamoDB allows, asking again for what it
 * left unprocessed under load. DynamoDB leaves keys unprocessed when the table or a
 * partition is over its capacity, and the SDK does not retry those (the call itself
 * succeeded), so the retries here are bounded (`batchReadRetry`): keys still unprocessed
 * after the last attempt are the database being busy, answered 503 with Retry-After like
 * its throttling. Order of the result is not the order of the keys.
 */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: ItemKey[],
  policy: Partial<RetryPolicy> = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < itemKeys.length; i += 100) {
    let pending: ItemKey[] = itemKeys.slice(i, i + 100);
    await withRetry(
      async () => {
        const result = await sent(
          doc.send(
            new BatchGetCommand({
              RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          ),
        );
        items.push(...(result.Responses?.[tableName] ?? []));
        pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
        if (pending.length > 0) throw new UnprocessedKeys(`${pending.length} keys unprocessed`);
      },
      (error) => error instanceof UnprocessedKeys,
      databaseBusy,
      { ...batchReadRetry, ...policy },
    );
  }
  return items;
}
