import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ServiceBusyError } from '#shared/domain/errors.ts';
import { toProblem } from '#shared/http/problem.ts';
import { Unit } from '#shared/schemas/units.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { createUnitsRepository } from '#shared/store/entities/unit.ts';
import { sent } from '#shared/store/errors.ts';
import { entity, itemReader, type StoreLog } from '#shared/store/item.ts';
import { queryAll, queryPage } from '#shared/store/reads.ts';
import { sampleObstacle } from '../../../bench/fixtures/records.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const doc = toDocumentClient(new DynamoDBClient({ region: 'ap-southeast-1' }));
const table = 'thaogo-unit';

/** A listing item under one partition, with its sort key. */
const row = (n: number, extra: Record<string, unknown> = {}) => ({
  PK: 'P',
  SK: `S${String(n).padStart(3, '0')}`,
  GSI1PK: 'G',
  GSI1SK: `g${n}`,
  n,
  ...extra,
});

/** Answers each Query with the next `pageSize` rows after its start key, then a filter. */
function partition(rows: ReturnType<typeof row>[], pageSize: number, keep = (_n: number) => true) {
  dynamo
    .on(QueryCommand)
    .callsFake((input: { Limit?: number; ExclusiveStartKey?: { SK: string } }) => {
      const start = input.ExclusiveStartKey
        ? rows.findIndex((r) => r.SK === input.ExclusiveStartKey?.SK) + 1
        : 0;
      // DynamoDB reads up to Limit items (or a page), then filters what it read.
      const read = rows.slice(start, start + Math.min(pageSize, input.Limit ?? pageSize));
      const last = read.at(-1);
      const more = last !== undefined && rows.indexOf(last) < rows.length - 1;
      return {
        Items: read.filter((r) => keep(r.n)),
        ...(more ? { LastEvaluatedKey: { PK: last.PK, SK: last.SK } } : {}),
      };
    });
}

const readRow = (item: Record<string, unknown>) => item.n as number;

describe('queryPage', () => {
  beforeEach(() => dynamo.reset());

  it('reads on after a filtered request until the page holds its limit, asking each time for what is missing', async () => {
    partition(
      Array.from({ length: 30 }, (_, i) => row(i)),
      4,
      (n) => n % 3 === 0,
    );
    const page = await queryPage(
      doc,
      { TableName: table, KeyConditionExpression: 'PK = :pk' },
      readRow,
      {
        limit: 5,
      },
    );
    expect(page.items).toEqual([0, 3, 6, 9, 12]);
    // The limit asked shrinks with what the page already holds.
    const limits = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.Limit);
    expect(limits[0]).toBe(5);
    expect(limits.at(-1)).toBeLessThan(5);
    // More rows follow: the page says where to continue, after its last item.
    expect(page.last).toEqual({ PK: 'P', SK: 'S012' });
  });

  it('continues after the key it is given, with the key attributes asked for', async () => {
    partition(
      Array.from({ length: 10 }, (_, i) => row(i)),
      10,
    );
    const page = await queryPage(doc, { TableName: table, IndexName: 'GSI1' }, readRow, {
      limit: 3,
      after: { PK: 'P', SK: 'S004' },
      keyAttributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
    });
    expect(page.items).toEqual([5, 6, 7]);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual({
      PK: 'P',
      SK: 'S004',
    });
    expect(page.last).toEqual({ PK: 'P', SK: 'S007', GSI1PK: 'G', GSI1SK: 'g7' });
  });

  it('gives no key to continue after the partition ends, even when the page is short', async () => {
    partition(
      Array.from({ length: 7 }, (_, i) => row(i)),
      2,
      (n) => n !== 3,
    );
    const page = await queryPage(doc, { TableName: table }, readRow, { limit: 25 });
    expect(page.items).toEqual([0, 1, 2, 4, 5, 6]);
    expect(page.last).toBeUndefined();
  });

  it('without a limit, reads every page to the end (queryAll)', async () => {
    partition(
      Array.from({ length: 9 }, (_, i) => row(i)),
      2,
    );
    expect(await queryAll(doc, { TableName: table }, readRow)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const calls = dynamo.commandCalls(QueryCommand);
    expect(calls).toHaveLength(5);
    expect(calls.every((call) => call.args[0].input.Limit === undefined)).toBe(true);
  });
});

