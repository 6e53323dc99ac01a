import { WriteConflictError } from '../domain/errors.ts';

/** The reason DynamoDB gave for each item of a cancelled transaction, by position. */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (reasons ?? []).map((reason) => (reason.Code === 'None' ? undefined : reason.Code));
}

/** A transaction that collided with another one on the same items: worth one more read. */
export function throwIfConflict(codes: (string | undefined)[]): void {
  if (codes.includes('TransactionConflict')) {
    throw new WriteConflictError('Concurrent transaction on the same item');
  }
}
