import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BusyError, PreconditionFailedError } from '#shared/domain/errors.ts';
import { createUlidFactory } from '#shared/ids.ts';
import { documentClient } from '#shared/store/client.ts';
import { backoffMs, withRetry } from '#shared/store/retry.ts';
import { writeVersioned } from '#shared/store/versioned-write.ts';

const dynamo = mockClient(documentClient);

const cancelled = (codes: string[]) =>
  Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('the store retry policy', () => {
  it('waits a full-jitter draw under a ceiling that doubles up to its cap', () => {
    const policy = { attempts: 6, baseMs: 10, maxMs: 50 };
    expect([0, 1, 2, 3, 4].map((n) => backoffMs(n, { ...policy, random: () => 0.999 }))).toEqual([
      9, 19, 39, 49, 49,
    ]);
    expect(backoffMs(3, { ...policy, random: () => 0 })).toBe(0);
  });

  it('stops at its bound and throws what `exhausted` makes of the last error', async () => {
    const waits: number[] = [];
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw new Error('collided');
      },
      () => true,
      (error) => new BusyError(`gave up: ${(error as Error).message}`),
      {
        attempts: 3,
        baseMs: 10,
        maxMs: 100,
        random: () => 0.5,
        sleep: async (ms) => void waits.push(ms),
      },
    );
    await expect(failing).rejects.toThrow('gave up: collided');
    expect(calls).toBe(3);
    expect(waits).toEqual([5, 10]);
  });

  it('does not retry what is not retryable', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new PreconditionFailedError('stale');
        },
        () => false,
        () => new Error('never'),
      ),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(calls).toBe(1);
  });
});

describe('writeVersioned', () => {
  beforeEach(() => dynamo.reset());
  const write = () =>
    writeVersioned(
      documentClient,
      {
        tableName: 't',
        key: { PK: 'TASK#1', SK: 'TASK' },
        item: { id: '1', version: 4 },
        expectedVersion: 3,
        with: [{ Put: { TableName: 't', Item: { PK: 'TASK#1', SK: 'EVENT#x' } } }],
        staleMessage: 'stale',
      },
      { attempts: 3, baseMs: 1, maxMs: 1, sleep: async () => {} },
    );

  it('H3: puts the item conditioned on the version it read, with its event, in one transaction', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    await write();
    const [call] = dynamo.commandCalls(TransactWriteCommand);
    const items = call?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put).toMatchObject({
      Item: { PK: 'TASK#1', SK: 'TASK', version: 4 },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 3 },
    });
    expect(items).toHaveLength(2);
  });

  it('H3: refuses a write that does not raise the version by exactly one', async () => {
    await expect(
      writeVersioned(documentClient, {
        tableName: 't',
        key: { PK: 'TASK#1', SK: 'TASK' },
        item: { id: '1', version: 3 },
        expectedVersion: 3,
        with: [],
        staleMessage: 'stale',
      }),
    ).rejects.toThrow('exactly one');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers a failed version check 412 at once, and a persistent collision 503 after the bound', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled(['ConditionalCheckFailed', 'None']));
    await expect(write()).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
    dynamo.reset();
    dynamo.on(TransactWriteCommand).rejects(cancelled(['TransactionConflict', 'None']));
    await expect(write()).rejects.toBeInstanceOf(BusyError);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('goes through once a collision clears', async () => {
    dynamo
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['TransactionConflict', 'None']))
      .resolves({});
    await write();
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });
});

describe('ULIDs', () => {
  it('H3: ids made in the same millisecond sort in the order they were made', () => {
    // A random part at its top digits, so the increment must carry.
    const next = createUlidFactory(() => [...Array(14).fill(3), 31, 31]);
    const ids = Array.from({ length: 5 }, () => next(Date.parse('2025-07-10T01:00:00Z')));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
    expect(ids[1]?.slice(-3)).toBe('400');
    expect(ids.every((id) => id.slice(0, 10) === ids[0]?.slice(0, 10))).toBe(true);
  });

  it('draws a fresh random part in a new millisecond', () => {
    let draws = 0;
    const next = createUlidFactory(() => {
      draws++;
      return Array(16).fill(draws);
    });
    next(1000);
    next(1000);
    next(1001);
    expect(draws).toBe(2);
  });
});
