import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
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
