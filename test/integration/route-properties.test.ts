/**
 * Property tests over every HTTP route of the manifest: random bodies, headers, query
 * strings, path parameters and unknown fields, from every kind of caller; dates at the
 * holiday calendar's edges, numbers past what DynamoDB can store, decomposed (NFD) and
 * zero-width text. Whatever arrives, a route never answers 5xx, and a refusal (4xx) is
 * problem+json and wrote nothing.
 *
 * The handlers run in this process against the run's DynamoDB Local, so an SDK middleware
 * on the one DocumentClient sees every write. Writes that succeed aim only at items this
 * file creates (or at days and units other files do not count), never at the seeded case.
 *
 * Seed 20251127 for every route: a failure prints the counterexample and its path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type HttpFunction, httpFunctions, routeKey } from '#functions/manifest.ts';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';
import { loadOrCreateS3Secret, s3Prefix } from '#infra/local/s3-endpoint.ts';
import { obstacleActions } from '#shared/schemas/obstacles.ts';

const seed = 20251127;
/** Runs per route: writes have more rules to get past than reads. */
const runsFor = (method: string) => (method === 'GET' ? 40 : 80);

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>;

type CallerName = 'delegation' | 'office' | 'own' | 'other' | 'anonymous' | 'bare-commune';

/** Who calls: the four real kinds of caller, and two broken tokens (no subject; no unit). */
const claimsOf: Record<CallerName, Record<string, string>> = {
  delegation: {
    sub: 'prop-delegation',
    'cognito:groups': '[delegation]',
    'custom:leaderId': 'le-tien-chau',
  },
  office: {
    sub: 'prop-office',
    'cognito:groups': '[city-office]',
    'custom:orgId': 'van-phong-thanh-uy',
  },
  own: { sub: 'prop-nguyen-giap', 'cognito:groups': '[commune]', 'custom:unitId': 'nguyen-giap' },
  other: { sub: 'prop-an-phu', 'cognito:groups': '[commune]', 'custom:unitId': 'an-phu' },
  anonymous: {},
  'bare-commune': { sub: 'prop-bare', 'cognito:groups': '[commune]' },
};
const roleOf = {
  delegation: 'delegation',
  office: 'city-office',
  own: 'commune',
  other: 'commune',
} as const;
const realCallerArb = fc.constantFrom<CallerName>('delegation', 'office', 'own', 'other');
const callerArb = fc.oneof(
  { weight: 6, arbitrary: realCallerArb },
  { weight: 1, arbitrary: fc.constantFrom<CallerName>('anonymous', 'bare-commune') },
);

/** Write commands, as lib-dynamodb and the low-level client name them. */
const writeCommands = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);
/** Writes DynamoDB accepted since the last reset (a write it refused changed nothing). */
const writes: string[] = [];
/** Every command name seen, for the spy's own check. */
const seen = new Set<string>();

const handlers = new Map<string, Handler>();
const rootUrl = new URL('../../', import.meta.url);
const savedEnv = { ...process.env };
let outboxDir: string;

interface Fixtures {
  /** Items this file created: the only targets of writes that may succeed. */
  obstacleIds: string[];
  taskIds: string[];
  requestIds: string[];
  visitIds: string[];
  /** Digests a run stored for this file, read only. */
  digestIds: string[];
  /** Seeded items, read only. */
  seededObstacleIds: string[];
  seededTaskIds: string[];
  seededVisitIds: string[];
  /** Real cursors, issued to some caller for some filter. */
  cursors: string[];
  /** Query keys of each route's contract, by function name. */
  queryKeys: Map<string, string[]>;
  /** Files in the local bucket, ready to register (each once) on this file's items. */
  registrations: Record<ItemType, Record<string, unknown>[]>;
  /** An obstacle the attachment routes may add to, which no other property changes. */
  attachableObstacleId: string;
  /** An attachment registered on each item type, to read: its path parameters. */
  attachments: Record<ItemType, Record<string, string>[]>;
  /** A finding of this file's visit, which the finding's attachment routes address. */
  finding: { visitId: string; findingId: string };
}
type ItemType = 'obstacle' | 'task' | 'finding';
const fixtures: Fixtures = {
  obstacleIds: [],
  taskIds: [],
  requestIds: [],
  visitIds: [],
  digestIds: [],
  seededObstacleIds: [],
  seededTaskIds: [],
  seededVisitIds: [],
  cursors: [],
  queryKeys: new Map(),
  registrations: { obstacle: [], task: [], finding: [] },
  attachableObstacleId: '',
  attachments: { obstacle: [], task: [], finding: [] },
  finding: { visitId: '', findingId: '' },
};

interface Call {
  caller: CallerName;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  base64?: boolean;
}

async function invoke(key: string, call: Call) {
  const handler = handlers.get(key);
  if (!handler) throw new Error(`No handler loaded for ${key}`);
  const event = httpEvent({
    routeKey: key,
    pathParameters: call.pathParameters,
    queryStringParameters: call.query,
    claims: claimsOf[call.caller],
    headers: call.headers ?? {},
    body: call.body,
  });
  event.isBase64Encoded = call.base64 ?? false;
  writes.length = 0;
  const response = await handler(event, lambdaContext);
  const recorded = [...writes];
  writes.length = 0;
  const status = response.statusCode ?? 200;
  const header = (name: string) =>
    Object.entries(response.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
  return { status, response, writes: recorded, header };
}

const json = { 'content-type': 'application/json' };

async function created(key: string, call: Call): Promise<Record<string, unknown>> {
  const result = await invoke(key, call);
  if (result.status !== 201) {
    throw new Error(`${key} setup answered ${result.status}: ${result.response.body}`);
  }
  return JSON.parse(result.response.body ?? '{}') as Record<string, unknown>;
}

// ---------------------------------------------------------------- edges a write could store

/** What a text looks like when a reader sees nothing: zero-width characters, marks alone. */
const invisibleText = fc.constantFrom(
  '\u200B',
  '\u0301\u0302',
  ' \u200C\u200D ',
  '\u2060\u00AD',
  '\uFEFF',
);

/**
 * Free text as phones and pasted documents send it: decomposed (NFD), wrapped in or split
 * by zero-width characters, or nothing visible at all. Mostly the text as typed, so bodies
 * still get past validation into the routes' own rules.
 */
const text = (plain: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(plain) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        plain.normalize('NFD'),
        `\u200B${plain}\uFEFF`,
        plain.replace(' ', ' \u200C'),
      ),
    },
    { weight: 1, arbitrary: invisibleText },
  );

