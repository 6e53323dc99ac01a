import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler as submitDossierReport } from '#functions/dossiers/submit.ts';
import { handler as reportObstacle } from '#functions/obstacles/create.ts';
import { handler } from '#functions/obstacles/transition.ts';
import { handler as addFinding } from '#functions/visits/add-finding.ts';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createEscalationRecorder } from '#shared/store/digest-source.ts';
import { keys } from '#shared/store/keys.ts';
import { defaultRetry } from '#shared/store/retry.ts';
import { sampleDossierReport, sampleObstacle } from '../../../bench/fixtures/records.ts';

const dynamo = mockClient(DynamoDBDocumentClient);

const stored = {
  PK: 'OBSTACLE#01JZ73M2W00000000000000001',
  SK: 'OBSTACLE',
  ...sampleObstacle(),
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

  // If-Match staleness is 412: the client sent a precondition (the version it read) and
  // it no longer holds. A create sends none, so a condition cancel there is a 409 (below).
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

  it('M6: retries a persistent transaction conflict a bounded number of times, then answers 503 busy with Retry-After', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'TransactionConflict' }],
      }),
    );
    const response = await acknowledge();
    expectProblem(response, 503, 'busy');
    expect(response.headers?.['Retry-After']).toBe('2');
    // The same transaction, tried again by the store's retry policy; one read before it.
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(defaultRetry.attempts);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
  });
});

/** A transaction DynamoDB cancelled, with one reason per item, in order. */
function cancelled(codes: string[]) {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

/** The reasons of a transaction of `size` items whose item at `failing` met its condition false. */
function conditionFailedAt(failing: number, size: number) {
  return cancelled(
    Array.from({ length: size }, (_, i) => (i === failing ? 'ConditionalCheckFailed' : 'None')),
  );
}

const unit = (id: string, name: string) => ({
  ...keys.unit(id),
  id,
  name,
  kind: 'xa',
  formedFrom: [],
  serviceCenter: { name: 'Trung tâm phục vụ hành chính công' },
  notes: [],
  contacts: [`ttphvhc.${id}@haiphong.example`],
});

/** The only write of the request was that one transaction: nothing else changed. */
function expectOnlyTheTransaction() {
  expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(0);
  return dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
}

function expectProblem(
  response: Awaited<ReturnType<typeof reportObstacle>>,
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers?.['Content-Type']).toBe('application/problem+json');
  expect(JSON.parse(response.body ?? '{}')).toMatchObject({
    type: `urn:thaogo:problem:${code}`,
    status,
  });
}

const commune = { sub: 'c-1', 'cognito:groups': '[commune]', 'custom:unitId': 'nguyen-giap' };

/** Nguyên Giáp's commune submits its dossier figures of 3 July 2025. */
const submitJuly3 = (figures: object, headers: Record<string, string> = {}) =>
  submitDossierReport(
    httpEvent({
      routeKey: 'PUT /units/{unitId}/dossier-reports/{date}',
      pathParameters: { unitId: 'nguyen-giap', date: '2025-07-03' },
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(figures),
      claims: commune,
    }),
    lambdaContext,
  );
const obstacleBody = {
  category: 'staffing',
  title: 'Thiếu công chức địa chính',
  description: 'Hai vị trí còn trống',
  severity: 'high',
};
const createObstacle = (headers: Record<string, string> = {}) =>
  reportObstacle(
    httpEvent({
      routeKey: 'POST /obstacles',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(obstacleBody),
      claims: commune,
    }),
    lambdaContext,
  );

/**
 * A create's items are all conditioned on their key being free. A cancel on one of them
 * (another request wrote that item first) is a conflict with what exists, 409; no
 * If-Match was sent, so 412 would name a precondition the client never gave.
 */
