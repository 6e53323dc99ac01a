import type { Request } from '@middy/core';
import { describe, expect, it } from 'vitest';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';
import {
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '#shared/http/errors.ts';
import {
  type HttpEvent,
  type HttpResponse,
  jsonBody,
  type RequestContext,
} from '#shared/http/middlewares.ts';

function request(body: string | undefined, contentType?: string) {
  return {
    event: httpEvent({
      routeKey: 'POST /obstacles',
      body,
      headers: contentType ? { 'content-type': contentType } : {},
    }),
    context: { ...lambdaContext } as RequestContext,
    response: undefined,
    error: undefined,
    internal: {},
  } as unknown as Request<HttpEvent, HttpResponse, Error, RequestContext>;
}

const parseBody = jsonBody({ expectsBody: true }).before as (r: unknown) => Promise<void>;

describe('JSON body middleware', () => {
  it('parses a JSON body, charset and +json types included', async () => {
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'application/merge-patch+json',
    ]) {
      const r = request('{"title":"Thiếu công chức"}', type);
      await parseBody(r);
      expect(r.context.jsonBody).toEqual({ title: 'Thiếu công chức' });
    }
  });

  it('refuses a body that is not JSON with 415', async () => {
    await expect(
      parseBody(request('title=x', 'application/x-www-form-urlencoded')),
    ).rejects.toThrow(UnsupportedMediaTypeError);
    await expect(parseBody(request('{}'))).rejects.toThrow(UnsupportedMediaTypeError);
  });

  it('refuses malformed JSON with 400', async () => {
    await expect(parseBody(request('{"title":', 'application/json'))).rejects.toThrow(
      MalformedJsonError,
    );
  });

  it('refuses a body over 64 KB with 413, counting bytes not characters', async () => {
    // 22,000 "Đ" are 44,000 bytes in UTF-8: under the cap. 33,000 are 66,000 bytes: over.
    await expect(
      parseBody(request(JSON.stringify('Đ'.repeat(22_000)), 'application/json')),
    ).resolves.toBeUndefined();
    await expect(
      parseBody(request(JSON.stringify('Đ'.repeat(33_000)), 'application/json')),
    ).rejects.toThrow(PayloadTooLargeError);
  });
});