/** Stands for -0 in a body: JSON.stringify writes it as 0. */
const MINUS_ZERO = '<minus-zero>';
const toJson = (value: unknown): string | undefined =>
  JSON.stringify(value)?.replaceAll(`"${MINUS_ZERO}"`, '-0');

/** Numbers at and past the edges of what DynamoDB stores: 1e-130 to 1e126 in magnitude. */
const edgeNumber = fc.constantFrom<number | string>(
  1e-131,
  5e-324,
  1e-130,
  1e127,
  1e126,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  MINUS_ZERO,
  0.1,
  0.001,
);

/**
 * Dates at the calendar's edges: a year the holiday calendar lacks (the task of 2 to 20
 * December 2024), the first year after its last, the first and last four-digit dates, and
 * 29 February of years that are not leap years.
 */
const calendarEdgeDate = fc.constantFrom(
  '2024-12-02',
  '2024-12-20',
  '2028-01-03',
  '0001-01-01',
  '9999-12-31',
  '2025-02-29',
  '2026-02-29',
  '2100-02-29',
);

// ---------------------------------------------------------------- valid-looking bodies

const obstacleBody = fc.record(
  {
    unitId: fc.constant('nguyen-giap'),
    category: fc.constantFrom('other', 'equipment', 'staffing'),
    title: fc
      .constantFrom('Thiếu máy tính cho bộ phận một cửa', 'Thiếu công chức địa chính')
      .chain(text),
    description: text('Bộ phận một cửa chỉ có 2 máy tính cho 5 công chức.'),
    severity: fc.constantFrom('low', 'medium', 'high', 'critical'),
    quantity: fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          measure: fc.constant('equipment-items'),
          total: fc.constant(3),
          lines: fc.tuple(text('Máy tính'), text('Máy in')).map(([a, b]) => [
            { label: a, amount: 2 },
            { label: b, amount: 1 },
          ]),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          measure: fc.constantFrom('road-km', 'rooms', 'posts-missing'),
          total: edgeNumber,
        }),
      },
    ),
  },
  { requiredKeys: ['category', 'title', 'description', 'severity'] },
);

/**
 * Dates a changed body may carry: valid or not, covered by the holiday calendar or not,
 * but none of the days the other files count for the seeded units.
 */
const safeDate = fc.oneof(
  fc.constantFrom(
    '2026-12-31',
    '2027-06-30',
    '2099-01-01',
    '1900-01-01',
    '2025-02-29',
    '2026-02-30',
  ),
  calendarEdgeDate,
);

const taskBody = fc
  .tuple(
    fc.record(
      {
        title: text('Rà soát nhân sự bộ phận một cửa'),
        description: text('Báo cáo số công chức còn thiếu theo vị trí việc làm.'),
        assignees: fc.constantFrom(
          [{ kind: 'unit', id: 'nguyen-giap' }],
          [{ kind: 'org', id: 'van-phong-thanh-uy' }],
          [
            { kind: 'unit', id: 'nguyen-giap' },
            { kind: 'org', id: 'van-phong-thanh-uy' },
          ],
        ),
        assignedBy: fc.constantFrom('le-tien-chau', 'do-manh-hien'),
      },
      { requiredKeys: ['title', 'description', 'assignees'] },
    ),
    fc.oneof(
      fc.record({ dueInWorkingDays: fc.integer({ min: 1, max: 250 }) }),
      fc.record({ dueDate: safeDate }),
      // Assigned and due in a year the holiday calendar lacks, or at its edges.
      fc.constant({ assignedOn: '2024-12-02', dueDate: '2024-12-20' }),
      fc.record({
        assignedOn: calendarEdgeDate,
        dueInWorkingDays: fc.integer({ min: 1, max: 30 }),
      }),
    ),
  )
  .map(([task, due]) => ({ ...task, ...due }));

const obstacleTransitionBody = fc.record(
  {
    // Mostly what a reported obstacle (as this file's are at first) can take: otherwise
    // nearly every change is refused for its status, and the route is never seen to succeed.
    action: fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom('acknowledge', 'withdraw') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...obstacleActions),
      },
    ),
    note: text('Đã bố trí thêm máy tính'),
    reason: text('Chưa đủ máy'),
  },
  { requiredKeys: ['action'] },
);

const taskTransitionBody = fc.record(
  {
    action: fc.constantFrom('start', 'complete', 'verify', 'return', 'cancel'),
    note: text('Đã rà soát xong'),
    reason: text('Cần bổ sung số liệu'),
  },
  { requiredKeys: ['action'] },
);

const visitBody = fc.record({
  leaderIds: fc.constantFrom(['le-tien-chau'], ['do-manh-hien', 'le-van-hieu']),
  date: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('2026-01-05', '2026-01-06') },
    { weight: 1, arbitrary: calendarEdgeDate },
  ),
  unitIds: fc.constant(['nguyen-giap']),
  purpose: text('Kiểm tra vận hành chính quyền hai cấp'),
});

const findingBody = fc.oneof(
  fc.record({
    kind: fc.constant('commendation'),
    text: text('Bộ phận một cửa tiếp dân chu đáo'),
    unitId: fc.constant('nguyen-giap'),
  }),
  fc.record({
    kind: fc.constant('concern'),
    text: text('Thiếu máy tính'),
    unitId: fc.constant('nguyen-giap'),
    obstacle: fc.record(
      {
        category: fc.constant('equipment'),
        title: text('Thiếu máy tính'),
        description: text('Chỉ có 2 máy'),
        severity: fc.constant('medium'),
        quantity: fc.record({ measure: fc.constantFrom('road-km', 'rooms'), total: edgeNumber }),
      },
      { requiredKeys: ['category', 'title', 'description', 'severity'] },
    ),
  }),
  fc.record({
    kind: fc.constant('directive'),
    text: text('Bổ sung máy tính trong tháng'),
    unitId: fc.constant('nguyen-giap'),
    tasks: fc
      .oneof(
        { weight: 3, arbitrary: fc.constant({ dueInWorkingDays: 10 }) },
        { weight: 1, arbitrary: fc.record({ dueDate: calendarEdgeDate }) },
      )
      .map((due) => [{ assignees: [{ kind: 'unit', id: 'nguyen-giap' }], ...due }]),
  }),
);

