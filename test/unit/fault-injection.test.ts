import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/obstacles/transition.ts';
import { httpEvent, lambdaContext } from './lambda-fixtures.ts';

const dynamo = mockClient(DynamoDBDocumentClient);

const stored = {
  PK: 'OBSTACLE#01JZ73M2W00000000000000001',
  SK: 'OBSTACLE',
  id: '01JZ73M2W00000000000000001',
  unitId: 'nguyen-giap',
  unitName: 'Nguyên Giáp',
  category: 'staffing',
  title: 'Thiếu công chức',
  description: 'x',
  severity: 'high',
  source: { kind: 'commune-report' },
  status: 'reported',
  version: 1,
  reportedBy: { sub: 'c', name: 'c', role: 'commune' },
  createdAt: '2025-07-03T03:00:00Z',
  updatedAt: '2025-07-03T03:00:00Z',
  statusChangedAt: '2025-07-03T03:00:00Z',
};

const acknowledge = () =>
  handler(
    httpEvent({
      routeKey: 'POST /obstacles/{id}/transitions',
      pathParameters: { id: stored.id },
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ action: 'acknowledge' }),
      claims: { sub: 'o', 'cognito:groups': '[city-office]', 'custom:orgId': 'van-phong-thanh-uy' },
    }),
    lambdaContext,
  );

describe('faults on the write path', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({ Item: stored });
  });

  it('answers 503 with Retry-After when DynamoDB throttles past the SDK retries, having sent one transaction', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Throughput exceeds the current capacity'), {
        name: 'ThrottlingException',
      }),
    );
    const response = await acknowledge();
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['Retry-After']).toBe('2');
    expect(response.body).not.toMatch(/capacity/);
    // The change, its event and its listings travel in that one transaction: all or nothing.
    const calls = dynamo.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(1);
    const items = calls[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put?.ConditionExpression).toBe('version = :expected');
    expect(items[1]?.Put?.Item?.SK).toBe('EVENT#000002');
  });

  it('answers 412 when the version condition cancels the transaction', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    const response = await acknowledge();
    expect(response.statusCode).toBe(412);
  });

  it('reads again once after a transaction conflict, then reports the stale version', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'TransactionConflict' }],
      }),
    );
    const response = await acknowledge();
    expect(response.statusCode).toBe(412);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
  });
});