const anPhu = {
  id: 'an-phu',
  name: 'An Phú',
  kind: 'xa',
  formedFrom: [],
  serviceCenter: { name: 'Trung tâm phục vụ hành chính công' },
  notes: [],
  contacts: ['ttphvhc.an-phu@haiphong.example'],
};

function recordingLog() {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const log: StoreLog = (message, fields) => void lines.push({ message, fields });
  return { lines, log };
}

describe('the parse on read', () => {
  beforeEach(() => dynamo.reset());

  it('returns the record its schema reads, without the storage attributes, and logs nothing', () => {
    const { lines, log } = recordingLog();
    const read = itemReader(Unit, entity.unit, log);
    const stored = { PK: 'UNITS', SK: 'UNIT#an-phu', entity: 'Unit', ...anPhu };
    expect(read(stored)).toEqual(anPhu);
    expect(lines).toEqual([]);
  });

  it('returns an item its schema refuses as stored, and logs its key and the failing fields, never their values', () => {
    const { lines, log } = recordingLog();
    const read = itemReader(Unit, entity.unit, log);
    const odd = { ...anPhu, kind: 'tinh', legacyCode: 'HP-017', contacts: ['không phải email'] };
    expect(read({ PK: 'UNITS', SK: 'UNIT#an-phu', GSI1PK: 'x', ...odd })).toEqual(odd);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.fields).toMatchObject({ entity: 'Unit', PK: 'UNITS', SK: 'UNIT#an-phu' });
    const fields = lines[0]?.fields.fields as string[];
    expect(fields.some((f) => f.startsWith('kind:'))).toBe(true);
    expect(fields.some((f) => f.startsWith('contacts.0:'))).toBe(true);
    expect(fields.some((f) => f.includes('legacyCode'))).toBe(true);
    expect(JSON.stringify(lines)).not.toMatch(/không phải email|HP-017|tinh/);
  });

  it('keeps an odd item in a list beside the good ones, and in its GET', async () => {
    const { lines, log } = recordingLog();
    const units = createUnitsRepository(doc, table, log);
    const odd = { ...anPhu, id: 'hong-an', name: 'Hồng An', areaKm2: 'rộng' };
    dynamo.on(QueryCommand).resolves({
      Items: [
        { PK: 'UNITS', SK: 'UNIT#an-phu', ...anPhu },
        { PK: 'UNITS', SK: 'UNIT#hong-an', ...odd },
      ],
    });
    dynamo.on(GetCommand).resolves({ Item: { PK: 'UNITS', SK: 'UNIT#hong-an', ...odd } });
    expect(await units.listUnits()).toEqual([anPhu, odd]);
    expect(await units.getUnit('hong-an')).toEqual(odd);
    expect(lines.map((line) => line.fields.SK)).toEqual(['UNIT#hong-an', 'UNIT#hong-an']);
  });

  it('drops the search text an obstacle listing copy carries', async () => {
    const obstacle = sampleObstacle({
      unitId: 'an-phu',
      unitName: 'An Phú',
      description: 'Hai vị trí còn trống',
    });
    const { lines, log } = recordingLog();
    dynamo.on(QueryCommand).resolves({
      Items: [{ PK: 'OBSLIST#U=*#S=*#C=*', SK: 'x', searchText: 'an phu thieu', ...obstacle }],
    });
    const page = await createObstaclesRepository(doc, table, log).list({}, { limit: 25 });
    expect(page.items).toEqual([obstacle]);
    expect(lines).toEqual([]);
  });
});

describe("the store's answer to throttling", () => {
  beforeEach(() => dynamo.reset());

  it('is the domain error ServiceBusyError, answered 503 throttled with Retry-After; other errors pass as they are', async () => {
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
      name: 'ProvisionedThroughputExceededException',
    });
    dynamo.on(GetCommand).rejects(throttled);
    const error = await createUnitsRepository(doc, table)
      .getUnit('an-phu')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceBusyError);
    const { problem, headers } = toProblem(error);
    expect(problem).toMatchObject({ status: 503, type: 'urn:thaogo:problem:throttled' });
    expect(problem.detail).not.toMatch(/throughput/i);
    expect(headers['Retry-After']).toBe('2');
    const other = new Error('something else');
    await expect(sent(Promise.reject(other))).rejects.toBe(other);
  });
});
