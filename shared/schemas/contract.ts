import type { Role } from '../domain/caller.ts';
import type * as z from './zod.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A function's route, as the manifest (functions/manifest.ts) declares it. */
export interface HttpRoute {
  method: HttpMethod;
  /** API Gateway path syntax: `/units/{unitId}`. */
  path: string;
  /** Deny by default: only these Cognito groups may call the route. */
  roles: readonly Role[];
}

/** What a function may do to the table; CDK turns it into the narrowest grant. */
export type TableAccess = 'none' | 'read' | 'read-write';

/** What a handler needs of its manifest entry. */
export interface RouteSpec {
  http?: HttpRoute;
  table: TableAccess;
}

type Schema = z.ZodMiniType;

/**
 * Every response header the API sets for clients to read, described once. A response
 * names the ones it sends, so the OpenAPI document (and any client generated from it)
 * tells what comes back beside the body.
 */
export const responseHeaders = {
  ETag: {
    description: 'The version of the item; send it back in If-Match to change the item',
    schema: { type: 'string', pattern: '^"[0-9]+"$' },
  },
  Location: {
    description: 'Where the created item can be read',
    schema: { type: 'string', format: 'uri-reference' },
  },
  'Idempotent-Replayed': {
    description:
      'Present when this is the stored result of an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  'X-Row-Count': {
    description: 'Number of data rows in the file, the header row not counted',
    schema: { type: 'integer', minimum: 0 },
  },
  'Content-Disposition': {
    description: 'An attachment, with the file name to save it under',
    schema: { type: 'string' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 0 },
  },
  'WWW-Authenticate': {
    description: 'The authentication scheme the API expects: Bearer',
    schema: { type: 'string' },
  },
} as const;

export type ResponseHeader = keyof typeof responseHeaders;

export interface ResponseSpec {
  description: string;
  schema?: Schema;
  /** Defaults to application/json; a body of another type without a schema is text. */
  contentType?: string;
  /** Headers this response always carries. */
  headers?: ResponseHeader[];
  /** Headers this response carries only in some cases (say when, in `description`). */
  optionalHeaders?: ResponseHeader[];
}

/**
 * The 201 of a create under an Idempotency-Key: `what` it did, the item, and the headers it
 * always carries; a replay answers the same, marked as one.
 */
export function replayableCreated(
  what: string,
  schema: Schema,
  headers: ResponseHeader[] = [],
): ResponseSpec {
  return {
    description: `${what}; a replay of the same Idempotency-Key returns the first result`,
    schema,
    ...(headers.length > 0 ? { headers } : {}),
    optionalHeaders: ['Idempotent-Replayed'],
  };
}

/** An item at its version: the body, with the ETag to send back in If-Match. */
export const versioned = (description: string, schema: Schema): ResponseSpec => ({
  description,
  schema,
  headers: ['ETag'],
});

/** The same Idempotency-Key came back with another body. */
export const keyReused: ResponseSpec = { description: 'Idempotency-Key reused with another body' };

/** The refusals of a change that needs If-Match. */
export const ifMatchRefusals = {
  412: { description: 'If-Match does not match the current version' },
  428: { description: 'If-Match is missing' },
} satisfies Record<number, ResponseSpec>;

/** An export's answer: the file, with its name and row count. */
export const csvFile: ResponseSpec = {
  description: 'CSV file',
  contentType: 'text/csv; charset=utf-8',
  headers: ['Content-Disposition', 'X-Row-Count'],
};

/**
 * The external shape of one route: what it accepts and what it answers. Handlers
 * validate with it; the OpenAPI document is generated from it. The route itself
 * (method, path, roles) lives in the manifest, under the same name.
 */
export interface RouteContract<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
> {
  /** The function's name in the manifest, which also gives its operationId. */
  name: string;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the route reads, documented in OpenAPI. */
  headers?: ('Idempotency-Key' | 'If-Match')[];
  responses: Record<number, ResponseSpec>;
}

export function defineContract<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(contract: RouteContract<P, Q, B>): RouteContract<P, Q, B> {
  return contract;
}

/** What names a route in the document: its manifest name, a summary, its tags. */
export type RouteHeading = Pick<RouteContract, 'name' | 'summary' | 'tags'>;

/** A list route: a page of items under the query's filters. */
export function listContract<Q extends Schema>(
  heading: RouteHeading,
  query: Q,
  page: ResponseSpec,
): RouteContract<undefined, Q, undefined> {
  return { ...heading, query, responses: { 200: page } };
}

/** An export route: the same filtered list as a CSV file. */
export function exportContract<Q extends Schema>(
  heading: RouteHeading,
  query: Q,
): RouteContract<undefined, Q, undefined> {
  return { ...heading, query, responses: { 200: csvFile } };
}

/** A read of one item (or of its history) named by the path: it, or 404 when there is none. */
export function readContract<P extends Schema, Q extends Schema | undefined = undefined>(
  heading: RouteHeading & { query?: Q },
  params: P,
  found: ResponseSpec,
  missing: ResponseSpec,
): RouteContract<P, Q, undefined> {
  return { ...heading, params, responses: { 200: found, 404: missing } };
}

/** A change of a stored item under If-Match: its answers, and the refusals of a stale version. */
export function ifMatchContract<P extends Schema, B extends Schema>(
  heading: RouteHeading,
  params: P,
  body: B,
  responses: Record<number, ResponseSpec>,
): RouteContract<P, undefined, B> {
  return {
    ...heading,
    params,
    body,
    headers: ['If-Match'],
    responses: { ...responses, ...ifMatchRefusals },
  };
}