/** Figures that add up: resolved within what was received, on time within resolved. */
const dossierBody = fc
  .tuple(fc.nat(50), fc.nat(50), fc.nat(50), fc.option(fc.nat(100), { nil: undefined }))
  .map(([received, a, b, citizenVisits]) => {
    const resolved = Math.min(a, received);
    return {
      received,
      resolved,
      resolvedOnTime: Math.min(b, resolved),
      overdue: 0,
      ...(citizenVisits === undefined ? {} : { citizenVisits }),
    };
  });

// ---------------------------------------------------------------- mutations and junk

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const children = Array.isArray(value)
    ? value.flatMap((v, i) => pathsOf(v, [...at, i]))
    : Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]));
  return [at, ...children];
}

function nodeAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
}

/** One change at one place of a valid body: a field removed, replaced, or one added. */
function mutate(
  valid: unknown,
  path: Path,
  op: 'remove' | 'replace' | 'add',
  value: unknown,
  key: string,
) {
  const copy = structuredClone(valid);
  const node = nodeAt(copy, path);
  if (op === 'add') {
    const target =
      node && typeof node === 'object' && !Array.isArray(node)
        ? node
        : (nodeAt(copy, path.slice(0, -1)) as object);
    if (!target || typeof target !== 'object' || Array.isArray(target)) return copy;
    const name = Object.hasOwn(target, key) ? `${key}-x` : key;
    Object.defineProperty(target, name, { value, enumerable: true, writable: true });
    return copy;
  }
  if (path.length === 0) return op === 'remove' ? undefined : value;
  const parent = nodeAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (op === 'replace') parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

const fieldName = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'unitId',
    'version',
    'status',
    'id',
    'dueDate',
    'requestedDue',
  ),
);

function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return valid.chain((v) =>
    fc
      .tuple(
        fc.constantFrom(...pathsOf(v)),
        fc.constantFrom<'remove' | 'replace' | 'add'>('remove', 'replace', 'add'),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom('', ' ', 'x'.repeat(6000), -1, 0, 1.5, 1e21, null, [], {}),
          safeDate,
          edgeNumber,
          invisibleText,
          fc.constant('Nguye\u0302n Gia\u0301p \u200B'),
        ),
        fieldName,
      )
      .map(([path, op, value, key]) => mutate(v, path, op, value, key)),
  );
}

/** The text of a body: JSON, or anything at all. */
function bodyArb(valid?: fc.Arbitrary<unknown>): fc.Arbitrary<string | undefined> {
  const asJson = (arb: fc.Arbitrary<unknown>) =>
    arb.map((v) => (v === undefined ? undefined : toJson(v)));
  const random = [
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    {
      weight: 1,
      arbitrary: asJson(fc.dictionary(fieldName, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', 'null', '{', '{"a":', '[]', '"x"', 'x'.repeat(70_000)),
    },
  ];
  if (!valid) return fc.oneof(...random);
  return fc.oneof(
    ...random,
    { weight: 3, arbitrary: asJson(valid) },
    { weight: 5, arbitrary: asJson(mutated(valid)) },
  );
}

const junk = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '../',
    '../../etc/passwd',
    '%00',
    '\u0000',
    'null',
    '*',
    'x'.repeat(3000),
  ),
);

const ulidLike = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);

const dateText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0000-01-01',
      '0001-01-01',
      '1900-01-01',
      '2024-12-02',
      '2024-12-20',
      '2026-02-29',
      '2100-02-29',
      '2024-12-31',
      '2028-01-01',
      '9999-12-31',
      '2025-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-7-4',
      '20250704',
      '2025-07-04T00:00:00Z',
    ),
  },
  { weight: 1, arbitrary: junk },
);

const units = ['nguyen-giap', 'an-phu', 'ai-quoc', 'an-lao', 'hong-an', 'khong-ton-tai'];
const numberText = fc.oneof(
  fc.constantFrom('0', '1', '7', '90', '91', '100', '101', '-1', '1.5', '1e2', 'NaN', 'Infinity'),
  fc.constantFrom('', ' 5', '0x10', '9'.repeat(400), '10000', '10001'),
  fc.integer().map(String),
  junk,
);

/** Mostly what a client would send right, sometimes what it gets wrong. */
const mostly = (right: fc.Arbitrary<string>, wrong: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong });

/** Values a client might send for the query keys that contracts define. */
function plausibleValue(key: string): fc.Arbitrary<string> {
  switch (key) {
    case 'unitId':
      return fc.constantFrom(...units);
    case 'status':
      return mostly(
        fc.constantFrom('reported', 'acknowledged', 'verified', 'assigned', 'done', 'cancelled'),
        fc.constantFrom('x', 'REPORTED', ''),
      );
    case 'category':
      return mostly(fc.constantFrom('roads', 'staffing', 'other'), fc.constantFrom('x', ''));
    case 'q':
      return mostly(
        fc.constantFrom(
          'nguyen giap',
          'Nguyên Giáp',
          'Nguye\u0302n Gia\u0301p',
          '\u200Bđường\uFEFF',
          'thiếu máy tính',
        ),
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 120 }),
          fc.constantFrom('  ', '%', 'a'.repeat(101)),
          invisibleText,
        ),
      );
    case 'cursor':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...fixtures.cursors) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'a.b',
            'a.b.c',
            '.',
            'eyJ2IjoxLCJwIjoxfQ.AAAA',
            'x'.repeat(2001),
          ),
        },
        { weight: 1, arbitrary: fc.base64String({ maxLength: 80 }) },
      );
    case 'limit':
      return mostly(fc.integer({ min: 1, max: 100 }).map(String), numberText);
    case 'days':
      return mostly(fc.integer({ min: 7, max: 90 }).map(String), numberText);
    case 'minResolved':
      return mostly(fc.integer({ min: 1, max: 10_000 }).map(String), numberText);
    case 'asOf':
    case 'from':
    case 'to':
    case 'dueBefore':
    case 'date':
      return dateText;
    case 'overdue':
      return mostly(fc.constantFrom('true', 'false'), fc.constantFrom('TRUE', '1', ''));
    case 'assignee':
      return mostly(
        fc.constantFrom(
          'unit:nguyen-giap',
          'unit:an-phu',
          'org:van-phong-thanh-uy',
          'org:so-noi-vu',
        ),
        fc.constantFrom('org:khong-ton-tai', 'unit:', '*', 'nguyen-giap'),
      );
    case 'kind':
      return mostly(fc.constantFrom('end-of-day', 'escalation', 'weekly'), fc.constant('x'));
    default:
      return junk;
  }
}

