/**
 * Deny by default, cell by cell: every route of the manifest × six callers → the one status
 * each must answer. A write is sent with a valid body (with the current ETag in If-Match and a
 * fresh Idempotency-Key where the route takes them), on an item made for that cell alone, so
 * the answer comes from the rule the cell is about (role, visibility, lead or assigner,
 * ownership), never from a malformed request: a 400 must name the field of the rule it is.
 * A refused write is checked to have changed nothing, and an accepted one to have changed
 * its item.
 *
 * The callers: the delegation of Lê Tiến Châu (who assigns the tasks and leads the visits
 * made here), the delegation of another leader, Sở Nội vụ (an office that is no party to the
 * items and does not read all), Văn phòng Thành ủy (an office that reads all, also no party),
 * the Nguyên Giáp commune on Nguyên Giáp's item ("own"), and the same Nguyên Giáp commune on
 * An Phú's item ("other"): one commune at another's business.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { httpFunctions, routeKey } from '#functions/manifest.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { digestId } from '#shared/domain/digests/run.ts';
import type { Digest } from '#shared/schemas/digests.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createDigestsRepository } from '#shared/store/entities/digest.ts';
import { asCityOffice, asCommune, asDelegation, call } from './helpers.ts';
import { obstacleBody } from './obstacle-helpers.ts';
import { taskBody } from './task-helpers.ts';

const columns = [
  'delegation',
  'otherDelegation',
  'office',
  'readerOffice',
  'own',
  'other',
] as const;
type Who = (typeof columns)[number];

const ownUnit = 'nguyen-giap';
const otherUnit = 'an-phu';
type Unit = typeof ownUnit | typeof otherUnit;
const unitNames: Record<Unit, string> = { 'nguyen-giap': 'Nguyên Giáp', 'an-phu': 'An Phú' };
/** Whose item a cell addresses: the own unit's, except for the commune at another's. */
const unitOf = (who: Who): Unit => (who === 'other' ? otherUnit : ownUnit);

const today = vietnamCalendar.dateOf(new Date().toISOString());
/** A Sunday: no digest run composes for it, so the digests stored here stay the only ones. */
const digestDay = '2025-06-22';

interface Prepared {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** What the write would change, read as the delegation: unchanged exactly when refused. */
  state?: () => Promise<unknown>;
}

interface Row {
  route: string;
  /** Which rule of the route the row is about, when the route has several. */
  label?: string;
  /** The request of one cell, on the item of `unit` (made for the cell when it is a write). */
  prepare: (unit: Unit) => Prepared | Promise<Prepared>;
  expect: Record<Who, number>;
  /** The field each 400 of the row names: the rule it is, not a body the test got wrong. */
  fields?: Partial<Record<Who, string>>;
  /**
   * Cells one after another: the reports of one unit are planned on its revision, and more
   * writes at once than a report retries are told to come back later (503).
   */
  oneAtATime?: boolean;
}

const tokens = {} as Record<Who, string>;
const communeOf = {} as Record<Unit, string>;
let delegation: string;

/** Items of each unit that reads address; writes make their own. */
const items = {} as Record<
  Unit,
  { obstacle: string; task: string; visit: string; finding: string; day: string; digest: string }
>;

