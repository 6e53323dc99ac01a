/**
 * Section 3, in its own process: every list endpoint, export and digest run through its
 * real handler on DynamoDB Local, counting what DynamoDB read (ScannedCount, items got) and
 * the read capacity it charged, first with ~1k items in the table, then with ~100k: the
 * added items are of the same kinds (closed obstacles and tasks, other units' visits and
 * reports, older dates) and change no result measured.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { functions, type HttpRoute } from '#functions/manifest.ts';
import { bulkPut } from '#infra/local/bulk-put.ts';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';
import { seedObstacles } from '#infra/local/seed/reference-obstacles.ts';
import { seedTasks } from '#infra/local/seed/reference-tasks.ts';
import { seedReferenceData } from '#infra/local/seed/seed.ts';
import { addCalendarDays } from '#shared/domain/calendar/calendar.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { newUlid } from '#shared/ids.ts';
import type { Obstacle } from '#shared/schemas/obstacles.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createDigestsRepository } from '#shared/store/entities/digest.ts';
import { obstacleCreationItems } from '#shared/store/entities/obstacle.ts';
import { taskCreationItems } from '#shared/store/entities/task.ts';
import { entity, keys } from '#shared/store/keys.ts';

const tableName = process.env.TABLE_NAME as string;
const { documentClient } = await import('#shared/store/client.ts');

// Every request the handlers send is counted and asked for its consumed capacity.
const counts = { requests: 0, read: 0, capacity: 0, directory: 0 };
const plain = (value: unknown) =>
  typeof value === 'object' && value !== null && 'S' in value ? (value as { S: string }).S : value;
/**
 * The directory (units, offices, leaders), the digests' own records and the day's dossier
 * figures (one per unit and day, summed, not listed): read by every run whatever it lists.
 */
const fixedCost = /^(UNITS|ORGS|LEADERS|DIGEST#|DOSSIERS#D=)/;
documentClient.middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as Record<string, unknown>;
    const command = String(context.commandName).replace(/Item(?=Command$)/, '');
    const reads = ['QueryCommand', 'GetCommand', 'BatchGetCommand'];
    if (reads.includes(command)) input.ReturnConsumedCapacity = 'TOTAL';
    const result = await next(args);
    const output = result.output as Record<string, unknown>;
    if (!reads.includes(command)) return result;
    counts.requests++;
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
    const key = (input.Key ?? {}) as Record<string, unknown>;
    const partition = String(plain(values[':pk'] ?? key.PK ?? ''));
    const before = counts.read;
    if (command === 'QueryCommand') counts.read += (output.ScannedCount as number) ?? 0;
    if (command === 'GetCommand') counts.read += output.Item ? 1 : 0;
    if (fixedCost.test(partition)) counts.directory += counts.read - before;
    if (command === 'BatchGetCommand') {
      for (const items of Object.values((output.Responses ?? {}) as Record<string, unknown[]>))
        counts.read += items.length;
    }
    const consumed = output.ConsumedCapacity as
      | { CapacityUnits?: number }
      | { CapacityUnits?: number }[]
      | undefined;
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : [])
      counts.capacity += c.CapacityUnits ?? 0;
    return result;
  },
  { step: 'initialize', name: 'benchCounter', override: true },
);

type Caller = Record<string, string>;
const delegation: Caller = {
  sub: 'bench-delegation',
  'cognito:groups': '[delegation]',
  'custom:leaderId': 'le-tien-chau',
  name: 'Đoàn công tác',
};
const commune = (unitId: string): Caller => ({
  sub: `bench-${unitId}`,
  'cognito:groups': '[commune]',
  'custom:unitId': unitId,
  name: `Cán bộ ${unitId}`,
});
const office: Caller = {
  sub: 'bench-office',
  'cognito:groups': '[city-office]',
  'custom:orgId': 'van-phong-thanh-uy',
  name: 'Văn phòng Thành ủy',
};

type FunctionName = keyof typeof functions;
const handlers = new Map<string, (e: unknown, c: Context) => Promise<unknown>>();
async function handlerOf(name: FunctionName) {
  let handler = handlers.get(name);
  if (!handler) {
    handler = (await import(`../${functions[name].entry}`)).handler as (
      e: unknown,
      c: Context,
    ) => Promise<unknown>;
    handlers.set(name, handler);
  }
  return handler;
}

interface HttpAnswer {
  statusCode: number;
  body?: string;
}