function knownQuery(name: string, value: (key: string) => fc.Arbitrary<string>) {
  const keys = fixtures.queryKeys.get(name) ?? [];
  return fc.record(Object.fromEntries(keys.map((k) => [k, value(k)])), {
    requiredKeys: [],
  }) as fc.Arbitrary<Record<string, string>>;
}

/** The route's own query keys with plausible values: what a client gets nearly right. */
function plausibleQuery(name: string): fc.Arbitrary<Record<string, string> | undefined> {
  const keys = fixtures.queryKeys.get(name) ?? [];
  // A first page mostly: a cursor is valid only with the filters it was issued for.
  const filters = keys.filter((k) => k !== 'cursor');
  const values = (ks: string[]) => Object.fromEntries(ks.map((k) => [k, plausibleValue(k)]));
  return fc.oneof(
    fc.constant(undefined),
    fc.record(values(filters), { requiredKeys: [] }),
    fc.record(values(filters)),
    fc.record(values(keys), { requiredKeys: [] }),
  ) as fc.Arbitrary<Record<string, string> | undefined>;
}

/** Any query: the route's keys with any value, and keys it does not know. */
function queryArb(name: string): fc.Arbitrary<Record<string, string> | undefined> {
  const known = knownQuery(name, (key) =>
    fc.oneof({ weight: 3, arbitrary: plausibleValue(key) }, { weight: 1, arbitrary: junk }),
  );
  const unknown = fc.dictionary(
    fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom('__proto__', 'Limit')),
    fc.string({ maxLength: 10 }),
    { minKeys: 1, maxKeys: 3 },
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: known },
    { weight: 1, arbitrary: fc.tuple(known, unknown).map(([k, u]) => ({ ...u, ...k })) },
  );
}

/** Stands for the ETag of the target as it is now, read just before the call. */
const CURRENT = '<current>';
/** Stands for the task's latest extension request, read just before the call. */
const PENDING = '<pending>';

const contentTypeArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'text/plain',
      'garbage',
      'APPLICATION/JSON',
      'application/problem+json',
      'application/jsonx',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Header names as API Gateway v2 hands them over: lower case. */
const headersArb: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    contentTypeArb,
    fc.option(
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(CURRENT) },
        {
          weight: 3,
          arbitrary: fc.constantFrom('"1"', '"2"', '"3"', '*', 'W/"1"', '"1", "2"', '1', ''),
        },
        { weight: 1, arbitrary: junk },
      ),
      { nil: undefined, freq: 4 },
    ),
    fc.option(
      fc.oneof(
        fc.constantFrom('k-1', 'k-2', 'k'.repeat(129), 'bad key', ''),
        fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/),
        junk,
      ),
      { nil: undefined, freq: 2 },
    ),
    fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), fc.string({ maxLength: 20 }), {
      maxKeys: 2,
    }),
  )
  .map(([contentType, ifMatch, idempotencyKey, extra]) => {
    const headers: Record<string, string> = { ...extra };
    for (const [name, value] of [
      ['content-type', contentType],
      ['if-match', ifMatch],
      ['idempotency-key', idempotencyKey],
    ] as const) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    return headers;
  });

// ---------------------------------------------------------------- routes

interface RouteSpec {
  /** Path parameters as the route would see them, before garbage is mixed in. */
  params?: () => fc.Arbitrary<Record<string, string>>;
  /** A body the route would accept, before it is mutated. */
  valid?: fc.Arbitrary<unknown>;
  /** The ETag of what the route changes, to send a matching If-Match. */
  etag?: (params: Record<string, string> | undefined) => Promise<string | undefined>;
}

const pick = (ids: () => string[]) => fc.constantFrom(...ids());
/** Mostly an id that exists, sometimes a well-formed one that does not. */
const idFrom = (ids: () => string[]) =>
  fc.oneof({ weight: 3, arbitrary: pick(ids) }, { weight: 1, arbitrary: ulidLike });
const readObstacle = () => ({
  id: idFrom(() => [...fixtures.obstacleIds, ...fixtures.seededObstacleIds]),
});
const readTask = () => ({ id: idFrom(() => [...fixtures.taskIds, ...fixtures.seededTaskIds]) });
const readVisit = () => ({
  visitId: idFrom(() => [...fixtures.visitIds, ...fixtures.seededVisitIds]),
});
const ownObstacle = () => ({ id: idFrom(() => fixtures.obstacleIds) });
const ownTask = () => ({ id: idFrom(() => fixtures.taskIds) });
const readUnit = () => ({ unitId: fc.constantFrom(...units) });
/** Days no other file counts: Nguyên Giáp's January 2025, and days the product refuses. */
const dossierDay = fc.constantFrom('2025-01-06', '2025-01-07', '2024-12-31', '2027-06-01');

