import { createHash } from 'node:crypto';
import { ValidationError } from '../domain/errors.ts';
import type { IdempotencyClaim } from '../domain/idempotency.ts';
import type { HttpEvent } from './middlewares.ts';

const keyPattern = /^[A-Za-z0-9_.:-]{1,128}$/;

/** JSON with sorted keys, so the same body always has the same digest. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The Idempotency-Key of a create, with the digest of its validated body; none if absent. */
export function idempotencyClaim(event: HttpEvent, body: unknown): IdempotencyClaim | undefined {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!keyPattern.test(key)) {
    throw new ValidationError('Idempotency-Key must be 1–128 letters, digits or - _ . :', [
      { field: 'header.Idempotency-Key', message: 'Invalid key' },
    ]);
  }
  return {
    key,
    fingerprint: createHash('sha256').update(canonical(body)).digest('base64url'),
    target: `${event.routeKey} ${canonical(event.pathParameters ?? {})}`,
  };
}