async function send(token: string, method: string, path: string, body: unknown, headers = {}) {
  return call(path, {
    token,
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function made<T>(what: string, result: Awaited<ReturnType<typeof call>>, status = 201) {
  expect(result.status, `${what}: ${JSON.stringify(result.json)}`).toBe(status);
  return result.json as T;
}

const fresh = () => ({ 'idempotency-key': randomUUID() });

const reportObstacle = async (unit: Unit) =>
  (
    await made<{ id: string }>(
      'obstacle',
      await send(communeOf[unit], 'POST', '/obstacles', obstacleBody()),
    )
  ).id;

/** A task Lê Tiến Châu's delegation assigns to the unit, which leads it alone. */
const assignTask = async (unit: Unit) =>
  made<{ id: string; currentDue: string }>(
    'task',
    await send(delegation, 'POST', '/tasks', taskBody({ assignees: [{ kind: 'unit', id: unit }] })),
  );

const logVisit = async (unit: Unit) =>
  (
    await made<{ id: string }>(
      'visit',
      await send(delegation, 'POST', '/visits', {
        leaderIds: ['le-tien-chau'],
        date: today,
        unitIds: [unit],
        purpose: `Kiểm tra bộ phận một cửa ${randomUUID().slice(0, 6)}`,
      }),
    )
  ).id;

/** A finding the delegation records on a new visit to the unit: the finding's path. */
async function recordFinding(unit: Unit) {
  const visit = await logVisit(unit);
  const finding = await made<{ id: string }>(
    'finding',
    await send(delegation, 'POST', `/visits/${visit}/findings`, {
      kind: 'commendation',
      text: 'Phòng tiếp dân sạch sẽ, sắp xếp gọn gàng',
      unitId: unit,
    }),
  );
  return `/visits/${visit}/findings/${finding.id}`;
}

/** A day of its own for every dossier report made here (after the reference July 2025). */
let dayCount = 0;
const nextDay = () =>
  new Date(Date.UTC(2026, 0, 5) + dayCount++ * 86_400_000).toISOString().slice(0, 10);
/** As many resolved as received: the backlog carried into later days stays as it was. */
const figures = (n: number) => ({ received: n, resolved: n, resolvedOnTime: n, overdue: 0 });

async function reportDay(unit: Unit) {
  const day = nextDay();
  await made('dossier day', await send(communeOf[unit], 'PUT', dayPath(unit, day), figures(3)));
  return day;
}
const dayPath = (unit: Unit, day: string) => `/units/${unit}/dossier-reports/${day}`;

/** The item's ETag and history as the delegation reads them. */
const itemState = (path: string) => async () => {
  const [item, history] = await Promise.all([
    call(path, { token: delegation }),
    call(`${path}/history`, { token: delegation }),
  ]);
  return [item.status, item.headers.get('etag'), history.status, history.json];
};

const findingsOf = (visitId: string) => async () => {
  const view = await call(`/visits/${visitId}`, { token: delegation });
  return [view.status, view.json?.groups];
};

const dayState = (unit: Unit, day: string) => async () =>
  (await call(`${dayPath(unit, day)}/history`, { token: delegation })).json;

/** Every route answers everyone alike: nothing in it is any unit's. */
const open = {
  delegation: 200,
  otherDelegation: 200,
  office: 200,
  readerOffice: 200,
  own: 200,
  other: 200,
};
/** A unit's item: every reader of all units, and its own commune only. */
const unitItem = { ...open, other: 404 };
/**
 * A task (and a unit's digest): delegations and the office that reads all see it; Sở Nội vụ,
 * neither assignee nor assigner, and the commune of another unit get 404.
 */
const taskItem = { ...open, office: 404, other: 404 };
/** Everyone refused by role: the rows below let in the callers their rule names. */
const refused = {
  delegation: 403,
  otherDelegation: 403,
  office: 403,
  readerOffice: 403,
  own: 403,
  other: 403,
};
/**
 * The lead's own action on a task: Sở Nội vụ and the other commune cannot see the task (404);
 * whoever sees it but is not its lead (the assigner, another delegation, the office that reads
 * all) is refused: 403.
 */
const theLead = (status: number) => ({ ...refused, office: 404, own: status, other: 404 });

/** A read of one path, which names the items of the cell's unit. */
const read = (route: string, path: (unit: Unit) => string, expect: Row['expect']): Row => ({
  route,
  prepare: (unit) => ({ path: path(unit) }),
  expect,
});

const ifMatchFirst = () => ({ 'if-match': '"1"' });

/** A write under the path of a task assigned for the cell alone; `state` is the task's. */
const onNewTask =
  (
    under: string,
    body: (task: { currentDue: string }) => unknown,
    headers: () => Record<string, string>,
  ) =>
  async (unit: Unit): Promise<Prepared> => {
    const task = await assignTask(unit);
    return {
      path: `/tasks/${task.id}/${under}`,
      body: body(task),
      headers: headers(),
      state: itemState(`/tasks/${task.id}`),
    };
  };

const extensionAsked = (task: { currentDue: string }) => ({
  requestedDue: daysAfter(task.currentDue, 14),
  reason: 'Chờ kinh phí bổ sung',
});

/** A small JPEG's worth of bytes: the local bucket checks size and type, not pixels. */
const photo = new Uint8Array(1024).map((_, i) => (i * 31) % 256);
const photoMeta = {
  fileName: 'Phòng tiếp dân.jpg',
  contentType: 'image/jpeg',
  size: photo.byteLength,
};

/** An upload the delegation asks for on an item and sends to the local bucket. */
async function uploaded(itemPath: string) {
  const ticket = await made<{
    uploadId: string;
    key: string;
    url: string;
    fields: Record<string, string>;
  }>('upload', await send(delegation, 'POST', `${itemPath}/attachments/uploads`, photoMeta));
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.fields)) form.append(name, value);
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
  const sent = await fetch(ticket.url, { method: 'POST', body: form });
  expect(sent.status).toBeLessThan(300);
  return { uploadId: ticket.uploadId, key: ticket.key, ...photoMeta };
}

/** An attachment the delegation added to an item: its id. */
async function attached(itemPath: string) {
  const registration = await uploaded(itemPath);
  return (
    await made<{ id: string }>(
      'attachment',
      await send(delegation, 'POST', `${itemPath}/attachments`, registration, fresh()),
    )
  ).id;
}

const rows: Row[] = [
  read('GET /health', () => '/health', open),
  read('GET /openapi.json', () => '/openapi.json', open),
  read('GET /units', () => '/units', open),
  read('GET /units/{unitId}', (unit) => `/units/${unit}`, open),
  {
    route: 'POST /obstacles',
    prepare: (unit) => ({
      path: '/obstacles',
      body: obstacleBody({ unitId: unit }),
      headers: fresh(),
    }),
    // Any delegation reports for any unit (found on a visit). Reporting for another unit
    // creates nothing that exists, and the unit itself is public (GET /units/{unitId}), so the
    // commune is told plainly that it reports for its own unit only: 403, not 404.
    expect: { ...refused, delegation: 201, otherDelegation: 201, own: 201 },
  },
  read('GET /obstacles', (unit) => `/obstacles?unitId=${unit}`, open),
  read('GET /obstacles/export.csv', (unit) => `/obstacles/export.csv?unitId=${unit}`, open),
  read('GET /obstacles/{id}', (unit) => `/obstacles/${items[unit].obstacle}`, unitItem),
  read(
    'GET /obstacles/{id}/history',
    (unit) => `/obstacles/${items[unit].obstacle}/history`,
    unitItem,
  ),
  {
    route: 'POST /obstacles/{id}/transitions',
    label: 'withdraw, which every role may do',
    prepare: async (unit) => {
      const id = await reportObstacle(unit);
      return {
        path: `/obstacles/${id}/transitions`,
        body: { action: 'withdraw', note: 'Đã bố trí được máy từ nguồn khác' },
        headers: ifMatchFirst(),
        state: itemState(`/obstacles/${id}`),
      };
    },
    expect: unitItem,
  },
  {
    route: 'POST /tasks',
    label: 'in the assigner’s own name',
    prepare: (unit) => ({
      path: '/tasks',
      body: taskBody({ assignees: [{ kind: 'unit', id: unit }] }),
      headers: fresh(),
    }),
    // A commune never assigns: the route refuses its role before reading anything.
    expect: { ...refused, delegation: 201, otherDelegation: 201, office: 201, readerOffice: 201 },
  },
  {
    route: 'POST /tasks',
    label: 'in the name of Lê Tiến Châu',
    prepare: (unit) => ({
      path: '/tasks',
      body: taskBody({ assignees: [{ kind: 'unit', id: unit }], assignedBy: 'le-tien-chau' }),
      headers: fresh(),
    }),
    // Another leader's delegation may not speak for him (403); an office assigns in its own
    // name only, so naming a leader is a mistake in the request, on that field (400).
    expect: { ...refused, delegation: 201, office: 400, readerOffice: 400 },
    fields: { office: 'body.assignedBy', readerOffice: 'body.assignedBy' },
  },
  read('GET /tasks', (unit) => `/tasks?assignee=unit:${unit}`, open),
  read('GET /tasks/export.csv', (unit) => `/tasks/export.csv?assignee=unit:${unit}`, open),
  read('GET /tasks/stats', (unit) => `/tasks/stats?assignee=unit:${unit}`, open),
  read('GET /tasks/{id}', (unit) => `/tasks/${items[unit].task}`, taskItem),
  read('GET /tasks/{id}/history', (unit) => `/tasks/${items[unit].task}/history`, taskItem),
  {
    route: 'POST /tasks/{id}/transitions',
    label: 'start, the lead’s',
    prepare: onNewTask('transitions', () => ({ action: 'start' }), ifMatchFirst),
    // Visibility is asked first: Sở Nội vụ cannot see the task, so for it the task is absent
    // (404), as its GET is.
    expect: theLead(200),
  },
  {
    route: 'POST /tasks/{id}/transitions',
    label: 'cancel, the assigner’s',
    prepare: onNewTask(
      'transitions',
      () => ({ action: 'cancel', reason: 'Đã giao lại trong nhiệm vụ chung của thành phố' }),
      ifMatchFirst,
    ),
    // Only Lê Tiến Châu's delegation closes his task; its lead, though it sees the task, is
    // never the assigner (403).
    expect: { ...refused, delegation: 200, office: 404, other: 404 },
  },
  {
    route: 'POST /tasks/{id}/comments',
    label: 'a comment, anyone who sees the task',
    prepare: onNewTask(
      'comments',
      () => ({ text: 'Đề nghị báo cáo tiến độ trước ngày họp giao ban' }),
      fresh,
    ),
    expect: { ...taskItem, delegation: 201, otherDelegation: 201, readerOffice: 201, own: 201 },
  },
  {
    route: 'POST /tasks/{id}/comments',
    label: 'a part, an assignee’s',
    prepare: onNewTask(
      'comments',
      () => ({ text: 'Đã rà soát xong hồ sơ tồn đọng của xã', kind: 'part' }),
      fresh,
    ),
    expect: theLead(201),
  },
  {
    route: 'POST /tasks/{id}/extension-requests',
    prepare: onNewTask('extension-requests', extensionAsked, ifMatchFirst),
    // Delegations assign and decide, they never ask (the route refuses their role).
    expect: theLead(201),
  },
  {
    route: 'POST /tasks/{id}/extension-requests/{requestId}/decision',
    prepare: async (unit) => {
      const task = await assignTask(unit);
      const asked = await send(
        communeOf[unit],
        'POST',
        `/tasks/${task.id}/extension-requests`,
        extensionAsked(task),
        ifMatchFirst(),
      );
      const { extensionRequests } = await made<{ extensionRequests: { id: string }[] }>(
        'extension request',
        asked,
      );
      return {
        path: `/tasks/${task.id}/extension-requests/${extensionRequests.at(-1)?.id}/decision`,
        body: { decision: 'approve', note: 'Đồng ý gia hạn' },
        headers: { 'if-match': asked.headers.get('etag') as string },
        state: itemState(`/tasks/${task.id}`),
      };
    },
    // Communes never decide: the route refuses their role before reading anything, so own and
    // other are alike here. Only the assigner's delegation decides.
    expect: { ...refused, delegation: 200, office: 404 },
  },
  {
    route: 'POST /visits',
    prepare: (unit) => ({
      path: '/visits',
      body: {
        leaderIds: ['le-tien-chau'],
        date: today,
        unitIds: [unit],
        purpose: 'Kiểm tra việc vận hành chính quyền hai cấp',
      },
      headers: fresh(),
    }),
    // A delegation logs the visits of its own leader only.
    expect: { ...refused, delegation: 201 },
  },
  read('GET /visits', (unit) => `/visits?unitId=${unit}`, open),
  read('GET /visits/{visitId}', (unit) => `/visits/${items[unit].visit}`, unitItem),
  {
    route: 'POST /visits/{visitId}/findings',
    prepare: async (unit) => {
      const visit = await logVisit(unit);
      return {
        path: `/visits/${visit}/findings`,
        body: {
          kind: 'commendation',
          text: 'Bộ phận một cửa sắp xếp gọn gàng, tiếp dân chu đáo',
          unitId: unit,
        },
        headers: fresh(),
        state: findingsOf(visit),
      };
    },
    // Findings are the visit's own delegation's to record: another leader's delegation is
    // refused (403), as it is for POST /visits in a leader's name it does not act for.
    expect: { ...refused, delegation: 201 },
  },
  {
    route: 'PUT /units/{unitId}/dossier-reports/{date}',
    label: 'the first report of a day',
    oneAtATime: true,
    prepare: (unit) => {
      const day = nextDay();
      return { path: dayPath(unit, day), body: figures(4), state: dayState(unit, day) };
    },
    // Only communes report, and only their own unit's days: another unit's is absent (404).
    expect: { ...refused, own: 201, other: 404 },
  },
  {
    route: 'PUT /units/{unitId}/dossier-reports/{date}',
    label: 'a correction of a day reported',
    oneAtATime: true,
    prepare: async (unit) => {
      const day = await reportDay(unit);
      return {
        path: dayPath(unit, day),
        body: figures(4),
        headers: ifMatchFirst(),
        state: dayState(unit, day),
      };
    },
    expect: { ...refused, own: 200, other: 404 },
  },
  read('GET /units/{unitId}/dossier-reports', (unit) => `/units/${unit}/dossier-reports`, unitItem),
  read(
    'GET /units/{unitId}/dossier-reports/{date}/history',
    (unit) => `${dayPath(unit, items[unit].day)}/history`,
    unitItem,
  ),
  read('GET /units/{unitId}/summary', (unit) => `/units/${unit}/summary`, unitItem),
  read('GET /units/{unitId}/brief', (unit) => `/units/${unit}/brief`, unitItem),
  read('GET /units/scorecard', () => '/units/scorecard?asOf=2025-07-04', {
    ...open,
    own: 403,
    other: 403,
  }),
  read(
    'GET /obstacles/{id}/attachments',
    (unit) => `/obstacles/${items[unit].obstacle}/attachments`,
    unitItem,
  ),
  read('GET /tasks/{id}/attachments', (unit) => `/tasks/${items[unit].task}/attachments`, taskItem),
  {
    route: 'GET /obstacles/{id}/attachments/{attachmentId}',
    prepare: async (unit) => {
      const path = `/obstacles/${await reportObstacle(unit)}`;
      return { path: `${path}/attachments/${await attached(path)}` };
    },
    expect: unitItem,
  },
  {
    route: 'GET /tasks/{id}/attachments/{attachmentId}',
    prepare: async (unit) => {
      const path = `/tasks/${(await assignTask(unit)).id}`;
      return { path: `${path}/attachments/${await attached(path)}` };
    },
    expect: taskItem,
  },
  {
    route: 'POST /obstacles/{id}/attachments/uploads',
    prepare: async (unit) => ({
      path: `/obstacles/${await reportObstacle(unit)}/attachments/uploads`,
      body: photoMeta,
    }),
    // Anyone who sees an open obstacle may add evidence to it; another commune cannot see it.
    expect: {
      ...open,
      delegation: 201,
      otherDelegation: 201,
      office: 201,
      readerOffice: 201,
      own: 201,
      other: 404,
    },
  },
  {
    route: 'POST /tasks/{id}/attachments/uploads',
    prepare: async (unit) => ({
      path: `/tasks/${(await assignTask(unit)).id}/attachments/uploads`,
      body: photoMeta,
    }),
    // A task's evidence comes from its assignees and its assigner; whoever else sees it is
    // refused (403), whoever cannot see it finds no task (404).
    expect: { ...refused, delegation: 201, own: 201, office: 404, other: 404 },
  },
  {
    route: 'POST /obstacles/{id}/attachments',
    label: 'an upload of the delegation, registered by each caller',
    prepare: async (unit) => {
      const path = `/obstacles/${await reportObstacle(unit)}`;
      return {
        path: `${path}/attachments`,
        body: await uploaded(path),
        headers: fresh(),
        state: itemState(path),
      };
    },
    // Only the uploader registers its upload: the file names who sent it.
    expect: {
      delegation: 201,
      otherDelegation: 400,
      office: 400,
      readerOffice: 400,
      own: 400,
      other: 404,
    },
    fields: {
      otherDelegation: 'body.key',
      office: 'body.key',
      readerOffice: 'body.key',
      own: 'body.key',
    },
  },
  {
    route: 'POST /tasks/{id}/attachments',
    label: 'an upload of the delegation, registered by each caller',
    prepare: async (unit) => {
      const path = `/tasks/${(await assignTask(unit)).id}`;
      return {
        path: `${path}/attachments`,
        body: await uploaded(path),
        headers: fresh(),
        state: itemState(path),
      };
    },
    // The task's own rule first (403 for who may not add, 404 for who cannot see), then the
    // upload's: only its uploader registers it.
    expect: { ...refused, delegation: 201, own: 400, office: 404, other: 404 },
    fields: { own: 'body.key' },
  },
  read(
    'GET /visits/{visitId}/findings/{findingId}/attachments',
    (unit) => `${items[unit].finding}/attachments`,
    unitItem,
  ),
  {
    route: 'GET /visits/{visitId}/findings/{findingId}/attachments/{attachmentId}',
    prepare: async (unit) => {
      const path = await recordFinding(unit);
      return { path: `${path}/attachments/${await attached(path)}` };
    },
    // Whoever sees the visit sees its finding's evidence, as GET /visits/{visitId} shows it.
    expect: unitItem,
  },
  {
    route: 'POST /visits/{visitId}/findings/{findingId}/attachments/uploads',
    prepare: async (unit) => ({
      path: `${await recordFinding(unit)}/attachments/uploads`,
      body: photoMeta,
    }),
    // A finding's evidence is its visit's delegation's to add, as the finding was: another
    // leader's delegation is refused (403); the route refuses the other roles.
    expect: { ...refused, delegation: 201 },
  },
  {
    route: 'POST /visits/{visitId}/findings/{findingId}/attachments',
    label: 'an upload of the delegation, registered by each caller',
    prepare: async (unit) => {
      const path = await recordFinding(unit);
      return {
        path: `${path}/attachments`,
        body: await uploaded(path),
        headers: fresh(),
        state: async () => (await call(`${path}/attachments`, { token: delegation })).json,
      };
    },
    expect: { ...refused, delegation: 201 },
  },
  read('GET /digests', () => `/digests?date=${digestDay}`, open),
  read('GET /digests/{id}', (unit) => `/digests/${items[unit].digest}`, taskItem),
];

function daysAfter(date: string, days: number) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A unit's end-of-day digest, stored as a run would store it. */
function unitDigest(unit: Unit): Digest {
  const key = `unit:${unit}`;
  return {
    id: digestId('end-of-day', digestDay, key),
    kind: 'end-of-day',
    period: digestDay,
    scheduledTime: `${digestDay}T10:00:00.000Z`,
    recipient: {
      key,
      kind: 'unit',
      id: unit,
      name: unitNames[unit],
      emails: [`ttphvhc.${unit}@haiphong.example`],
    },
    sections: [],
    items: [],
    subject: 'Tổng hợp cuối ngày',
    text: 'Không có việc mới.',
    html: '<p>Không có việc mới.</p>',
    delivery: { status: 'sent', attempts: 1 },
    createdAt: `${digestDay}T10:00:00.000Z`,
  };
}

beforeAll(async () => {
  delegation = await asDelegation();
  communeOf[ownUnit] = await asCommune(ownUnit);
  communeOf[otherUnit] = await asCommune(otherUnit);
  Object.assign(tokens, {
    delegation,
    otherDelegation: await asDelegation(['le-van-hieu']),
    office: await asCityOffice('so-noi-vu'),
    readerOffice: await asCityOffice('van-phong-thanh-uy'),
    own: communeOf[ownUnit],
    // The Nguyên Giáp commune: its cells address An Phú's items.
    other: communeOf[ownUnit],
  });
  const digests = createDigestsRepository(
    toDocumentClient(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') })),
    inject('tableName'),
  );
  for (const unit of [ownUnit, otherUnit] as const) {
    const digest = unitDigest(unit);
    await digests.putIfAbsent(digest);
    items[unit] = {
      obstacle: await reportObstacle(unit),
      task: (await assignTask(unit)).id,
      visit: await logVisit(unit),
      finding: await recordFinding(unit),
      day: await reportDay(unit),
      digest: digest.id,
    };
  }
});

describe('deny by default', () => {
  it('R5: has a row for every route of the manifest, and none for a route it does not know', () => {
    expect([...new Set(rows.map((row) => row.route))].sort()).toEqual(
      httpFunctions()
        .map((fn) => routeKey(fn.route))
        .sort(),
    );
  });

  it('R5: every write route a commune may call reaches its ownership rule: a cross-unit write is 404', () => {
    const communeWrites = httpFunctions().filter(
      (fn) => fn.route.method !== 'GET' && fn.route.roles.includes('commune'),
    );
    // POST /obstacles creates: there is no other unit's item to be absent (see its row).
    const onItems = communeWrites.filter((fn) => fn.route.path.includes('{'));
    expect(onItems.length).toBeGreaterThan(0);
    for (const fn of onItems) {
      for (const row of rows.filter((r) => r.route === routeKey(fn.route))) {
        expect([routeKey(fn.route), row.label, row.expect.other]).toEqual([
          routeKey(fn.route),
          row.label,
          404,
        ]);
      }
    }
  });

  for (const row of rows) {
    const fn = httpFunctions().find((f) => routeKey(f.route) === row.route);
    const method = fn?.route.method ?? 'GET';
    const write = method !== 'GET';
    it(`R5: ${row.route}${row.label ? ` (${row.label})` : ''}: each caller meets its rule`, async () => {
      if (!fn) throw new Error(`${row.route} is not a route of the manifest`);
      const cell = async (who: Who) => {
        const prepared = await row.prepare(unitOf(who));
        const before = await prepared.state?.();
        const result = await call(prepared.path, {
          token: tokens[who],
          method,
          ...(write
            ? {
                headers: { 'content-type': 'application/json', ...prepared.headers },
                body: JSON.stringify(prepared.body),
              }
            : {}),
        });
        const wrote = prepared.state
          ? !isDeepStrictEqual(before, await prepared.state())
          : undefined;
        const field: string | undefined = result.json?.errors?.[0]?.field;
        return { who, status: result.status, wrote, field };
      };
      const cells = [];
      if (row.oneAtATime) for (const who of columns) cells.push(await cell(who));
      else cells.push(...(await Promise.all(columns.map(cell))));
      expect(Object.fromEntries(cells.map((c) => [c.who, c.status]))).toEqual(row.expect);
      expect(
        Object.fromEntries(cells.filter((c) => c.status === 400).map((c) => [c.who, c.field])),
      ).toEqual(row.fields ?? {});
      // A refusal writes nothing; an accepted write changed its item.
      const misfits = cells
        .filter((c) => c.wrote !== undefined && c.wrote !== c.status < 300)
        .map((c) => `${c.who}: ${c.status}, ${c.wrote ? 'wrote' : 'wrote nothing'}`);
      expect(misfits).toEqual([]);
    });
  }
});
