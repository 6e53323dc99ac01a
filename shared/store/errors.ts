/**
 * Recognises SDK errors by name, so callers never depend on SDK error classes, and turns
 * DynamoDB's throttling into the domain's `ServiceBusyError`: every request of the store
 * goes through `sent`.
 */
import { ServiceBusyError } from '../domain/errors.ts';

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const throttlingNames = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

/** DynamoDB throttled a request past the SDK's own retries. */
export function isThrottling(error: unknown): boolean {
  return error instanceof Error && throttlingNames.has(error.name);
}

export const databaseBusy = () =>
  new ServiceBusyError('Too many requests reached the database at once. Try again shortly.');

/** A request of the store, its throttling answered as the domain's `ServiceBusyError`. */
export async function sent<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw isThrottling(error) ? databaseBusy() : error;
  }
}