const uploadBody = fc.record({
  fileName: fc.constantFrom('Ảnh hiện trường.jpg', 'bien-ban.pdf').chain(text),
  contentType: fc.constantFrom('image/jpeg', 'image/png', 'application/pdf'),
  size: fc.oneof(fc.constantFrom(1, 3, 5 * 1024 * 1024), fc.integer({ min: -1, max: 6e6 })),
});
/** A registration of a file really in the local bucket (each registers once), as generated. */
const registrationOf = (itemType: ItemType) =>
  fc
    .nat({ max: 3 })
    .map((i) => fixtures.registrations[itemType][i] ?? fixtures.registrations[itemType][0]);
/** The finding of this file's visit, mostly; sometimes one that is not on it. */
const findingOf = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant({ ...fixtures.finding }) },
    {
      weight: 1,
      arbitrary: fc.record({ visitId: fc.constant(fixtures.finding.visitId), findingId: ulidLike }),
    },
  );
/** An attachment that exists, mostly, on the item it belongs to. */
const attachmentOf = (itemType: ItemType) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: pick(() => fixtures.attachments[itemType].map((a) => JSON.stringify(a))).map(
        (a) => JSON.parse(a) as Record<string, string>,
      ),
    },
    {
      weight: 1,
      arbitrary:
        itemType === 'finding'
          ? fc.record({
              visitId: fc.constant(fixtures.finding.visitId),
              findingId: fc.constant(fixtures.finding.findingId),
              attachmentId: ulidLike,
            })
          : fc.record({ ...readObstacle(), attachmentId: ulidLike }),
    },
  );

async function etagVia(key: string, params: Record<string, string> | undefined) {
  if (!params?.id) return undefined;
  const result = await invoke(key, { caller: 'delegation', pathParameters: { id: params.id } });
  return result.header('etag') as string | undefined;
}

/** The id of a task's latest extension request (pending if any is), or of none. */
async function latestRequest(taskId: string | undefined): Promise<string> {
  const none = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
  if (!taskId) return none;
  const result = await invoke('GET /tasks/{id}', {
    caller: 'delegation',
    pathParameters: { id: taskId },
  });
  if (result.status !== 200) return none;
  const requests =
    (
      JSON.parse(result.response.body ?? '{}') as {
        extensionRequests?: { id: string; status: string }[];
      }
    ).extensionRequests ?? [];
  return (requests.find((r) => r.status === 'pending') ?? requests.at(-1))?.id ?? none;
}

const routes: Record<string, RouteSpec> = {
  'GET /health': {},
  'GET /openapi.json': {},
  'GET /units': {},
  'GET /units/{unitId}': { params: () => fc.record(readUnit()) },
  'POST /obstacles': { valid: obstacleBody },
  'GET /obstacles': {},
  'GET /obstacles/export.csv': {},
  'GET /obstacles/{id}': { params: () => fc.record(readObstacle()) },
  'GET /obstacles/{id}/history': { params: () => fc.record(readObstacle()) },
  'POST /obstacles/{id}/transitions': {
    params: () => fc.record(ownObstacle()),
    valid: obstacleTransitionBody,
    etag: (params) => etagVia('GET /obstacles/{id}', params),
  },
  'POST /tasks': { valid: taskBody },
  'GET /tasks': {},
  'GET /tasks/export.csv': {},
  'GET /tasks/stats': {},
  'GET /tasks/{id}': { params: () => fc.record(readTask()) },
  'GET /tasks/{id}/history': { params: () => fc.record(readTask()) },
  'POST /tasks/{id}/transitions': {
    params: () => fc.record(ownTask()),
    valid: taskTransitionBody,
    etag: (params) => etagVia('GET /tasks/{id}', params),
  },
  'POST /tasks/{id}/comments': {
    params: () => fc.record(ownTask()),
    valid: fc.record({ text: fc.constantFrom('Đã nhận', 'Xin ý kiến chỉ đạo thêm').chain(text) }),
  },
  'POST /tasks/{id}/extension-requests': {
    params: () => fc.record(ownTask()),
    valid: fc.record({
      requestedDue: fc.oneof(
        fc.constantFrom('2027-03-01', '2027-06-30', '2026-01-01', '2099-01-01'),
        calendarEdgeDate,
      ),
      reason: text('Chờ kinh phí'),
    }),
    etag: (params) => etagVia('GET /tasks/{id}', params),
  },
  'POST /tasks/{id}/extension-requests/{requestId}/decision': {
    params: () =>
      fc.record({
        ...ownTask(),
        requestId: fc.oneof(
          { weight: 3, arbitrary: fc.constant(PENDING) },
          { weight: 1, arbitrary: pick(() => fixtures.requestIds) },
          { weight: 1, arbitrary: ulidLike },
        ),
      }),
    valid: fc.record(
      { decision: fc.constantFrom('approve', 'reject'), note: text('Đồng ý') },
      { requiredKeys: ['decision'] },
    ),
    etag: (params) => etagVia('GET /tasks/{id}', params),
  },
  'POST /visits': { valid: visitBody },
  'GET /visits': {},
  'GET /visits/{visitId}': { params: () => fc.record(readVisit()) },
  'POST /visits/{visitId}/findings': {
    params: () =>
      fc.record({
        visitId: fc.oneof(
          pick(() => fixtures.visitIds),
          ulidLike,
        ),
      }),
    valid: findingBody,
  },
  'POST /obstacles/{id}/attachments/uploads': {
    params: () => fc.record(ownObstacle()),
    valid: uploadBody,
  },
  'POST /obstacles/{id}/attachments': {
    params: () => fc.record({ id: idFrom(() => [fixtures.attachableObstacleId]) }),
    valid: registrationOf('obstacle'),
  },
  'GET /obstacles/{id}/attachments': { params: () => fc.record(readObstacle()) },
  'GET /obstacles/{id}/attachments/{attachmentId}': { params: () => attachmentOf('obstacle') },
  'POST /tasks/{id}/attachments/uploads': {
    params: () => fc.record(ownTask()),
    valid: uploadBody,
  },
  'POST /tasks/{id}/attachments': {
    params: () => fc.record({ id: idFrom(() => fixtures.taskIds.slice(0, 1)) }),
    valid: registrationOf('task'),
  },
  'GET /tasks/{id}/attachments': { params: () => fc.record(readTask()) },
  'GET /tasks/{id}/attachments/{attachmentId}': { params: () => attachmentOf('task') },
  'POST /visits/{visitId}/findings/{findingId}/attachments/uploads': {
    params: findingOf,
    valid: uploadBody,
  },
  'POST /visits/{visitId}/findings/{findingId}/attachments': {
    params: findingOf,
    valid: registrationOf('finding'),
  },
  'GET /visits/{visitId}/findings/{findingId}/attachments': { params: findingOf },
  'GET /visits/{visitId}/findings/{findingId}/attachments/{attachmentId}': {
    params: () => attachmentOf('finding'),
  },
  'PUT /units/{unitId}/dossier-reports/{date}': {
    params: () => fc.record({ unitId: fc.constant('nguyen-giap'), date: dossierDay }),
    valid: dossierBody,
    etag: async (params) => {
      if (!params?.unitId || !params.date) return undefined;
      const result = await invoke('GET /units/{unitId}/dossier-reports', {
        caller: 'delegation',
        pathParameters: { unitId: params.unitId },
        query: { from: params.date, to: params.date },
      });
      if (result.status !== 200) return undefined;
      const items = (JSON.parse(result.response.body ?? '{}') as { items?: { version: number }[] })
        .items;
      return items?.[0] ? `"${items[0].version}"` : undefined;
    },
  },
  'GET /units/{unitId}/dossier-reports': { params: () => fc.record(readUnit()) },
  'GET /units/{unitId}/dossier-reports/{date}/history': {
    params: () =>
      fc.record({ ...readUnit(), date: fc.oneof(dossierDay, fc.constant('2025-07-03'), dateText) }),
  },
  'GET /units/{unitId}/summary': { params: () => fc.record(readUnit()) },
  'GET /units/{unitId}/brief': { params: () => fc.record(readUnit()) },
  'GET /units/scorecard': {},
  'GET /digests': {},
  'GET /digests/{id}': {
    params: () =>
      fc.record({
        id: fc.oneof(
          pick(() => fixtures.digestIds),
          fc
            .tuple(
              fc.constantFrom('end-of-day', 'escalation', 'weekly', 'x'),
              fc.oneof(dateText, fc.constant('')),
              fc.oneof(
                fc.constantFrom('unit:nguyen-giap', 'unit:an-phu', 'org:van-phong-thanh-uy'),
                fc.string({ unit: 'grapheme', maxLength: 60 }),
              ),
            )
            .map((parts) => Buffer.from(parts.join('|')).toString('base64url')),
          fc.stringMatching(/^[A-Za-z0-9_-]{8,200}$/),
          junk,
        ),
      }),
  },
};

