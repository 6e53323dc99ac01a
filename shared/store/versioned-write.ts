import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { BusyError, PreconditionFailedError } from '../domain/errors.ts';
import type { WriteItem } from './idempotency.ts';
import type { ItemKey } from './keys.ts';
import { defaultRetry, type RetryPolicy, withRetry } from './retry.ts';
import { cancellationCodes, isTransactionConflict } from './transactions.ts';

/**
 * The one writer discipline for a versioned item (an obstacle, a task): every write puts
 * the whole item with its version raised by one, conditioned on the version it read, in
 * one transaction with its history event and its listings. Nobody writes a versioned
 * item any other way (the escalation run included), so a write based on a stale read
 * can never put back what another write changed.
 *
 * A transaction that collided with another is tried again a few times with jitter, then
 * answered 503 (busy); a failed version check is a 412 (`PreconditionFailedError`).
 */
export async function writeVersioned(
  doc: DynamoDBDocumentClient,
  write: {
    tableName: string;
    key: ItemKey;
    /** The item as it is to be stored: its version one above `expectedVersion`. */
    item: Record<string, unknown> & { version: number };
    expectedVersion: number;
    /** The history event, the listings: written with the item, or not at all. */
    with: WriteItem[];
    staleMessage: string;
  },
  policy: RetryPolicy = defaultRetry,
): Promise<void> {
  if (write.item.version !== write.expectedVersion + 1) {
    throw new Error('A versioned write must raise the version by exactly one');
  }
  const items: WriteItem[] = [
    {
      Put: {
        TableName: write.tableName,
        Item: { ...write.item, ...write.key },
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': write.expectedVersion },
      },
    },
    ...write.with,
  ];
  await withRetry(
    async () => {
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.[0] === 'ConditionalCheckFailed')
          throw new PreconditionFailedError(write.staleMessage);
        throw error;
      }
    },
    isTransactionConflict,
    () => new BusyError('Others are changing this item at the same moment; try again shortly.'),
    policy,
  );
}