describe('a create cancelled by a condition', () => {
  beforeEach(() => {
    dynamo.reset();
    dynamo.on(GetCommand).resolves({});
    dynamo.on(GetCommand, { Key: keys.unit('nguyen-giap') }).resolves({
      Item: unit('nguyen-giap', 'Nguyên Giáp'),
    });
    dynamo
      .on(GetCommand, { Key: keys.unit('an-phu') })
      .resolves({ Item: unit('an-phu', 'An Phú') });
  });

  it('answers 409 to an obstacle whose item exists, with its event and listings in the one transaction', async () => {
    // The obstacle, its first event and its 8 listings.
    dynamo.on(TransactWriteCommand).rejects(conditionFailedAt(0, 10));
    const response = await createObstacle();
    expectProblem(response, 409, 'already-exists');
    const items = expectOnlyTheTransaction();
    expect(items).toHaveLength(10);
    expect(items[0]?.Put?.Item?.SK).toBe('OBSTACLE');
    expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(items[1]?.Put?.Item?.SK).toBe('EVENT#000001');
    expect(items.slice(2).every((item) => String(item.Put?.Item?.PK).startsWith('OBSLIST#'))).toBe(
      true,
    );
  });

  it('M6: a create without Idempotency-Key that keeps losing a race to another transaction answers 503 busy after bounded retries, never 500', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled(Array(10).fill('TransactionConflict')));
    const response = await createObstacle();
    expectProblem(response, 503, 'busy');
    expect(response.headers?.['Retry-After']).toBe('2');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(defaultRetry.attempts);
  });

  it('answers 409 to a visit finding whose obstacle exists: finding, obstacle, event and listings all refused together', async () => {
    const visitId = '01JZ73M2W0000000000000000V';
    dynamo.on(GetCommand, { Key: keys.visit(visitId) }).resolves({
      Item: {
        ...keys.visit(visitId),
        id: visitId,
        date: '2025-07-03',
        leaders: [{ id: 'le-tien-chau', name: 'Lê Tiến Châu', title: 'Bí thư Thành ủy' }],
        units: [{ id: 'an-phu', name: 'An Phú' }],
        purpose: 'Kiểm tra trung tâm phục vụ hành chính công',
        createdBy: { sub: 'd-1', name: 'd', role: 'delegation' },
        createdAt: '2025-07-03T02:00:00Z',
      },
    });
    // The finding, then the obstacle (refused), its event and its 8 listings.
    dynamo.on(TransactWriteCommand).rejects(conditionFailedAt(1, 11));
    const response = await addFinding(
      httpEvent({
        routeKey: 'POST /visits/{visitId}/findings',
        pathParameters: { visitId },
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'concern',
          unitId: 'an-phu',
          text: 'Thiếu máy scan hồ sơ',
          obstacle: { ...obstacleBody, category: 'equipment' },
        }),
        claims: { sub: 'd-1', 'cognito:groups': '[delegation]', 'custom:leaderId': 'le-tien-chau' },
      }),
      lambdaContext,
    );
    expectProblem(response, 409, 'already-exists');
    const items = expectOnlyTheTransaction();
    expect(items).toHaveLength(11);
    expect(items.slice(0, 3).map((item) => String(item.Put?.Item?.SK).split('#')[0])).toEqual([
      'FINDING',
      'OBSTACLE',
      'EVENT',
    ]);
    expect(items.slice(3).every((item) => String(item.Put?.Item?.PK).startsWith('OBSLIST#'))).toBe(
      true,
    );
  });

  it('answers 409 to a first dossier report when another for that day was filed meanwhile', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    // The report, its history entry (version 1) and the unit's revision.
    dynamo.on(TransactWriteCommand).rejects(conditionFailedAt(0, 3));
    const response = await submitJuly3({
      received: 10,
      resolved: 4,
      resolvedOnTime: 4,
      overdue: 0,
    });
    expectProblem(response, 409, 'already-exists');
    const items = expectOnlyTheTransaction();
    expect(items.map((item) => item.Put?.Item?.SK)).toEqual(['2025-07-03', 'V#000001', 'REVISION']);
    expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
  });

  it('still answers 412 to a dossier correction whose If-Match went stale meanwhile', async () => {
    const filed = { ...keys.dossierReport('nguyen-giap', '2025-07-03'), ...sampleDossierReport() };
    dynamo.on(GetCommand, { Key: keys.dossierReport('nguyen-giap', '2025-07-03') }).resolves({
      Item: filed,
    });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(TransactWriteCommand).rejects(conditionFailedAt(0, 2));
    const response = await submitJuly3(
      { received: 11, resolved: 4, resolvedOnTime: 4, overdue: 0 },
      { 'if-match': '"1"' },
    );
    expectProblem(response, 412, 'stale-version');
    const items = expectOnlyTheTransaction();
    expect(items[0]?.Put?.ConditionExpression).toBe('version = :expected');
  });

  it('answers 422 when a concurrent request claimed the Idempotency-Key with another body', async () => {
    const claimKey = keys.idempotency('c-1', 'createObstacle', 'POST /obstacles {}#offline-42');
    // Free when the request looked, taken by another body when its transaction ran.
    dynamo
      .on(GetCommand, { Key: claimKey })
      .resolvesOnce({})
      .resolves({
        Item: {
          ...claimKey,
          fingerprint: 'another-body',
          response: {},
          expiresAt: Math.floor(Date.now() / 1000) + 3600,
        },
      });
    // The obstacle's 10 items, then the claim (refused).
    dynamo.on(TransactWriteCommand).rejects(conditionFailedAt(10, 11));
    const response = await createObstacle({ 'idempotency-key': 'offline-42' });
    expectProblem(response, 422, 'idempotency-key-reused');
    const items = expectOnlyTheTransaction();
    expect(items.at(-1)?.Put?.Item?.SK).toBe('createObstacle#POST /obstacles {}#offline-42');
  });
});

describe('a ladder level written already', () => {
  beforeEach(() => dynamo.reset());

  it('H3: is a versioned write; when the task moved on meanwhile it reads again and does not write a level reached already', async () => {
    dynamo.on(TransactWriteCommand).rejects(conditionFailedAt(0, 4));
    const task = {
      id: '01JZ73M2W0000000000000000T',
      createdAt: '2025-07-01T02:00:00Z',
      assignees: [{ kind: 'unit', id: 'an-phu', name: 'An Phú', role: 'lead' }],
      assigner: { leaderId: 'le-tien-chau' },
      status: 'in_progress',
      currentDue: '2025-07-04',
      version: 3,
      escalationLevel: 1,
    } as unknown as Task;
    // Someone else's change and the level-2 write of another run happened since the read.
    dynamo
      .on(GetCommand, { Key: keys.task(task.id) })
      .resolves({ Item: { ...keys.task(task.id), ...task, version: 5, escalationLevel: 2 } });
    const recorder = createEscalationRecorder(documentClient, tableConfig.tableName);
    expect(await recorder.recordTaskLevel(task, 2, '2025-07-10T08:00:00+07:00')).toBe(false);
    const writes = dynamo.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const put = writes[0]?.args[0].input.TransactItems?.[0]?.Put;
    expect(put?.ConditionExpression).toBe('version = :expected');
    expect(put?.ExpressionAttributeValues).toEqual({ ':expected': 3 });
    expect(put?.Item).toMatchObject({ version: 4, escalationLevel: 2 });
  });
});