/** Real parameters most of the time; sometimes garbage in one of them, or none at all. */
function paramsArb(fn: HttpFunction): fc.Arbitrary<Record<string, string> | undefined> {
  const names = [...fn.route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const spec = routes[routeKey(fn.route)];
  if (names.length === 0 || !spec?.params) {
    return fc.oneof(
      { weight: 9, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.record({ id: junk }) },
    );
  }
  const real = spec.params();
  const garbled = fc
    .tuple(real, fc.constantFrom(...names), fc.oneof(junk, ulidLike))
    .map(([params, name, value]) => ({ ...params, [name]: value }));
  return fc.oneof(
    { weight: 12, arbitrary: real },
    { weight: 4, arbitrary: garbled },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

// ---------------------------------------------------------------- setup

/**
 * Files in the local bucket for an item's attachment routes, uploaded by `caller`: one
 * registered, to read, and three more that a property may register (each once).
 */
async function stageUploads(
  itemType: ItemType,
  itemRoute: string,
  pathParameters: Record<string, string>,
  caller: CallerName,
) {
  for (let i = 0; i < 4; i++) {
    const ticket = await created(`POST ${itemRoute}/attachments/uploads`, {
      caller,
      pathParameters,
      headers: json,
      body: JSON.stringify({ fileName: 'anh.jpg', contentType: 'image/jpeg', size: 3 }),
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.fields as Record<string, string>)) {
      form.append(name, value);
    }
    form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }));
    const sent = await fetch(ticket.url as string, { method: 'POST', body: form });
    if (sent.status !== 204) throw new Error(`Upload setup answered ${sent.status}`);
    const registration = {
      uploadId: ticket.uploadId,
      key: ticket.key,
      fileName: 'anh.jpg',
      contentType: 'image/jpeg',
      size: 3,
    };
    if (i > 0) {
      fixtures.registrations[itemType].push(registration);
      continue;
    }
    await created(`POST ${itemRoute}/attachments`, {
      caller,
      pathParameters,
      headers: json,
      body: JSON.stringify(registration),
    });
    fixtures.attachments[itemType].push({
      ...pathParameters,
      attachmentId: ticket.uploadId as string,
    });
  }
}

