import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Loads many items fast: BatchWrite, 25 a request, 25 requests at once, retrying leftovers. */
export async function bulkPut(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
  progress?: (written: number) => void,
) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const writeBatch = async (batch: Record<string, unknown>[]) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const result = await doc.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  };
  for (let i = 0; i < batches.length; i += 25) {
    await Promise.all(batches.slice(i, i + 25).map(writeBatch));
    if (i % 1000 === 0) progress?.(i * 25);
  }
}
