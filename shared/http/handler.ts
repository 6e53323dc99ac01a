import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import { type FieldIssue, ValidationError } from '../domain/errors.ts';
import type { RouteContract, RouteSpec } from '../schemas/contract.ts';
import * as z from '../schemas/zod.ts';
import type { Caller } from './caller.ts';
import { type CallerDirectory, installedCallerDirectory } from './caller-directory.ts';
import { logger } from './logger.ts';
import {
  authorizeRoles,
  type HttpEvent,
  type HttpResponse,
  jsonBody,
  problemErrors,
  type RequestContext,
} from './middlewares.ts';

type Infer<S, Otherwise> = [Exclude<S, undefined>] extends [never]
  ? Otherwise
  : Exclude<S, undefined> extends z.ZodMiniType
    ? z.output<Exclude<S, undefined>>
    : Otherwise;

export interface HttpRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller;
  event: HttpEvent;
}

export interface HttpResult {
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `text` is given. */
  body?: unknown;
  /** A body sent as is, with its own Content-Type header. */
  text?: string;
}

/** middy's defaults, less the reporting headers: no report collector exists to receive them. */
// An API answer is JSON, never a document: its policy allows nothing to load, as middy 6's
// default did (middy 7's default-src names only reporting keywords).
const securityHeaders = {
  reportTo: false,
  reportingEndpoints: false,
  contentSecurityPolicy: { 'default-src': "'none'" },
} satisfies Parameters<typeof httpSecurityHeaders>[0];

/** Nothing in a part of the request the route does not define: unknown keys are refused. */
const nothing = z.strictObject({});

function validate<S extends z.ZodMiniType>(schema: S, value: unknown, part: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.flatMap((issue) => {
    const base = [part, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: `${base}.${key}`, message: 'Unknown field' }));
    }
    return [{ field: base, message: issue.message }];
  });
  throw new ValidationError(
    `Check these fields: ${issues.map((issue) => issue.field).join(', ')}.`,
    issues,
  );
}

function respond(result: HttpResult): HttpResponse {
  if (result.text !== undefined) {
    return { statusCode: result.status ?? 200, headers: result.headers, body: result.text };
  }
  return {
    statusCode: result.status ?? 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...result.headers },
    body: result.body === undefined ? '' : JSON.stringify(result.body),
  };
}

export interface HandlerOptions {
  /** Where the unit, office and leaders a caller names are checked; see below for the default. */
  directory?: CallerDirectory;
}

/**
 * By default, the directory installed by the module that reaches the table, which every
 * function with table access imports before it builds its handler. A function without
 * table access (health, the OpenAPI document) reads nothing of any unit and carries no
 * database client: its callers' claims are checked for form, role and expiry only.
 */
function callerDirectoryFor(name: string, table: RouteSpec['table']): CallerDirectory | undefined {
  if (table === 'none') return undefined;
  const directory = installedCallerDirectory();
  if (!directory) throw new Error(`${name} reads the table but no caller directory is installed`);
  return directory;
}

/**
 * Builds a Lambda handler for one route: the shared middleware stack, then strict
 * validation of path, query and body against the route's contract, then the route's
 * own function. Roles come from the function's manifest entry, which the function file
 * passes in (the lower layers never read the manifest themselves).
 */
export function httpHandler<C extends RouteContract>(
  spec: RouteSpec,
  contract: C,
  run: (
    request: HttpRequest<
      Infer<C['params'], Record<string, never>>,
      Infer<C['query'], Record<string, never>>,
      Infer<C['body'], undefined>
    >,
  ) => Promise<HttpResult>,
  options: HandlerOptions = {},
) {
  if (!spec.http) throw new Error(`${contract.name} has no route in the manifest`);
  const route = spec.http;
  const directory = options.directory ?? callerDirectoryFor(contract.name, spec.table);

  const handler = middy<HttpEvent, HttpResponse, Error, RequestContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpSecurityHeaders(securityHeaders))
    .use(problemErrors())
    .use(authorizeRoles(route.roles, { directory }))
    .use(jsonBody({ expectsBody: contract.body !== undefined }))
    .handler(async (event, context) => {
      const params = validate(contract.params ?? nothing, event.pathParameters ?? {}, 'path');
      const query = validate(contract.query ?? nothing, event.queryStringParameters ?? {}, 'query');
      const body = contract.body ? validate(contract.body, context.jsonBody, 'body') : undefined;
      const caller = context.caller as Caller;
      const result = await run({ params, query, body, caller, event } as Parameters<typeof run>[0]);
      logger.info('request served', { routeKey: event.routeKey, status: result.status ?? 200 });
      return respond(result);
    });
  // Said on the handler, so a test can check each function file passed its own entry.
  return Object.assign(handler, { route: { spec, contract: contract.name } });
}