beforeAll(async () => {
  outboxDir = mkdtempSync(join(tmpdir(), 'thaogo-prop-outbox-'));
  Object.assign(process.env, {
    TABLE_NAME: inject('tableName'),
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    AWS_REGION: 'ap-southeast-1',
    // The run's local bucket, which checks what these credentials sign.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: loadOrCreateS3Secret(inject('dataDir')),
    UPLOAD_BUCKET: 'thaogo-local-uploads',
    S3_ENDPOINT: `${inject('apiUrl').replace(/\/api$/, '')}${s3Prefix}`,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    CURSOR_KEY: 'route-properties-cursor-key-of-at-least-32-chars',
    MAIL_TRANSPORT: 'outbox',
    MAIL_FROM: 'Tháo gỡ <khong-tra-loi@haiphong.example>',
    OUTBOX_DIR: outboxDir,
    APP_BASE_URL: 'http://localhost:3000',
    CITY_OFFICE_ORG: 'van-phong-thanh-uy',
  });

  const { documentClient } = await import('#shared/store/client.ts');
  documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      seen.add(name);
      const output = await next(args);
      if (writeCommands.has(name)) writes.push(name);
      return output;
    },
    { step: 'initialize', name: 'routePropertiesWriteSpy' },
  );

  for (const fn of httpFunctions()) {
    const module = (await import(new URL(fn.spec.entry, rootUrl).href)) as { handler?: Handler };
    if (!module.handler) throw new Error(`${fn.spec.entry} exports no handler`);
    handlers.set(routeKey(fn.route), module.handler);
  }

  const { contracts } = await import('#shared/schemas/openapi.ts');
  for (const contract of contracts) {
    const shape = (contract.query as { shape?: Record<string, unknown> } | undefined)?.shape;
    fixtures.queryKeys.set(contract.name, Object.keys(shape ?? {}));
  }

  const { seedObstacles } = await import('#infra/local/seed/reference-obstacles.ts');
  const { seedTasks } = await import('#infra/local/seed/reference-tasks.ts');
  const { visitIds } = await import('#infra/local/seed/seed-ids.ts');
  fixtures.seededObstacleIds = seedObstacles.map((o) => o.id);
  fixtures.seededTaskIds = seedTasks.map((t) => t.id);
  fixtures.seededVisitIds = Object.values(visitIds);

  // What the writes of the properties may change: this file's own items.
  for (let i = 0; i < 3; i++) {
    const obstacle = await created('POST /obstacles', {
      caller: 'own',
      headers: json,
      body: JSON.stringify({
        category: 'other',
        title: `Thiếu tủ lưu trữ hồ sơ ${i + 1}`,
        description: 'Hồ sơ để dưới sàn.',
        severity: 'low',
      }),
    });
    fixtures.obstacleIds.push(obstacle.id as string);
  }

  // The commune's tasks (assigned by a delegation, and by the office: never to itself) and
  // the office's (assigned to it by the delegation).
  const byDelegation = {
    assignees: [{ kind: 'unit', id: 'nguyen-giap' }],
    assignedBy: 'le-tien-chau',
  };
  const toOffice = {
    assignees: [{ kind: 'org', id: 'van-phong-thanh-uy' }],
    assignedBy: 'le-tien-chau',
  };
  const byOffice = { assignees: [{ kind: 'unit', id: 'nguyen-giap' }] };
  const taskInputs: [CallerName, object][] = [
    ['delegation', byDelegation],
    ['delegation', toOffice],
    ['office', byOffice],
    ['delegation', toOffice],
  ];
  for (const [caller, input] of taskInputs) {
    const task = await created('POST /tasks', {
      caller,
      headers: json,
      body: JSON.stringify({
        title: 'Rà soát thiết bị một cửa',
        description: 'Lập danh sách thiết bị cần thay.',
        dueInWorkingDays: 20,
        ...input,
      }),
    });
    fixtures.taskIds.push(task.id as string);
  }
  // Each task gets a pending extension request, from its assignee.
  for (const [i, caller] of (['own', 'office'] as const).entries()) {
    const task = await created('POST /tasks/{id}/extension-requests', {
      caller,
      pathParameters: { id: fixtures.taskIds[i] as string },
      headers: { ...json, 'if-match': '"1"' },
      body: JSON.stringify({ requestedDue: '2027-06-30', reason: 'Chờ kinh phí' }),
    });
    const requests = task.extensionRequests as { id: string }[];
    fixtures.requestIds.push(requests[0]?.id as string);
  }

  // Files in the local bucket for the attachment routes: one registered on an obstacle and
  // on a task of this file's, to read, and three more each that a property may register.
  // The obstacle is one of its own: the transitions' property may withdraw the others.
  const attachable = await created('POST /obstacles', {
    caller: 'own',
    headers: json,
    body: JSON.stringify({
      category: 'other',
      title: 'Thiếu tủ lưu trữ hồ sơ có ảnh',
      description: 'Hồ sơ để dưới sàn.',
      severity: 'low',
    }),
  });
  fixtures.attachableObstacleId = attachable.id as string;
  await stageUploads('obstacle', '/obstacles/{id}', { id: fixtures.attachableObstacleId }, 'own');
  await stageUploads('task', '/tasks/{id}', { id: fixtures.taskIds[0] as string }, 'own');

  const visit = await created('POST /visits', {
    caller: 'delegation',
    headers: json,
    body: JSON.stringify({
      leaderIds: ['le-tien-chau'],
      date: '2026-01-05',
      unitIds: ['nguyen-giap'],
      purpose: 'Kiểm tra bộ phận một cửa',
    }),
  });
  fixtures.visitIds.push(visit.id as string);
  // A finding of the visit, and its files: the delegation of the visit's leader adds them.
  const finding = await created('POST /visits/{visitId}/findings', {
    caller: 'delegation',
    pathParameters: { visitId: visit.id as string },
    headers: json,
    body: JSON.stringify({ kind: 'commendation', text: 'Tiếp dân chu đáo', unitId: 'nguyen-giap' }),
  });
  fixtures.finding = { visitId: visit.id as string, findingId: finding.id as string };
  await stageUploads(
    'finding',
    '/visits/{visitId}/findings/{findingId}',
    fixtures.finding,
    'delegation',
  );

  // A weekly digest for each leader, for GET /digests/{id} to serve: the run of Monday
  // 7 June 2027, a week no other file runs.
  const { handler: weekly } = await import('#functions/digests/weekly.ts');
  await weekly({ scheduledTime: '2027-06-07T00:00:00.000Z' });
  const digests = await invoke('GET /digests', {
    caller: 'delegation',
    query: { date: '2027-06-07', kind: 'weekly' },
  });
  const stored = (JSON.parse(digests.response.body ?? '{}') as { items?: { id: string }[] }).items;
  fixtures.digestIds.push(...(stored ?? []).map((digest) => digest.id));
  if (fixtures.digestIds.length === 0) throw new Error('The weekly run stored no digest');

  // Cursors really issued, to be replayed by other callers and with other filters.
  for (const [key, caller] of [
    ['GET /obstacles', 'delegation'],
    ['GET /obstacles', 'own'],
    ['GET /tasks', 'office'],
    ['GET /visits', 'delegation'],
  ] as const) {
    const result = await invoke(key, { caller, query: { limit: '1' } });
    const next = (JSON.parse(result.response.body ?? '{}') as { nextCursor?: string }).nextCursor;
    if (next) fixtures.cursors.push(next);
  }
  if (fixtures.cursors.length === 0) throw new Error('No list issued a cursor');
});

