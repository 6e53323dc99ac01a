import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { toDocumentClient } from '#shared/store/document-client.ts';

/**
 * A DocumentClient on the test DynamoDB Local that counts, for every Query, what DynamoDB
 * read (ScannedCount) and returned (Count), and every Scan sent.
 */
export function countingClient() {
  const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint') });
  const doc = toDocumentClient(client);
  const counts = { queries: 0, scanned: 0, returned: 0, scans: 0 };
  const send = doc.send.bind(doc) as (command: unknown) => Promise<Record<string, unknown>>;
  (doc as unknown as { send: typeof send }).send = async (command) => {
    if (command instanceof ScanCommand) counts.scans++;
    const output = await send(command);
    if (command instanceof QueryCommand) {
      counts.queries++;
      counts.scanned += (output.ScannedCount as number) ?? 0;
      counts.returned += (output.Count as number) ?? 0;
    }
    return output;
  };
  const reset = () => Object.assign(counts, { queries: 0, scanned: 0, returned: 0, scans: 0 });
  return { client, doc, counts, reset };
}

/** Loads many items fast: BatchWrite, 25 a request, 25 requests at once, retrying leftovers. */
export async function bulkPut(
  doc: ReturnType<typeof toDocumentClient>,
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
