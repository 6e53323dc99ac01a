import type { MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { Role } from '../domain/caller.ts';
import { authorize, type Caller, readCaller } from './caller.ts';
import type { CallerDirectory } from './caller-directory.ts';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors.ts';
import { logger } from './logger.ts';
import { countRefusal } from './metrics.ts';
import { problemResponse, toProblem } from './problem.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

/** What the middlewares learn about a request and hand to the route. */
export interface RequestContext extends Context {
  caller?: Caller;
  jsonBody?: unknown;
}

type Middleware = MiddlewareObj<HttpEvent, HttpResponse, Error, RequestContext>;

export const maxBodyBytes = 64 * 1024;

/**
 * Every error becomes problem+json here, and only here. 4xx answers are logged as
 * information with their type; 5xx with the error itself, which the client never sees.
 * Each is counted once, as `RequestsRefused` of its kind (see metrics.ts).
 */
export function problemErrors(): Middleware {
  return {
    onError: async (request) => {
      const { problem, headers } = toProblem(request.error);
      const fields = {
        routeKey: request.event.routeKey,
        status: problem.status,
        type: problem.type,
      };
      if (problem.status >= 500)
        logger.error('request failed', { ...fields, error: request.error });
      else logger.info('request refused', fields);
      countRefusal(problem);
      request.response = problemResponse(problem, headers);
    },
  };
}

/**
 * Reads the verified claims, strictly, checks the unit, office and leaders they name
 * against the directory, and the caller's role against the manifest's.
 */
export function authorizeRoles(
  allowed: readonly Role[],
  options: { directory?: CallerDirectory } = {},
): Middleware {
  return {
    before: async (request) => {
      const caller = await readCaller(request.event, { directory: options.directory });
      authorize(caller, allowed);
      request.context.caller = caller;
      logger.appendKeys({ callerSub: caller.sub, callerRole: caller.role });
    },
  };
}

function bodyBytes(event: HttpEvent): Buffer | undefined {
  if (event.body === undefined || event.body === null) return undefined;
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

const jsonMediaType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Caps every body at 64 KB (413), and for routes that take one, requires JSON (415) that
 * parses (400). Written here rather than taken from @middy/http-json-body-parser, which
 * answers malformed JSON with 415 and has no size cap.
 */
export function jsonBody(options: { expectsBody: boolean }): Middleware {
  return {
    before: async (request) => {
      const raw = bodyBytes(request.event);
      if (raw && raw.byteLength > maxBodyBytes) {
        throw new PayloadTooLargeError(
          `The body is ${raw.byteLength} bytes; the limit is ${maxBodyBytes} bytes (64 KB).`,
        );
      }
      if (!options.expectsBody) return;
      const contentType = request.event.headers?.['content-type'] ?? '';
      if (!jsonMediaType.test(contentType)) {
        throw new UnsupportedMediaTypeError(
          'Send the body as JSON with "Content-Type: application/json".',
        );
      }
      try {
        request.context.jsonBody = JSON.parse(raw ? raw.toString('utf8') : '');
      } catch {
        throw new MalformedJsonError('The body could not be parsed as JSON.');
      }
    },
  };
}
