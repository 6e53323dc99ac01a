import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LimitReachedError } from '#shared/domain/errors.ts';
import type { FindingCreations } from '#shared/domain/visits/ports.ts';
import type { Obstacle, ObstacleEvent } from '#shared/schemas/obstacles.ts';
import type { Task, TaskEvent } from '#shared/schemas/tasks.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createVisitsRepository, findingFitsOneWrite } from '#shared/store/entities/visit.ts';
import {
  fitsOneTransaction,
  maxTransactionItems,
  putNew,
  transact,
  type WriteItem,
} from '#shared/store/transactions.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const doc = toDocumentClient(new DynamoDBClient({ region: 'ap-southeast-1' }));

const items = (n: number): WriteItem[] =>
  Array.from({ length: n }, (_, i) => putNew('t', { PK: `X#${i}`, SK: 'X' }));

const obstacle = {
  obstacle: {
    id: '01JZ73M2W00000000000000001',
    unitId: 'an-phu',
    category: 'equipment',
    status: 'reported',
    createdAt: '2025-07-03T03:00:00Z',
    statusChangedAt: '2025-07-03T03:00:00Z',
  } as Obstacle,
  event: { obstacleId: '01JZ73M2W00000000000000001', version: 1 } as ObstacleEvent,
};

/** A task of `assignees` units: the task, its event, a listing per assignee and one for all. */
const task = (i: number, assignees: number) => ({
  task: {
    id: `T${i}`,
    status: 'assigned',
    createdAt: '2025-07-03T03:00:00Z',
    currentDue: '2025-07-10',
    assignees: Array.from({ length: assignees }, (_, a) => ({
      kind: 'unit',
      id: `xa-${a}`,
      name: `Xã ${a}`,
      role: a === 0 ? 'lead' : 'coordinator',
    })),
  } as Task,
  event: { taskId: `T${i}`, id: `E${i}`, at: '2025-07-03T03:00:00Z' } as TaskEvent,
});

describe('the transaction bound', () => {
  beforeEach(() => dynamo.reset());

  it('is DynamoDB’s 100 items, counted with what is still to be added', () => {
    expect(maxTransactionItems).toBe(100);
    expect(fitsOneTransaction(items(100))).toBe(true);
    expect(fitsOneTransaction(items(100), 1)).toBe(false);
    expect(fitsOneTransaction(items(99), 1)).toBe(true);
  });

  it('refuses a write past it as a limit reached, sending nothing', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await expect(transact(doc, items(101))).rejects.toBeInstanceOf(LimitReachedError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
    await transact(doc, items(100));
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('whether a finding fits one write', () => {
  beforeEach(() => dynamo.reset());

  // The finding (1), its obstacle with event and 8 listings (10), tasks of 3 assignees
  // (task, event, 3 listings and the city's: 6 each), and the idempotency record (1).
  it('counts exactly what the store writes for it, the idempotency record included', () => {
    const of = (tasks: number, withObstacle: boolean): FindingCreations => ({
      ...(withObstacle ? { obstacle } : {}),
      tasks: Array.from({ length: tasks }, (_, i) => task(i, 3)),
    });
    // 1 + 16 × 6 = 97; 1 + 10 + 14 × 6 = 95.
    expect(findingFitsOneWrite(of(16, false), true)).toBe(true);
    expect(findingFitsOneWrite(of(14, true), true)).toBe(true);
    // 1 + 10 + 14 × 6 + 5 = 100 with one task of two assignees more (task, event, 3 listings).
    const full: FindingCreations = { obstacle, tasks: [...of(14, false).tasks, task(99, 2)] };
    expect(findingFitsOneWrite(full, false)).toBe(true);
    expect(findingFitsOneWrite(full, true)).toBe(false);
    expect(findingFitsOneWrite(of(17, false), false)).toBe(false);
  });

  it('is what the visits store answers, and what it writes is that many items', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const visits = createVisitsRepository(doc, 't');
    const creations: FindingCreations = { obstacle, tasks: [task(1, 2), task(2, 1)] };
    expect(visits.fitsOneWrite(creations, undefined)).toBe(true);
    await visits.addFinding(
      {
        id: 'F1',
        visitId: 'V1',
        kind: 'directive',
        text: 'x',
        taskIds: ['T1', 'T2'],
        createdBy: { sub: 'd', name: 'd', role: 'delegation' },
        createdAt: '2025-07-03T03:00:00Z',
      },
      creations,
      undefined,
    );
    const written = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    // 1 + 10 + (2 + 3) + (2 + 2)
    expect(written).toHaveLength(20);
  });
});
