/**
 * The checks the model-based tests of obstacles and tasks share: an answer's status and
 * problem type, and a read held against the model's item.
 */
import { expect } from 'vitest';
import { call } from './helpers.ts';

export type Response = Awaited<ReturnType<typeof call>>;

export function expectStatus(result: Response, status: number, what: string) {
  expect(result.status, `${what}: ${result.text}`).toBe(status);
}

export function expectProblem(result: Response, status: number, type: string, what: string) {
  expectStatus(result, status, what);
  expect(result.json?.type, what).toBe(`urn:thaogo:problem:${type}`);
}

/** The object without its undefined fields, so that a failure's diff shows only what differs. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The named fields of an item, those undefined left out. */
export const fieldsOf = (item: object, keys: readonly string[]): Record<string, unknown> =>
  defined(Object.fromEntries(keys.map((key) => [key, (item as Record<string, unknown>)[key]])));

/** A read's version is not below any seen before; the item keeps the highest seen. */
export function expectVersionNotBack(
  seen: Record<string, unknown>,
  item: { maxSeen: number },
  what: string,
) {
  expect(seen.version as number, `${what}: version went down`).toBeGreaterThanOrEqual(item.maxSeen);
  item.maxSeen = Math.max(item.maxSeen, seen.version as number);
}

/** An item and its history, as one caller reads them. */
export const readWithHistory = (path: string, token: string) =>
  Promise.all([call(path, { token }), call(`${path}/history`, { token })]);

/** Both reads answer 404: the item is absent to this caller. */
export function expectAbsent(reads: Response[], what: string) {
  for (const read of reads) expectProblem(read, 404, 'not-found', what);
}

/** Both reads answer 200, the item with the ETag of the version the model holds. */
export function expectFound([got, history]: Response[], version: number, what: string) {
  expectStatus(got as Response, 200, what);
  expect(got?.headers.get('etag'), what).toBe(`"${version}"`);
  expectStatus(history as Response, 200, what);
}
