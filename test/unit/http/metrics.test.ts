import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as health } from '#functions/health.ts';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';
import { getAnPhu } from '../functions/get-an-phu.ts';
import {
  captureLambdaMetrics,
  dimensionsOf,
  loggedMetrics,
  logger,
  valuesOf,
} from './metrics-capture.ts';

const dynamo = mockClient(DynamoDBDocumentClient);

describe('requests refused, as metrics on Lambda', () => {
  const emf = captureLambdaMetrics();
  beforeEach(() => dynamo.reset());

  it('counts a 404 as one RequestsRefused of kind not-found, in the Thaogo namespace', async () => {
    dynamo.on(GetCommand).resolves({});
    expect((await getAnPhu()).statusCode).toBe(404);
    expect(emf.docs).toHaveLength(1);
    const [doc] = emf.docs;
    if (!doc) throw new Error('no EMF document');
    expect(valuesOf(doc)).toEqual({ RequestsRefused: 1 });
    expect(dimensionsOf(doc)).toEqual({ service: 'thaogo', kind: 'not-found' });
    expect(doc._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Thaogo',
        Dimensions: [['service', 'kind']],
        Metrics: [{ Name: 'RequestsRefused', Unit: 'Count' }],
      },
    ]);
  });

  it('names each refusal by the problem type it answered, 4xx and 5xx alike', async () => {
    const anonymous = httpEvent({ routeKey: 'GET /health' });
    dynamo
      .on(GetCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .rejectsOnce(new Error('something broke'));
    const responses = [
      await health(
        httpEvent({ routeKey: 'GET /health', queryStringParameters: { debug: '1' } }),
        lambdaContext,
      ),
      await health(httpEvent({ routeKey: 'GET /health', claims: { sub: 'x' } }), lambdaContext),
      await health(
        {
          ...anonymous,
          requestContext: { ...anonymous.requestContext, authorizer: undefined as never },
        },
        lambdaContext,
      ),
      await getAnPhu(),
      await getAnPhu(),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([400, 403, 401, 503, 500]);
    const types = responses.map((r) => JSON.parse(r.body ?? '').type as string);
    expect(emf.docs.map((doc) => `urn:thaogo:problem:${dimensionsOf(doc).kind}`)).toEqual(types);
    expect(emf.docs.map((doc) => dimensionsOf(doc).kind)).toContain('validation');
    expect(new Set(types).size).toBe(5);
    for (const doc of emf.docs) expect(valuesOf(doc)).toEqual({ RequestsRefused: 1 });
  });

  it('counts nothing for a request served', async () => {
    dynamo.on(GetCommand).resolves({ Item: { PK: 'UNITS', SK: 'UNIT#an-phu', id: 'an-phu' } });
    expect((await getAnPhu()).statusCode).toBe(200);
    expect((await health(httpEvent({ routeKey: 'GET /health' }), lambdaContext)).statusCode).toBe(
      200,
    );
    expect(emf.docs).toEqual([]);
  });
});

describe('requests refused, off Lambda', () => {
  beforeEach(() => dynamo.reset());

  it('hands the same document to the structured log, and writes nothing to stdout', async () => {
    const info = vi.spyOn(logger, 'info');
    const stdout = vi.spyOn(process.stdout, 'write');
    try {
      dynamo.on(GetCommand).resolves({});
      expect((await getAnPhu()).statusCode).toBe(404);
      const docs = loggedMetrics(info);
      expect(docs).toHaveLength(1);
      expect(valuesOf(docs[0] as never)).toEqual({ RequestsRefused: 1 });
      expect(dimensionsOf(docs[0] as never)).toEqual({ service: 'thaogo', kind: 'not-found' });
      const written = stdout.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(written).not.toContain('RequestsRefused');
    } finally {
      vi.restoreAllMocks();
    }
  });
});
