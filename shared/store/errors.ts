/** Recognises SDK errors by name, so callers never depend on SDK error classes. */

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const throttlingNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/**
 * DynamoDB kept refusing work that our own bounded retries asked again for (a batch
 * read's unprocessed keys): the same condition as the SDK's throttling errors, answered
 * the same way.
 */
export class StoreThrottledError extends Error {
  override name = 'StoreThrottledError';
}

export function isThrottling(error: unknown): boolean {
  return (
    error instanceof StoreThrottledError ||
    (error instanceof Error && throttlingNames.has(error.name))
  );
}
