import type { FunctionName } from '#functions/manifest.ts';
import type * as z from './zod.ts';

type Schema = z.ZodMiniType;

export interface ResponseSpec {
  description: string;
  schema?: Schema;
  /** Defaults to application/json. */
  contentType?: string;
}

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
  name: FunctionName;
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
