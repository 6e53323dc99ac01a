import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { LimitReachedError } from '../domain/errors.ts';
import { sent } from './errors.ts';
import type { ItemKey } from './item.ts';

export type WriteItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** DynamoDB takes at most 100 items in one transaction. */
export const maxTransactionItems = 100;

/** Whether these items, and `more` besides, can be written in one transaction. */
export function fitsOneTransaction(items: readonly WriteItem[], more = 0): boolean {
  return items.length + more <= maxTransactionItems;
}

/** A Put of an item that must not exist yet: a create, a history event. */
export function putNew(tableName: string, item: ItemKey & Record<string, unknown>): WriteItem {
  return {
    Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' },
  };
}

/**
 * Writes the items all or none. A use case checks its bound before it writes (a finding
 * asks `fitsOneWrite`), so more than DynamoDB takes is refused here only if one did not:
 * as a limit reached, with nothing written.
 */
export async function transact(doc: DynamoDBDocumentClient, items: WriteItem[]): Promise<void> {
  if (!fitsOneTransaction(items)) {
    throw new LimitReachedError(
      `One write holds at most ${maxTransactionItems} items; this one would hold ${items.length}.`,
    );
  }
  await sent(doc.send(new TransactWriteCommand({ TransactItems: items })));
}

/** The reason DynamoDB gave for each item of a cancelled transaction, by position. */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (reasons ?? []).map((reason) => (reason.Code === 'None' ? undefined : reason.Code));
}

/** A transaction cancelled because another one touched the same items at that moment. */
export function isTransactionConflict(error: unknown): boolean {
  return cancellationCodes(error)?.includes('TransactionConflict') ?? false;
}