afterAll(() => {
  for (const key of Object.keys(process.env)) {
    if (!(key in savedEnv)) delete process.env[key];
  }
  Object.assign(process.env, savedEnv);
  if (outboxDir) rmSync(outboxDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- properties

describe('every route, whatever it is sent', () => {
  it('has a generator for every route of the manifest, and none for a route it lacks', () => {
    expect(Object.keys(routes).sort()).toEqual(
      httpFunctions()
        .map((fn) => routeKey(fn.route))
        .sort(),
    );
    for (const fn of httpFunctions()) {
      expect(fixtures.queryKeys.has(fn.name), `${fn.name} has a contract`).toBe(true);
    }
  });

  it('sees the writes of a request that succeeds, and none of one refused', async () => {
    const ok = await invoke('POST /obstacles', {
      caller: 'own',
      headers: json,
      body: JSON.stringify({
        category: 'other',
        title: 'Thiếu bàn ghế tiếp dân',
        description: 'Hai bộ bàn ghế đã hỏng.',
        severity: 'low',
      }),
    });
    expect(ok.status).toBe(201);
    expect(ok.writes, `commands seen: ${[...seen].join(', ')}`).not.toEqual([]);
    expect(seen.has('TransactWriteItemsCommand'), `commands seen: ${[...seen].join(', ')}`).toBe(
      true,
    );

    const refused = await invoke('POST /obstacles', {
      caller: 'own',
      headers: json,
      body: JSON.stringify({ category: 'other' }),
    });
    expect(refused.status).toBe(400);
    expect(refused.writes).toEqual([]);
  });

  /** What each route's property met, request by request: answers served (2xx) and refused (4xx). */
  const met = new Map<string, { runs: number; served: number; refused: number }>();
  for (const fn of httpFunctions()) {
    const key = routeKey(fn.route);
    it(`${key}: never 5xx, and a refusal writes nothing (seed ${seed})`, async () => {
      const spec = routes[key];
      if (!spec) throw new Error(`${key} has no generator`);
      const takesBody = fn.route.method !== 'GET';
      // Anything at all, from anyone.
      const wild = fc.record({
        caller: callerArb,
        pathParameters: paramsArb(fn),
        query: queryArb(fn.name),
        headers: takesBody
          ? headersArb
          : fc.oneof(fc.constant<Record<string, string>>({}), headersArb),
        body: takesBody
          ? bodyArb(spec.valid)
          : fc.oneof(
              { weight: 6, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: bodyArb() },
            ),
        base64: fc.oneof(
          { weight: 12, arbitrary: fc.constant(false) },
          { weight: 1, arbitrary: fc.constant(true) },
        ),
      });
      // Nearly right, so the request gets past validation into the route's own rules.
      const allowed = (['delegation', 'office', 'own', 'other'] as const).filter((who) =>
        (fn.route.roles as readonly string[]).includes(roleOf[who]),
      );
      const near = fc.record({
        caller: fc.constantFrom(...allowed),
        pathParameters: spec.params ? spec.params() : fc.constant(undefined),
        query: plausibleQuery(fn.name),
        headers: fc.record(
          {
            'content-type': fc.constant('application/json'),
            'if-match': fc.oneof(
              { weight: 6, arbitrary: fc.constant(CURRENT) },
              { weight: 1, arbitrary: fc.constantFrom('"1"', '"2"') },
            ),
            'idempotency-key': fc.constantFrom('k-1', 'k-2', 'k-3'),
          },
          { requiredKeys: ['content-type'] },
        ),
        body: spec.valid
          ? fc.oneof(
              { weight: 2, arbitrary: spec.valid.map(toJson) },
              { weight: 1, arbitrary: mutated(spec.valid).map(toJson) },
            )
          : fc.constant(undefined),
      });
      const request = fc.oneof(wild, near);
      await fc.assert(
        fc.asyncProperty(request, async (call) => {
          const headers = { ...call.headers };
          const params = call.pathParameters && { ...call.pathParameters };
          if (params?.requestId === PENDING) params.requestId = await latestRequest(params.id);
          if (headers['if-match'] === CURRENT) {
            const etag = await spec.etag?.(call.pathParameters);
            if (etag) headers['if-match'] = etag;
            else delete headers['if-match'];
          }
          const result = await invoke(key, { ...call, pathParameters: params, headers });
          const count = met.get(key) ?? { runs: 0, served: 0, refused: 0 };
          met.set(key, count);
          count.runs++;
          if (result.status < 300) count.served++;
          else if (result.status < 500) count.refused++;
          const said = `${key} answered ${result.status} ${result.response.body?.slice(0, 300)}`;
          if (result.status >= 500) throw new Error(said);
          if (result.status >= 400) {
            if (result.writes.length > 0) {
              throw new Error(`${said} after writing: ${result.writes.join(', ')}`);
            }
            const type = String(result.header('content-type') ?? '');
            if (!type.includes('application/problem+json')) {
              throw new Error(`${said} with Content-Type ${type}`);
            }
            const problem = JSON.parse(result.response.body ?? '{}') as { status?: number };
            if (problem.status !== result.status)
              throw new Error(`${said}: problem status differs`);
          }
        }),
        { seed, numRuns: runsFor(fn.route.method) },
      );
    });
  }

  it('ran the property on every route of the manifest, and each got both served and refused', () => {
    // Counted by the requests themselves: a route whose generators never get past the
    // refusals (or never send one) tests nothing on the other side.
    const short = httpFunctions().flatMap((fn) => {
      const key = routeKey(fn.route);
      const { runs, served, refused } = met.get(key) ?? { runs: 0, served: 0, refused: 0 };
      return runs >= runsFor(fn.route.method) && served > 0 && refused > 0
        ? []
        : [`${key}: ${runs} requests, ${served} served, ${refused} refused`];
    });
    expect(short).toEqual([]);
  });
});
