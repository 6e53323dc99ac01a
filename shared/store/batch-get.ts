import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './keys.ts';

/**
 * Reads items by key, 100 to a request as DynamoDB allows, asking again for what it
 * left unprocessed under load. Order of the result is not the order of the keys.
 */
export async function batchGet(
  doc: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: ItemKey[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < itemKeys.length; i += 100) {
    let pending: ItemKey[] = itemKeys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0)
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 5)));
      const result = await doc.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } },
        }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
    }
  }
  return items;
}
