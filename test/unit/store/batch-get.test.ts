import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';
import { ServiceBusyError } from '#shared/domain/errors.ts';
import { type HttpEvent, type HttpResponse, problemErrors } from '#shared/http/middlewares.ts';
import { toProblem } from '#shared/http/problem.ts';
import { batchGet } from '#shared/store/batch-get.ts';
import { documentClient } from '#shared/store/client.ts';
import { type ItemKey, keys } from '#shared/store/keys.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const table = 'thaogo-unit';
const taskIds = ['01JZ9SENG00000000000000101', '01JZ9SENG00000000000000102'];
const itemKeys = taskIds.map(keys.task);

/** A sleep that records what it was asked to wait and returns at once. */
function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const unprocessedAll = (input: { RequestItems?: Record<string, { Keys?: unknown[] }> }) => ({
  Responses: { [table]: [] },
  UnprocessedKeys: { [table]: { Keys: input.RequestItems?.[table]?.Keys ?? [] } },
});

describe('batchGet under throttling', () => {
  beforeEach(() => dynamo.reset());

  it('R2: bounds the retries of unprocessed keys to 5 requests, then throws the database-busy error answered 503 with Retry-After', async () => {
    dynamo.on(BatchGetCommand).callsFake(unprocessedAll);
    const { waits, sleep } = fakeSleep();
    const error = await batchGet(documentClient, table, itemKeys, {
      sleep,
      random: () => 0.999,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceBusyError);
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(5);
    // Four waits between five requests, under a ceiling that doubles each time (the store's
    // one policy waits whole milliseconds).
    expect(waits).toHaveLength(4);
    [100, 200, 400, 800].forEach((ceiling, i) => {
      expect(waits[i]).toBeLessThan(ceiling);
      expect(waits[i]).toBeGreaterThanOrEqual(ceiling * 0.99);
    });
    const { problem, headers } = toProblem(error);
    expect(problem.status).toBe(503);
    expect(problem.type).toBe('urn:thaogo:problem:throttled');
    expect(headers['Retry-After']).toBe('2');
  });

  it('R2: waits a full-jitter draw under the ceiling, capped however many attempts are allowed', async () => {
    dynamo.on(BatchGetCommand).callsFake(unprocessedAll);
    const { waits, sleep } = fakeSleep();
    const draws = [0, 0.25, 0.5, 0.75, 0.5, 0.5, 0.5];
    await expect(
      batchGet(documentClient, table, itemKeys, {
        sleep,
        attempts: 8,
        random: () => draws.shift() ?? 0,
      }),
    ).rejects.toBeInstanceOf(ServiceBusyError);
    expect(waits).toEqual([0, 50, 200, 600, 400, 400, 400]);
  });

  it('R2: asks again only for the keys left unprocessed and returns every item once they come', async () => {
    const [first, second] = itemKeys as [ItemKey, ItemKey];
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [table]: [{ ...first, id: taskIds[0] }] },
        UnprocessedKeys: { [table]: { Keys: [second] } },
      })
      .resolvesOnce({ Responses: { [table]: [{ ...second, id: taskIds[1] }] } });
    const { waits, sleep } = fakeSleep();
    const items = await batchGet(documentClient, table, itemKeys, { sleep });
    expect(items.map((item) => item.id).sort()).toEqual(taskIds);
    const calls = dynamo.commandCalls(BatchGetCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.RequestItems?.[table]?.Keys).toEqual([second]);
    expect(waits).toHaveLength(1);
  });
});

describe('a request whose batch read stays unprocessed', () => {
  beforeEach(() => {
    dynamo.reset();
    // No waits, so the default backoff costs nothing here.
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => vi.restoreAllMocks());

  it('R2: answers 503 problem+json with Retry-After through the API error middleware, after 5 batch reads', async () => {
    dynamo.on(BatchGetCommand).callsFake(unprocessedAll);
    const handler = middy<HttpEvent, HttpResponse, Error, Context>()
      .use(problemErrors())
      .handler(async () => {
        const items = await batchGet(documentClient, table, itemKeys);
        return { statusCode: 200, body: JSON.stringify(items) };
      });
    const response = await handler(httpEvent({ routeKey: 'GET /visits/{visitId}' }), lambdaContext);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['Retry-After']).toBe('2');
    expect(response.headers?.['Content-Type']).toBe('application/problem+json');
    expect(JSON.parse(response.body ?? '{}').type).toBe('urn:thaogo:problem:throttled');
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(5);
  });
});
