import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/units/get.ts';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';
import { getAnPhu } from './get-an-phu.ts';

const dynamo = mockClient(DynamoDBDocumentClient);

describe('GET /units/{unitId} handler', () => {
  beforeEach(() => dynamo.reset());

  it('reads the unit by its key and returns it without storage attributes', async () => {
    dynamo.on(GetCommand).resolves({
      Item: { PK: 'UNITS', SK: 'UNIT#an-phu', entity: 'Unit', id: 'an-phu', name: 'An Phú' },
    });
    const response = await getAnPhu();
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '')).toEqual({ id: 'an-phu', name: 'An Phú' });
    const calls = dynamo.commandCalls(GetCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      TableName: 'thaogo-unit',
      Key: { PK: 'UNITS', SK: 'UNIT#an-phu' },
    });
  });

  it('answers 404 problem+json when the unit is absent', async () => {
    dynamo.on(GetCommand).resolves({});
    const response = await getAnPhu();
    expect(response.statusCode).toBe(404);
    expect(response.headers?.['Content-Type']).toBe('application/problem+json');
  });

  it('hides the details of an unexpected failure', async () => {
    dynamo
      .on(GetCommand)
      .rejects(new Error('User arn:aws:iam::123456789012:role/x is not authorized on thaogo-unit'));
    const response = await getAnPhu();
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/arn:aws|thaogo-unit|authorized/);
    expect(JSON.parse(response.body ?? '')).toMatchObject({ type: 'urn:thaogo:problem:internal' });
  });

  it('answers 503 with Retry-After when DynamoDB throttles past the SDK retries', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
    });
    dynamo.on(GetCommand).rejects(throttled);
    const response = await getAnPhu();
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['Retry-After']).toBe('2');
  });

  it('answers 403 to a commune token that names no unit, before reading anything', async () => {
    const response = await handler(
      httpEvent({
        routeKey: 'GET /units/{unitId}',
        pathParameters: { unitId: 'an-phu' },
        claims: { sub: 'x', 'cognito:groups': '[commune]' },
      }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(403);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });
});
