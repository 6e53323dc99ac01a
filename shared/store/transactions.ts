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