async function request(
  name: FunctionName,
  caller: Caller,
  options: { path?: Record<string, string>; query?: Record<string, string>; body?: unknown } = {},
): Promise<HttpAnswer> {
  const route = (functions[name] as { http?: HttpRoute }).http as HttpRoute;
  const event: APIGatewayProxyEventV2WithJWTAuthorizer = httpEvent({
    routeKey: `${route.method} ${route.path}`,
    pathParameters: options.path,
    queryStringParameters: options.query,
    claims: caller,
    headers: options.body ? { 'content-type': 'application/json' } : {},
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  return (await (
    await handlerOf(name)
  )(event, lambdaContext)) as HttpAnswer;
}

/** What an answer returned: the items of a list, the rows of a CSV, 1 for anything else. */
function returnedOf(answer: HttpAnswer): { returned: number; fingerprint: string } {
  const body = answer.body ?? '';
  if (answer.statusCode !== 200)
    throw new Error(`answered ${answer.statusCode}: ${body.slice(0, 300)}`);
  if (body.startsWith('\ufeff')) {
    const rows = body.split('\r\n').filter(Boolean).length - 1;
    return { returned: rows, fingerprint: body };
  }
  const json = JSON.parse(body) as { items?: { id?: string }[] };
  if (Array.isArray(json.items)) {
    return {
      returned: json.items.length,
      fingerprint: JSON.stringify(json.items.map((i) => i.id ?? i)),
    };
  }
  return { returned: 1, fingerprint: body };
}

// --- what is measured -------------------------------------------------------------------

const today = vietnamCalendar.dateOf(new Date());
let workingDay = today;
while (!vietnamCalendar.isWorkingDay(workingDay)) workingDay = addCalendarDays(workingDay, 1);
const weekday = (new Date(`${workingDay}T00:00:00Z`).getUTCDay() + 6) % 7;
/**
 * The digests run on the first working day from today (they skip weekends and holidays),
 * at their scheduled hours, when the live items made here are open.
 */
const digestAt = {
  endOfDay: `${workingDay}T10:00:00Z`,
  escalation: `${workingDay}T01:00:00Z`,
  // The Monday after: its weekly digest covers that week.
  weekly: `${addCalendarDays(workingDay, 7 - weekday)}T01:00:00Z`,
};
const digestStore = createDigestsRepository(documentClient, tableName);
const seededObstacle = seedObstacles.find((o) => o.by.unitId === 'nguyen-giap')?.id as string;
const seededTask = seedTasks[0]?.id as string;

interface Case {
  name: string;
  kind: 'list' | 'export' | 'digest' | 'overview';
  run: () => Promise<{ returned: number; fingerprint: string }>;
}

const http = (
  name: string,
  kind: Case['kind'],
  fn: FunctionName,
  caller: Caller,
  options: Parameters<typeof request>[2] = {},
): Case => ({ name, kind, run: async () => returnedOf(await request(fn, caller, options)) });

/**
 * The three reads obstacles and tasks both have: a commune's own list, one record's
 * history and one unit's CSV export, named by their route and the export's filter.
 */
function readsOfEach(
  records: 'obstacles' | 'tasks',
  of: {
    list: FunctionName;
    history: FunctionName;
    export: FunctionName;
    communeId: string;
    recordId: string;
    exportQuery: Record<string, string>;
  },
): Case[] {
  const filter = Object.keys(of.exportQuery).join('&');
  return [
    http(`GET /${records} as a commune`, 'list', of.list, commune(of.communeId), {
      query: { limit: '100' },
    }),
    http(`GET /${records}/{id}/history`, 'list', of.history, delegation, {
      path: { id: of.recordId },
    }),
    http(`GET /${records}/export.csv?${filter}`, 'export', of.export, delegation, {
      query: of.exportQuery,
    }),
  ];
}

/**
 * A digest run returns its items to each recipient: a unit's items reach the unit and the
 * city office, so what is returned is the sum over the digests of the items each lists.
 */
const digest = (
  kind: 'end-of-day' | 'escalation' | 'weekly',
  fn: FunctionName,
  at: string,
): Case => ({
  // The weekly digest counts all open work per unit and office and lists only the longest
  // open: figures, like the unit overviews, so only its cost is held to a target.
  name: kind === 'weekly' ? 'weekly digest run (figures over all open work)' : `${kind} digest run`,
  kind: kind === 'weekly' ? 'overview' : 'digest',
  run: async () => {
    const handler = await handlerOf(fn);
    const report = (await handler({ scheduledTime: at }, lambdaContext)) as {
      itemsFound: number;
      composed: number;
      period: string;
    };
    // Reading the digests back to count their items is not part of the run.
    const before = { ...counts };
    const digests = await digestStore.listPeriod(kind, report.period);
    Object.assign(counts, before);
    const returned = digests.reduce((sum, d) => sum + d.items.length, 0);
    return { returned, fingerprint: `${report.itemsFound}/${report.composed}/${returned}` };
  },
});

const cases: Case[] = [
  http('GET /units', 'list', 'listUnits', delegation),
  http('GET /obstacles (all, newest 20)', 'list', 'listObstacles', delegation, {
    query: { limit: '20' },
  }),
  http('GET /obstacles?unitId', 'list', 'listObstacles', delegation, {
    query: { unitId: 'nguyen-giap', limit: '100' },
  }),
  http('GET /obstacles?status&category', 'list', 'listObstacles', office, {
    query: { status: 'reported', category: 'equipment', limit: '100' },
  }),
  ...readsOfEach('obstacles', {
    list: 'listObstacles',
    history: 'getObstacleHistory',
    export: 'exportObstacles',
    communeId: 'an-phu',
    recordId: seededObstacle,
    exportQuery: { unitId: 'nguyen-giap' },
  }),
  http('GET /tasks (all, newest 20)', 'list', 'listTasks', delegation, { query: { limit: '20' } }),
  http('GET /tasks?assignee', 'list', 'listTasks', delegation, {
    query: { assignee: 'unit:nguyen-giap', limit: '100' },
  }),
  http('GET /tasks?assignee&status', 'list', 'listTasks', delegation, {
    query: { assignee: 'unit:nguyen-giap', status: 'assigned', limit: '100' },
  }),
  http('GET /tasks?overdue', 'list', 'listTasks', delegation, {
    query: { overdue: 'true', asOf: today, limit: '100' },
  }),
  http('GET /tasks?dueBefore', 'list', 'listTasks', delegation, {
    query: { dueBefore: addCalendarDays(today, 60), asOf: today, limit: '100' },
  }),
  ...readsOfEach('tasks', {
    list: 'listTasks',
    history: 'getTaskHistory',
    export: 'exportTasks',
    communeId: 'nguyen-giap',
    recordId: seededTask,
    exportQuery: { assignee: 'unit:nguyen-giap' },
  }),
  http('GET /visits?unitId&from&to', 'list', 'listVisits', delegation, {
    query: { unitId: 'nguyen-giap', from: '2025-07-01', to: '2025-07-31' },
  }),
  http('GET /units/{unitId}/dossier-reports', 'list', 'listDossierReports', delegation, {
    path: { unitId: 'nguyen-giap' },
    query: { from: '2025-07-01', to: '2025-07-31' },
  }),
  http('GET /digests?date', 'list', 'listDigests', delegation, { query: { date: '2025-07-04' } }),
  http('GET /tasks/stats?assignee', 'overview', 'taskStats', delegation, {
    query: { assignee: 'unit:nguyen-giap', asOf: today },
  }),
  http('GET /units/{unitId}/summary', 'overview', 'unitSummary', delegation, {
    path: { unitId: 'nguyen-giap' },
  }),
  http('GET /units/{unitId}/brief', 'overview', 'unitBrief', delegation, {
    path: { unitId: 'nguyen-giap' },
  }),
  http('GET /units/scorecard', 'overview', 'scorecard', delegation, {
    query: { asOf: '2025-07-31', days: '30' },
  }),
  digest('end-of-day', 'endOfDayDigest', digestAt.endOfDay),
  digest('escalation', 'escalationDigest', digestAt.escalation),
  digest('weekly', 'weeklyDigest', digestAt.weekly),
];

/** What one endpoint or run read and returned. */
export interface Measured {
  read: number;
  /** Of `read`, the directory, digest records and dossier figures. */
  directory: number;
  returned: number;
  /** Read capacity units charged. */
  capacity: number;
  requests: number;
  /** The result, to check that both passes returned the same. */
  fingerprint: string;
}

async function measureAll() {
  const results: Record<string, Measured> = {};
  for (const c of cases) {
    Object.assign(counts, { requests: 0, read: 0, capacity: 0, directory: 0 });
    try {
      const { returned, fingerprint } = await c.run();
      results[c.name] = { ...counts, returned, fingerprint };
    } catch (error) {
      throw new Error(`${c.name}: ${(error as Error).message}`);
    }
  }
  return results;
}

// --- the data ---------------------------------------------------------------------------

const loader = toDocumentClient(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
await seedReferenceData(loader, tableName);

// Some live work of today through the real handlers, so the lists are more than the seed.
for (let i = 0; i < 40; i++) {
  const unit = i % 2 ? 'an-phu' : 'nguyen-giap';
  const created = await request('createObstacle', commune(unit), {
    body: {
      category: (['equipment', 'staffing', 'facilities', 'roads'] as const)[i % 4],
      title: `Kiến nghị đo lường số ${i + 1}`,
      description: 'Phát sinh khi vận hành bộ máy xã mới.',
      severity: 'medium',
    },
  });
  if (created.statusCode !== 201) throw new Error(`creating an obstacle: ${created.body}`);
}
for (let i = 0; i < 20; i++) {
  const created = await request('createTask', delegation, {
    body: {
      title: `Theo dõi kiến nghị ${i + 1}`,
      description: 'Rà soát và báo cáo kết quả.',
      assignees: [{ kind: 'unit', id: i % 2 ? 'an-phu' : 'nguyen-giap' }],
      assignedBy: 'le-tien-chau',
      dueInWorkingDays: 5 + i,
    },
  });
  if (created.statusCode !== 201) throw new Error(`creating a task: ${created.body}`);
}

async function tableSize(): Promise<number> {
  const { DescribeTableCommand } = await import('@aws-sdk/client-dynamodb');
  // DynamoDB Local keeps ItemCount current; DynamoDB refreshes it every few hours.
  const described = await loader.send(new DescribeTableCommand({ TableName: tableName }));
  return described.Table?.ItemCount ?? 0;
}

// A first pass leaves what the digests write (their records, the ladder levels reached), so
// the two measured passes see the same items.
await measureAll();
const small = { items: await tableSize(), results: await measureAll() };

/** Closed work of 2024 in 60 other communes: of the kinds measured, outside every result. */
function noise(target: number): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  let i = 0;
  while (items.length < target) {
    const unit = `xa-khac-${i % 60}`;
    const at = new Date(Date.UTC(2024, 0, 2) + i * 600_000).toISOString();
    const by = { sub: 'bench', name: 'bench', role: 'commune' as const };
    const obstacle = {
      id: newUlid(Date.parse(at)),
      unitId: unit,
      unitName: `Xã khác ${i % 60}`,
      category: 'equipment',
      title: `Kiến nghị cũ ${i}`,
      description: 'Đã xử lý xong.',
      severity: 'low',
      source: { kind: 'commune-report' },
      status: 'verified',
      version: 4,
      reportedBy: by,
      createdAt: at,
      updatedAt: at,
      statusChangedAt: at,
    } as unknown as Obstacle;
    const oEvent = {
      obstacleId: obstacle.id,
      version: 1,
      at,
      by,
      action: 'report',
      to: 'reported',
    };
    for (const w of obstacleCreationItems(tableName, obstacle, oEvent as never))
      if ('Put' in w && w.Put) items.push(w.Put.Item as Record<string, unknown>);
    const task = {
      id: newUlid(Date.parse(at)),
      title: `Nhiệm vụ cũ ${i}`,
      description: 'Đã hoàn thành.',
      assignees: [{ kind: 'unit', id: unit, name: `Xã khác ${i % 60}` }],
      assigner: { leaderId: 'le-van-hieu', leaderName: 'Lê Văn Hiệu' },
      createdBy: { ...by, role: 'delegation' },
      links: { obstacleIds: [] },
      assignedOn: at.slice(0, 10),
      originalDue: at.slice(0, 10),
      currentDue: at.slice(0, 10),
      status: 'verified',
      version: 3,
      extensionRequests: [],
      createdAt: at,
      updatedAt: at,
    } as unknown as Task;
    const tEvent = {
      taskId: task.id,
      id: newUlid(),
      at,
      by: task.createdBy,
      action: 'assign',
      to: 'verified',
    };
    for (const w of taskCreationItems(tableName, task, tEvent as never))
      if ('Put' in w && w.Put) items.push(w.Put.Item as Record<string, unknown>);
    const date = at.slice(0, 10);
    items.push({
      ...keys.dossierReport(unit, `${date}#${i}`),
      entity: entity.dossierReport,
      GSI2PK: keys.dossierReportsOfDay(date),
      GSI2SK: `${unit}#${i}`,
      unitId: unit,
      date,
      received: 10,
      resolved: 10,
      resolvedOnTime: 9,
      overdue: 0,
      backlogIn: 0,
      backlogOut: 0,
      version: 1,
      submittedBy: by,
      submittedAt: at,
    });
    i++;
  }
  return items;
}

const started = Date.now();
const extra = noise(100_000 - small.items);
await bulkPut(loader, tableName, extra, (n) => {
  if (n % 20_000 < 625)
    console.error(
      `  reads: loading ${n} of ${extra.length} items (${Math.round((Date.now() - started) / 1000)} s)`,
    );
});
const large = { items: await tableSize(), results: await measureAll() };
process.send?.({ small, large, kinds: Object.fromEntries(cases.map((c) => [c.name, c.kind])) });
