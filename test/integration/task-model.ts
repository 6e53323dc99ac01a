/**
 * The task half of the model-based test (model-based.test.ts): random sequences of
 * assignments, transitions, extension requests and decisions, comments, parts and
 * escalation runs, by the lead, a co-ordinator, the assigner, another office, another
 * commune and the delegation of another leader, each checked against a model of the rules.
 *
 * The escalation run is called as the scheduled run calls it: it reads the task, then
 * records each level from the one after the task's up to the one reached, all with that one
 * read and one `at`. It is interleaved with users' changes, including a change sent with an
 * ETag read before the run wrote.
 *
 * Each run has offices of its own (test orgs), so their lists hold exactly the run's tasks;
 * the five communes are shared with other files, so their lists are checked for the run's
 * tasks only: each of its own present as the model has it, each of another's absent.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { expect, inject } from 'vitest';
import { newUlid } from '#shared/ids.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import { createEscalationRecorder } from '#shared/store/digest-source.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { asCityOffice, asCommune, asDelegation, call, post } from './helpers.ts';
import {
  defined,
  expectAbsent,
  expectFound,
  expectProblem,
  expectStatus,
  expectVersionNotBack,
  fieldsOf,
  type Response,
  readWithHistory,
} from './model-checks.ts';
import { testOrg } from './task-helpers.ts';

const doc = toDocumentClient(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }));
const table = inject('tableName');
/** What a scheduled run uses: the repository to read a task, the recorder to write a level. */
const repository = createTasksRepository(doc, table);
const recorder = createEscalationRecorder(doc, table);

const units = ['nguyen-giap', 'an-phu', 'an-lao', 'ai-quoc', 'hong-an'] as const;
const leaders = ['le-tien-chau', 'le-van-hieu'] as const;
/** The last day of the holiday calendar's years: a later date is refused. */
const calendarEnd = '2027-12-31';

type Status = 'assigned' | 'in_progress' | 'done' | 'verified' | 'cancelled';
type Action = 'start' | 'complete' | 'verify' | 'return' | 'cancel';
type Side = 'lead' | 'assigner';

/** The life cycle and who moves it, as the rules state them, written out rather than imported. */
const lifeCycle: Record<
  Action,
  { from: Status[]; to: Status; side: Side; requires?: 'note' | 'reason' }
> = {
  start: { from: ['assigned'], to: 'in_progress', side: 'lead' },
  complete: { from: ['in_progress'], to: 'done', side: 'lead', requires: 'note' },
  verify: { from: ['done'], to: 'verified', side: 'assigner' },
  return: { from: ['done'], to: 'in_progress', side: 'assigner', requires: 'reason' },
  cancel: {
    from: ['assigned', 'in_progress', 'done'],
    to: 'cancelled',
    side: 'assigner',
    requires: 'reason',
  },
};
const actions = Object.keys(lifeCycle) as Action[];
const statuses: Status[] = ['assigned', 'in_progress', 'done', 'verified', 'cancelled'];
const isOpen = (status: Status) => status === 'assigned' || status === 'in_progress';
const maxExtensionRequests = 10;

type Party = { kind: 'org' | 'unit'; id: string };
type Assignee = Party & { role: 'lead' | 'coordinator' };
type User =
  | { role: 'commune'; unitId: string }
  | { role: 'city-office'; orgId: string }
  | { role: 'delegation'; leaderId: string };

interface Event {
  action: string;
  by: { sub: string; role: string };
  from?: Status;
  to?: Status;
  note?: string;
  changes?: Record<string, { from: unknown; to: unknown }>;
}

interface Tracked {
  id: string;
  createdAt: string;
  assignees: Assignee[];
  assigner: { orgId?: string; leaderId?: string };
  status: Status;
  version: number;
  /** The highest version any read has shown. */
  maxSeen: number;
  escalationLevel: number;
  originalDue: string;
  currentDue: string;
  completionNote?: string;
  requests: { id: string; requestedDue: string; status: 'pending' | 'approved' | 'rejected' }[];
  /** The history as it must read: every accepted change, comment and level, in order. */
  events: Event[];
}

/** The run's own offices: the assigning office, two assignee offices, one on no task. */
interface Orgs {
  assigner: string;
  x: string;
  y: string;
  outsider: string;
}

export interface TaskModel {
  tag: string;
  serial: number;
  orgs: Orgs;
  tasks: Tracked[];
}
type Real = Record<string, never>;

const tokens = new Map<string, string>();
/** An office that reads all tasks, shared by the runs: it sees everything and acts on nothing. */
let readerOrg = '';

const keyOf = (user: User) =>
  user.role === 'commune'
    ? `unit:${user.unitId}`
    : user.role === 'city-office'
      ? `org:${user.orgId}`
      : `leader:${user.leaderId}`;

function tokenOf(user: User): string {
  const token = tokens.get(keyOf(user));
  if (!token) throw new Error(`No token for ${keyOf(user)}`);
  return token;
}

function subOf(user: User): string {
  if (user.role === 'commune') return `it-commune-${user.unitId}`;
  if (user.role === 'city-office') return `it-office-${user.orgId}`;
  return user.leaderId === 'le-tien-chau' ? 'it-delegation' : `it-delegation-${user.leaderId}`;
}

const byOf = (user: User) => ({ sub: subOf(user), role: user.role as string });
const show = (user: User) => keyOf(user);
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const partyUser = (party: Party): User =>
  party.kind === 'unit'
    ? { role: 'commune', unitId: party.id }
    : { role: 'city-office', orgId: party.id };

/** Once per file: the communes, both leaders' delegations and the office that reads all. */
export async function setUpTaskModel() {
  for (const unitId of units) tokens.set(`unit:${unitId}`, await asCommune(unitId));
  for (const leaderId of leaders) tokens.set(`leader:${leaderId}`, await asDelegation([leaderId]));
  readerOrg = await testOrg('mb-reader', true);
  tokens.set(`org:${readerOrg}`, await asCityOffice(readerOrg));
}

/** Once per run: offices that no other run or file assigns to, so their lists are exact. */
export async function newTaskModel(): Promise<TaskModel> {
  const [assigner, x, y, outsider] = await Promise.all(
    ['mb-assigner', 'mb-x', 'mb-y', 'mb-outsider'].map((label) => testOrg(label)),
  );
  const orgs = { assigner, x, y, outsider } as Orgs;
  for (const orgId of Object.values(orgs)) tokens.set(`org:${orgId}`, await asCityOffice(orgId));
  return { tag: `mbt${randomUUID().slice(0, 8)}`, serial: 0, orgs, tasks: [] };
}

// The rules of who sees and who acts, as the task rules state them.

function assignmentOf(user: User, task: Tracked): Assignee | undefined {
  return task.assignees.find(
    (a) =>
      (a.kind === 'unit' && user.role === 'commune' && user.unitId === a.id) ||
      (a.kind === 'org' && user.role === 'city-office' && user.orgId === a.id),
  );
}

function isAssigner(user: User, task: Tracked): boolean {
  return task.assigner.orgId
    ? user.role === 'city-office' && user.orgId === task.assigner.orgId
    : user.role === 'delegation' && user.leaderId === task.assigner.leaderId;
}

function sees(user: User, task: Tracked): boolean {
  if (user.role === 'delegation') return true;
  if (user.role === 'city-office' && user.orgId === readerOrg) return true;
  return assignmentOf(user, task) !== undefined || isAssigner(user, task);
}

function mayAct(user: User, task: Tracked, side: Side): boolean {
  const assignment = assignmentOf(user, task);
  return side === 'lead' ? assignment?.role === 'lead' : !assignment && isAssigner(user, task);
}

type Who =
  | 'lead'
  | 'coordinator'
  | 'assigner'
  | 'other-office'
  | 'other-commune'
  | 'other-delegation'
  | 'reader';
const whos: Who[] = [
  'lead',
  'coordinator',
  'assigner',
  'other-office',
  'other-commune',
  'other-delegation',
  'reader',
];

/** The user a draw names, for this task. A task without co-ordinator gets another commune. */
function userFor(model: TaskModel, task: Tracked, who: Who, n: number): User {
  const involved = (party: Party) =>
    task.assignees.some((a) => a.kind === party.kind && a.id === party.id) ||
    (party.kind === 'org' && task.assigner.orgId === party.id);
  const lead = task.assignees.find((a) => a.role === 'lead') as Assignee;
  const coordinators = task.assignees.filter((a) => a.role === 'coordinator');
  switch (who) {
    case 'lead':
      return partyUser(lead);
    case 'coordinator':
      if (coordinators.length > 0) return partyUser(pick(coordinators, n));
      return userFor(model, task, 'other-commune', n);
    case 'assigner':
      return task.assigner.orgId
        ? { role: 'city-office', orgId: task.assigner.orgId }
        : { role: 'delegation', leaderId: task.assigner.leaderId as string };
    case 'other-office': {
      const { outsider, x, y, assigner } = model.orgs;
      const free = [outsider, x, y, assigner].filter((id) => !involved({ kind: 'org', id }));
      return { role: 'city-office', orgId: pick(free, n) };
    }
    case 'other-commune':
      return {
        role: 'commune',
        unitId: pick(
          units.filter((id) => !involved({ kind: 'unit', id })),
          n,
        ),
      };
    case 'other-delegation':
      return {
        role: 'delegation',
        leaderId: pick(
          leaders.filter((l) => l !== task.assigner.leaderId),
          n,
        ),
      };
    case 'reader':
      return { role: 'city-office', orgId: readerOrg };
  }
}

/** The fields of a task the model tracks as they are. */
const trackedFields = [
  'id',
  'status',
  'version',
  'escalationLevel',
  'originalDue',
  'currentDue',
  'completionNote',
] as const;

/** A read of the task: as the model has it, and its version not below any seen before. */
function expectCurrent(seen: Record<string, unknown>, task: Tracked, what: string) {
  expectVersionNotBack(seen, task, what);
  const assigner = seen.assigner as Tracked['assigner'];
  expect(
    {
      ...fieldsOf(seen, trackedFields),
      assignees: (seen.assignees as Assignee[]).map((a) => ({
        kind: a.kind,
        id: a.id,
        role: a.role,
      })),
      assigner: defined({ orgId: assigner.orgId, leaderId: assigner.leaderId }),
      requests: (seen.extensionRequests as Tracked['requests']).map((r) => ({
        id: r.id,
        requestedDue: r.requestedDue,
        status: r.status,
      })),
    },
    what,
  ).toEqual({
    ...fieldsOf(task, trackedFields),
    assignees: task.assignees,
    assigner: task.assigner,
    requests: task.requests,
  });
}

function expectHistory(events: Record<string, unknown>[], task: Tracked, what: string) {
  for (const event of events) expect(event.taskId, what).toBe(task.id);
  const seen = events.map((e) => {
    const by = e.by as { sub: string; role: string };
    return defined({
      action: e.action,
      by: { sub: by.sub, role: by.role },
      from: e.from,
      to: e.to,
      note: e.note,
      changes: e.changes,
    });
  });
  expect(seen, `${what}: history`).toEqual(task.events.map(defined));
}

/** After a refusal (or a change that must leave the item): the task and history as modelled. */
async function expectUnchanged(task: Tracked, what: string) {
  const token = tokenOf({ role: 'delegation', leaderId: 'le-tien-chau' });
  const [got, history] = await Promise.all([
    call(`/tasks/${task.id}`, { token }),
    call(`/tasks/${task.id}/history`, { token }),
  ]);
  expectStatus(got, 200, what);
  expectCurrent(got.json, task, `${what}, read after`);
  expect(got.headers.get('etag'), what).toBe(`"${task.version}"`);
  expectHistory(history.json.items, task, `${what}, history after`);
}

/** One more version of the task, with its event. */
function accept(task: Tracked, event: Event) {
  task.version += 1;
  task.events.push(event);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

type Listed = { id: string; status: string; version: number; currentDue: string; level: number };
const listed = (t: Record<string, unknown>): Listed => ({
  id: t.id as string,
  status: t.status as string,
  version: t.version as number,
  currentDue: t.currentDue as string,
  level: t.escalationLevel as number,
});

interface ListFilter {
  status?: Status;
  dueBefore?: string;
}

/** The run's tasks of one assignee as a list answers them: newest first, or by due date. */
function expectedListing(model: TaskModel, party: Party, filter: ListFilter): Listed[] {
  const mine = model.tasks.filter(
    (t) =>
      t.assignees.some((a) => a.kind === party.kind && a.id === party.id) &&
      (!filter.status || t.status === filter.status) &&
      (!filter.dueBefore || (isOpen(t.status) && t.currentDue < filter.dueBefore)),
  );
  const sortKey = (t: Tracked) =>
    filter.dueBefore ? `${t.currentDue}#${t.id}` : `${t.createdAt}#${t.id}`;
  const descending = !filter.dueBefore;
  return mine
    .sort((a, b) => {
      const order = sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0;
      return descending ? -order : order;
    })
    .map((t) => ({
      id: t.id,
      status: t.status,
      version: t.version,
      currentDue: t.currentDue,
      level: t.escalationLevel,
    }));
}

/** Every page of a list. */
async function listAll(user: User, query: Record<string, string>, what: string) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams({ limit: '100', ...query, ...(cursor ? { cursor } : {}) });
    const result = await call(`/tasks?${params}`, { token: tokenOf(user) });
    expectStatus(result, 200, `${what}: list ${params}`);
    items.push(...result.json.items);
    cursor = result.json.nextCursor;
  } while (cursor);
  return items;
}

async function exportIds(user: User, query: Record<string, string>, what: string) {
  const result = await call(`/tasks/export.csv?${new URLSearchParams(query)}`, {
    token: tokenOf(user),
  });
  expectStatus(result, 200, `${what}: export`);
  const ids = result.text
    .split('\r\n')
    .slice(1, -1)
    .map((line) => line.slice(1, line.indexOf('"', 1)));
  expect(result.headers.get('x-row-count'), what).toBe(String(ids.length));
  return ids;
}

/**
 * A list that holds others' tasks too (a commune's): each of the run's tasks it may show is
 * there as the model has it, each other one is absent.
 */
function expectOwnShownOthersAbsent(
  model: TaskModel,
  user: User,
  ids: string[],
  got: Map<string, Listed> | undefined,
  shown: (t: Tracked) => boolean,
  what: string,
) {
  for (const task of model.tasks) {
    if (!shown(task)) {
      expect(ids, `${what}: ${show(user)} is shown ${task.id}`).not.toContain(task.id);
    } else {
      expect(ids, `${what}: ${task.id} missing for ${show(user)}`).toContain(task.id);
      const item = got?.get(task.id);
      if (item) {
        expect(item, what).toEqual({
          id: task.id,
          status: task.status,
          version: task.version,
          currentDue: task.currentDue,
          level: task.escalationLevel,
        });
        task.maxSeen = Math.max(task.maxSeen, item.version);
      }
    }
  }
}

// Changes by users: transitions, extension requests and decisions.

type IfMatch = 'current' | 'previous' | 'missing';

interface ChangeParams {
  /** Turn the draw into a change the model allows now, so tasks get far in their life. */
  valid: boolean;
  n: number;
  kind: 'transition' | 'request' | 'decide';
  action: Action;
  who: Who;
  other: number;
  ifMatch: IfMatch;
  note: boolean;
  reason: boolean;
  /** Days after the current due date the extension asks for (0 or less: not after it). */
  days: number;
  decision: 'approve' | 'reject';
  /** Decide a request id the task never had. */
  unknownRequest: boolean;
}

const sideOf = (p: ChangeParams): Side =>
  p.kind === 'transition' ? lifeCycle[p.action].side : p.kind === 'request' ? 'lead' : 'assigner';

/** The changes the model allows on the task now, each with the side that makes it. */
function allowedChanges(task: Tracked): { kind: ChangeParams['kind']; action?: Action }[] {
  const moves: { kind: ChangeParams['kind']; action?: Action }[] = actions
    .filter((a) => lifeCycle[a].from.includes(task.status))
    .map((action) => ({ kind: 'transition', action }));
  if (
    isOpen(task.status) &&
    !task.requests.some((r) => r.status === 'pending') &&
    task.requests.length < maxExtensionRequests
  ) {
    moves.push({ kind: 'request' });
  }
  if (task.requests.some((r) => r.status === 'pending')) moves.push({ kind: 'decide' });
  return moves;
}

/** An allowed change for the task's state, by the side that makes it; cancels now and then. */
function validChange(task: Tracked, p: ChangeParams): ChangeParams {
  const open = allowedChanges(task);
  if (open.length === 0) return p;
  const rest = open.filter((m) => !(m.kind === 'transition' && m.action === 'cancel'));
  const move = pick(rest.length > 0 && p.other % 6 !== 0 ? rest : open, p.other);
  const chosen = { ...p, ...move };
  const rule = lifeCycle[chosen.action];
  return {
    ...chosen,
    who: sideOf(chosen) === 'lead' ? 'lead' : 'assigner',
    ifMatch: 'current',
    note: p.note || (chosen.kind === 'transition' && rule.requires === 'note'),
    reason: p.reason || (chosen.kind === 'transition' && rule.requires === 'reason'),
    days: Math.abs(p.days) + 1,
    unknownRequest: false,
  };
}

/** The roles a route lets in at all, before it reads the task (the same answer for any id). */
const routeRoles: Record<ChangeParams['kind'], User['role'][]> = {
  transition: ['delegation', 'city-office', 'commune'],
  request: ['city-office', 'commune'],
  decide: ['delegation', 'city-office'],
};

function ifMatchHeader(choice: IfMatch, version: number): string | undefined {
  if (choice === 'missing') return undefined;
  return `"${choice === 'current' ? version : version - 1}"`;
}

/**
 * Sends one change as `user` with `etag`, and checks the answer against the model: the
 * refusal the rules give, in the order the API checks (existence first, so nothing leaks),
 * with the task and its history left as they were; or the change, applied to the model.
 */
async function sendChange(
  model: TaskModel,
  task: Tracked,
  p: ChangeParams,
  user: User,
  etag: string | undefined,
  what: string,
): Promise<Response> {
  const headers: Record<string, string> = etag === undefined ? {} : { 'if-match': etag };
  const pending = task.requests.find((r) => r.status === 'pending');
  const target =
    p.kind !== 'decide'
      ? undefined
      : p.unknownRequest || task.requests.length === 0
        ? undefined
        : p.valid && pending
          ? pending
          : pick(task.requests, p.other);
  const requestId = target?.id ?? newUlid();
  const requestedDue = addDays(task.currentDue, p.days);
  let result: Response;
  let body: Record<string, unknown>;
  if (p.kind === 'transition') {
    body = {
      action: p.action,
      ...(p.note ? { note: `Ghi chú ${model.tag}` } : {}),
      ...(p.reason ? { reason: `Lý do ${model.tag}` } : {}),
    };
    result = await post(`/tasks/${task.id}/transitions`, tokenOf(user), body, headers);
  } else if (p.kind === 'request') {
    body = { requestedDue, reason: `Xin gia hạn ${model.tag}` };
    result = await post(`/tasks/${task.id}/extension-requests`, tokenOf(user), body, headers);
  } else {
    body = { decision: p.decision, ...(p.note ? { note: `Ý kiến ${model.tag}` } : {}) };
    result = await post(
      `/tasks/${task.id}/extension-requests/${requestId}/decision`,
      tokenOf(user),
      body,
      headers,
    );
  }

  const rule = lifeCycle[p.action];
  const specific = (): [number, string] | undefined => {
    if (p.kind === 'transition') {
      if (!rule.from.includes(task.status)) return [409, 'invalid-transition'];
      if (rule.requires && !p[rule.requires]) return [400, 'validation'];
    } else if (p.kind === 'request') {
      if (!isOpen(task.status) || pending) return [409, 'invalid-transition'];
      if (task.requests.length >= maxExtensionRequests) return [409, 'limit-reached'];
      if (requestedDue <= task.currentDue || requestedDue > calendarEnd) return [400, 'validation'];
    } else {
      if (!target) return [404, 'not-found'];
      if (target.status !== 'pending') return [409, 'invalid-transition'];
    }
    return undefined;
  };
  const refusal: [number, string] | undefined = !routeRoles[p.kind].includes(user.role)
    ? [403, 'forbidden']
    : !sees(user, task)
      ? [404, 'not-found']
      : etag === undefined
        ? [428, 'if-match-required']
        : !mayAct(user, task, sideOf(p))
          ? [403, 'forbidden']
          : etag !== `"${task.version}"`
            ? [412, 'stale-version']
            : specific();
  if (refusal) {
    expectProblem(result, refusal[0], refusal[1], what);
    await expectUnchanged(task, what);
    return result;
  }

  expectStatus(result, p.kind === 'request' ? 201 : 200, what);
  const by = byOf(user);
  if (p.kind === 'transition') {
    const text = rule.requires
      ? (body[rule.requires] as string)
      : ((body.note ?? body.reason) as string | undefined);
    accept(task, { action: p.action, by, from: task.status, to: rule.to, note: text });
    task.status = rule.to;
    if (p.action === 'complete') task.completionNote = text;
  } else if (p.kind === 'request') {
    const made = (result.json.extensionRequests as Tracked['requests']).at(-1);
    expect(made, what).toMatchObject({ requestedDue, status: 'pending' });
    expect(
      task.requests.some((r) => r.id === made?.id),
      `${what}: request id reused`,
    ).toBe(false);
    task.requests.push({ id: made?.id as string, requestedDue, status: 'pending' });
    accept(task, {
      action: 'request_extension',
      by,
      note: body.reason as string,
      changes: { requestedDue: { from: task.currentDue, to: requestedDue } },
    });
  } else {
    const request = target as Tracked['requests'][number];
    const approved = p.decision === 'approve';
    request.status = approved ? 'approved' : 'rejected';
    accept(task, {
      action: approved ? 'approve_extension' : 'reject_extension',
      by,
      note: body.note as string | undefined,
      ...(approved
        ? { changes: { currentDue: { from: task.currentDue, to: request.requestedDue } } }
        : {}),
    });
    if (approved) task.currentDue = request.requestedDue;
  }
  expectCurrent(result.json, task, what);
  expect(result.headers.get('etag'), what).toBe(`"${task.version}"`);
  return result;
}

function describeChange(p: ChangeParams) {
  const text = `${p.note ? '+note' : ''}${p.reason ? '+reason' : ''}`;
  const what =
    p.kind === 'transition'
      ? `${p.action}${text}`
      : p.kind === 'request'
        ? `request +${p.days}d`
        : `${p.decision}${p.unknownRequest ? ' unknown request' : ''}${text}`;
  return `${what}, ${p.who}, If-Match ${p.ifMatch}`;
}

interface CreateParams {
  by: 'office' | (typeof leaders)[number];
  count: 1 | 2;
  kinds: ('org' | 'unit')[];
  picks: number[];
  lead: 'default' | 'first' | 'second';
  namesLeader: boolean;
  days: number;
}

function taskInput(model: TaskModel, extra: Record<string, unknown>) {
  model.serial += 1;
  return {
    title: `Nhiệm vụ thử ${model.tag} số ${model.serial}`,
    description: 'Phát sinh trong kiểm thử theo mô hình.',
    ...extra,
  };
}

class CreateTask implements fc.AsyncCommand<TaskModel, Real> {
  private ran = '';
  constructor(readonly p: CreateParams) {}
  check = () => true;
  async run(model: TaskModel) {
    const p = this.p;
    const assigner: User =
      p.by === 'office'
        ? { role: 'city-office', orgId: model.orgs.assigner }
        : { role: 'delegation', leaderId: p.by };
    const { x, y, assigner: assignerOrg } = model.orgs;
    // An office is never its own assignee; a delegation may give the assigning office work.
    const orgs = p.by === 'office' ? [x, y] : [x, y, assignerOrg];
    const parties: Party[] = [];
    for (let i = 0; i < p.count; i++) {
      const kind = p.kinds[i] as 'org' | 'unit';
      const pool = (kind === 'org' ? orgs : [...units]).filter(
        (id) => !parties.some((q) => q.kind === kind && q.id === id),
      );
      parties.push({ kind, id: pick(pool, p.picks[i] as number) });
    }
    const leadIndex = p.lead === 'second' && parties.length > 1 ? 1 : 0;
    const body = taskInput(model, {
      assignees: parties,
      dueInWorkingDays: p.days,
      ...(p.lead === 'default' ? {} : { lead: parties[leadIndex] }),
      ...(p.by !== 'office' && p.namesLeader ? { assignedBy: p.by } : {}),
    });
    this.ran = `${show(assigner)} → ${parties.map((q, i) => `${q.kind}:${q.id}${i === leadIndex ? '*' : ''}`).join(' + ')}`;
    const what = this.toString();
    const result = await post('/tasks', tokenOf(assigner), body);
    expectStatus(result, 201, what);
    const created = result.json;
    expect(result.headers.get('etag'), what).toBe('"1"');
    expect(
      model.tasks.some((t) => t.id === created.id),
      `${what}: id reused`,
    ).toBe(false);
    const task: Tracked = {
      id: created.id,
      createdAt: created.createdAt,
      assignees: parties.map((q, i) => ({ ...q, role: i === leadIndex ? 'lead' : 'coordinator' })),
      assigner: p.by === 'office' ? { orgId: model.orgs.assigner } : { leaderId: p.by },
      status: 'assigned',
      version: 1,
      maxSeen: 1,
      escalationLevel: 0,
      originalDue: created.originalDue,
      currentDue: created.originalDue,
      requests: [],
      events: [
        {
          action: 'assign',
          by: byOf(assigner),
          to: 'assigned',
          changes: { currentDue: { from: null, to: created.originalDue } },
        },
      ],
    };
    expect(created.originalDue > created.assignedOn, what).toBe(true);
    expectCurrent(created, task, what);
    model.tasks.push(task);
  }
  toString() {
    return `CreateTask(${this.ran || this.p.by})`;
  }
}

type RefusedCreate =
  | 'office-names-leader'
  | 'office-assigns-itself'
  | 'delegation-names-other-leader'
  | 'commune-assigns'
  | 'lead-not-assignee';

/** Assignments the rules refuse: the answer names why, and nothing is written. */
class CreateRefused implements fc.AsyncCommand<TaskModel, Real> {
  constructor(
    readonly variant: RefusedCreate,
    readonly unit: number,
  ) {}
  check = () => true;
  async run(model: TaskModel) {
    const { x, y, assigner } = model.orgs;
    const office: User = { role: 'city-office', orgId: assigner };
    const chau: User = { role: 'delegation', leaderId: 'le-tien-chau' };
    const toX = [{ kind: 'org', id: x }];
    const [user, extra, status, type]: [User, Record<string, unknown>, number, string] =
      this.variant === 'office-names-leader'
        ? [office, { assignees: toX, assignedBy: 'le-tien-chau' }, 400, 'validation']
        : this.variant === 'office-assigns-itself'
          ? [office, { assignees: [...toX, { kind: 'org', id: assigner }] }, 400, 'validation']
          : this.variant === 'delegation-names-other-leader'
            ? [chau, { assignees: toX, assignedBy: 'le-van-hieu' }, 403, 'forbidden']
            : this.variant === 'commune-assigns'
              ? [
                  { role: 'commune', unitId: pick(units, this.unit) },
                  { assignees: toX },
                  403,
                  'forbidden',
                ]
              : [office, { assignees: toX, lead: { kind: 'org', id: y } }, 400, 'validation'];
    const what = this.toString();
    const result = await post(
      '/tasks',
      tokenOf(user),
      taskInput(model, { ...extra, dueInWorkingDays: 5 }),
    );
    expectProblem(result, status, type, what);
    // Nothing written: the assignee's list (the run's own office) holds the run's tasks only.
    const got = await listAll({ role: 'city-office', orgId: x }, {}, what);
    expect(got.map(listed), what).toEqual(expectedListing(model, { kind: 'org', id: x }, {}));
  }
  toString() {
    return `CreateRefused(${this.variant})`;
  }
}

/** A transition, an extension request or a decision, by anyone, with any If-Match. */
class Change implements fc.AsyncCommand<TaskModel, Real> {
  private ran?: { p: ChangeParams; user: User; task: Tracked };
  constructor(readonly drawn: ChangeParams) {}
  check = (model: Readonly<TaskModel>) => model.tasks.length > 0;
  async run(model: TaskModel) {
    const task = pick(model.tasks, this.drawn.n);
    const p = this.drawn.valid ? validChange(task, this.drawn) : this.drawn;
    const user = userFor(model, task, p.who, p.other);
    this.ran = { p, user, task };
    const what = `${this} on ${task.id} (${task.status} v${task.version})`;
    await sendChange(model, task, p, user, ifMatchHeader(p.ifMatch, task.version), what);
  }
  toString() {
    const p = this.ran?.p ?? this.drawn;
    const user = this.ran ? ` as ${show(this.ran.user)}` : '';
    return `${p.valid ? 'Advance' : 'Change'}(#${p.n}, ${describeChange(p)}${user})`;
  }
}

/** A comment or a part: an event in the history, the task and its version as they were. */
class Comment implements fc.AsyncCommand<TaskModel, Real> {
  private ran?: User;
  constructor(
    readonly n: number,
    readonly who: Who,
    readonly other: number,
    readonly kind: 'comment' | 'part',
  ) {}
  check = (model: Readonly<TaskModel>) => model.tasks.length > 0;
  async run(model: TaskModel) {
    const task = pick(model.tasks, this.n);
    const user = userFor(model, task, this.who, this.other);
    this.ran = user;
    model.serial += 1;
    const text = `${this.kind === 'part' ? 'Phần việc' : 'Ý kiến'} ${model.tag} số ${model.serial}`;
    const what = `${this} on ${task.id}`;
    const result = await post(`/tasks/${task.id}/comments`, tokenOf(user), {
      text,
      ...(this.kind === 'part' ? { kind: 'part' } : {}),
    });
    if (!sees(user, task)) {
      expectProblem(result, 404, 'not-found', what);
    } else if (this.kind === 'part' && !assignmentOf(user, task)) {
      expectProblem(result, 403, 'forbidden', what);
    } else {
      expectStatus(result, 201, what);
      const action = this.kind === 'part' ? 'record_part' : 'comment';
      expect(result.json, what).toMatchObject({ taskId: task.id, action, note: text });
      task.events.push({ action, by: byOf(user), note: text });
    }
    await expectUnchanged(task, what);
  }
  toString() {
    return `Comment(#${this.n}, ${this.kind}, ${this.ran ? show(this.ran) : this.who})`;
  }
}

type EscalationVariant = 'run' | 'repeat' | 'after-stale-read' | 'before-user-change';

/**
 * Records levels the way the scheduled run does, `at` now:
 * - run: one read, then every level after the task's up to the one drawn, with that read;
 * - repeat: one level drawn, maybe reached already: then nothing is written;
 * - after-stale-read: the run reads, a user changes the task, then the run writes from its
 *   stale read (the recorder reads again);
 * - before-user-change: a user reads the ETag, the run writes a level, and the user's change
 *   with the ETag read before gets 412.
 */
class Escalate implements fc.AsyncCommand<TaskModel, Real> {
  private ran = '';
  constructor(
    readonly n: number,
    readonly level: 1 | 2 | 3,
    readonly variant: EscalationVariant,
    readonly change: ChangeParams,
  ) {}
  check = (model: Readonly<TaskModel>) => model.tasks.length > 0;
  async run(model: TaskModel) {
    const needsChange =
      this.variant === 'after-stale-read' || this.variant === 'before-user-change';
    const movable = model.tasks.filter((t) => allowedChanges(t).length > 0);
    const variant = needsChange && movable.length === 0 ? 'run' : this.variant;
    const task = pick(variant === this.variant && needsChange ? movable : model.tasks, this.n);
    const what = () => `${this} on ${task.id} (${task.status} v${task.version})`;

    const stored = (await repository.get(task.id)) as Task;
    expect(stored?.version, `${what()}: the run's read`).toBe(task.version);
    expect(stored.escalationLevel, `${what()}: the run's read`).toBe(task.escalationLevel);

    let userChange: { p: ChangeParams; user: User; etag: string } | undefined;
    if (needsChange && variant !== 'run') {
      const p = validChange(task, this.change);
      const user = userFor(model, task, p.who, p.other);
      this.ran = `${variant}, user ${describeChange(p)} as ${show(user)}`;
      // The user reads the task (its ETag) as an app would before showing a form.
      const read = await call(`/tasks/${task.id}`, { token: tokenOf(user) });
      expectStatus(read, 200, `${what()}: the user's read`);
      expectCurrent(read.json, task, `${what()}: the user's read`);
      userChange = { p, user, etag: read.headers.get('etag') as string };
    } else {
      this.ran = variant;
    }
    if (variant === 'after-stale-read' && userChange) {
      const { p, user, etag } = userChange;
      const result = await sendChange(model, task, p, user, etag, `${what()}: the user's change`);
      expect(result.status, `${what()}: the user's change`).toBeLessThan(300);
    }

    // The level the run reaches: for a user's ETag read before, one the task has not reached.
    const target =
      variant === 'before-user-change'
        ? Math.max(this.level, stored.escalationLevel + 1)
        : this.level;
    const levels =
      variant === 'repeat'
        ? [this.level]
        : Array.from(
            { length: Math.max(0, Math.min(3, target) - stored.escalationLevel) },
            (_, i) => stored.escalationLevel + 1 + i,
          );
    this.ran += ` levels ${levels.join(',') || 'none'}`;
    const at = new Date().toISOString();
    for (const level of levels) {
      const wrote = await recorder.recordTaskLevel(stored, level as 1 | 2 | 3, at);
      const expected = level > task.escalationLevel;
      expect(wrote, `${what()}: level ${level} written`).toBe(expected);
      if (expected) {
        accept(task, {
          action: 'escalate',
          by: { sub: 'system', role: 'system' },
          note: `Cảnh báo mức ${level}`,
          changes: { escalationLevel: { from: task.escalationLevel, to: level } },
        });
        task.escalationLevel = level;
      }
    }
    await expectUnchanged(task, `${what()}, after the run`);

    if (variant === 'before-user-change' && userChange) {
      const { p, user, etag } = userChange;
      const result = await sendChange(model, task, p, user, etag, `${what()}: the user's change`);
      if (levels.length > 0) expect(result.status, `${what()}: stale ETag`).toBe(412);
    }
  }
  toString() {
    return `Escalate(#${this.n}, ${this.ran || this.variant}, level ${this.level})`;
  }
}

/** Anyone reads a task of the run and its history: as the model has it, or 404. */
class ReadTask implements fc.AsyncCommand<TaskModel, Real> {
  private ran?: User;
  constructor(
    readonly n: number,
    readonly who: Who,
    readonly other: number,
  ) {}
  check = (model: Readonly<TaskModel>) => model.tasks.length > 0;
  async run(model: TaskModel) {
    const task = pick(model.tasks, this.n);
    const user = userFor(model, task, this.who, this.other);
    this.ran = user;
    const what = `${this} on ${task.id}`;
    const token = tokenOf(user);
    const reads = await readWithHistory(`/tasks/${task.id}`, token);
    const [got, history] = reads as [Response, Response];
    if (!sees(user, task)) {
      expectAbsent(reads, what);
      for (const a of task.assignees) expect(got.text, what).not.toContain(a.id);
      return;
    }
    expectFound(reads, task.version, what);
    expectCurrent(got.json, task, what);
    expectHistory(history.json.items, task, what);
  }
  toString() {
    return `ReadTask(#${this.n}, ${this.ran ? show(this.ran) : this.who})`;
  }
}

type Lister = 'x' | 'y' | 'assigner' | 'outsider' | 'reader' | 'delegation' | 'commune';
type ListVariant = 'plain' | 'status' | 'due-before' | 'export' | 'someone-else';

/**
 * A list or an export. The run's offices (x, y, the assigner, the outsider) get exactly the
 * run's tasks assigned to them; the office that reads all and the delegation, asked for one
 * of those offices, the same; a commune gets its own among the run's tasks, none of another's.
 */
class ListTasks implements fc.AsyncCommand<TaskModel, Real> {
  private ran = '';
  constructor(
    readonly lister: Lister,
    readonly variant: ListVariant,
    readonly n: number,
    readonly status: Status,
  ) {}
  check = () => true;
  async run(model: TaskModel) {
    const task = model.tasks.length > 0 ? pick(model.tasks, this.n) : undefined;
    const filter: ListFilter =
      this.variant === 'status'
        ? {
            status: task
              ? pick(
                  task.events.flatMap((e) => e.to ?? []),
                  this.n,
                )
              : this.status,
          }
        : this.variant === 'due-before'
          ? { dueBefore: task && this.n % 3 !== 0 ? task.currentDue : calendarEnd }
          : {};
    const query: Record<string, string> = { ...filter } as Record<string, string>;
    const offices = [model.orgs.x, model.orgs.y, model.orgs.assigner, model.orgs.outsider];

    if (this.lister === 'commune') {
      const unitId = pick(units, this.n);
      const user: User = { role: 'commune', unitId };
      const party: Party = { kind: 'unit', id: unitId };
      this.ran = `ListTasks(commune ${unitId}, ${this.variant} ${JSON.stringify(query)})`;
      const what = this.ran;
      if (this.variant === 'someone-else') {
        const other = pick(
          units.filter((u) => u !== unitId),
          this.n,
        );
        expect(await listAll(user, { assignee: `unit:${other}` }, what), what).toEqual([]);
        expect(await exportIds(user, { assignee: `unit:${other}` }, what), what).toEqual([]);
        return;
      }
      const shown = (t: Tracked) =>
        t.assignees.some((a) => a.kind === 'unit' && a.id === unitId) &&
        expectedListing(model, party, filter).some((w) => w.id === t.id);
      if (this.variant === 'export') {
        const ids = await exportIds(user, query, what);
        expectOwnShownOthersAbsent(model, user, ids, undefined, shown, what);
        return;
      }
      const items = await listAll(user, query, what);
      // Every item a commune gets is its unit's, whoever made it.
      for (const item of items) {
        const assignees = item.assignees as Assignee[];
        expect(
          assignees.some((a) => a.kind === 'unit' && a.id === unitId),
          `${what}: got ${item.id}`,
        ).toBe(true);
      }
      const got = new Map(items.map((i) => [i.id as string, listed(i)]));
      expectOwnShownOthersAbsent(model, user, [...got.keys()], got, shown, what);
      return;
    }

    const orgId = pick(offices, this.n);
    const party: Party = { kind: 'org', id: orgId };
    const asked: Record<string, string> =
      this.lister === 'reader' || this.lister === 'delegation'
        ? { ...query, assignee: `org:${orgId}` }
        : query;
    const user: User =
      this.lister === 'reader'
        ? { role: 'city-office', orgId: readerOrg }
        : this.lister === 'delegation'
          ? { role: 'delegation', leaderId: pick(leaders, this.n) }
          : { role: 'city-office', orgId: model.orgs[this.lister] };
    const own: Party =
      user.role === 'city-office' && user.orgId !== readerOrg
        ? { kind: 'org', id: user.orgId }
        : party;
    this.ran = `ListTasks(${show(user)}, ${this.variant} ${JSON.stringify(asked)})`;
    const what = this.ran;
    if (this.variant === 'someone-else' && own !== party) {
      // An office without readsAll asking for another's tasks gets nothing.
      const other = pick(
        offices.filter((o) => o !== own.id),
        this.n,
      );
      expect(await listAll(user, { assignee: `org:${other}` }, what), what).toEqual([]);
      expect(await exportIds(user, { assignee: `unit:${pick(units, this.n)}` }, what)).toEqual([]);
      return;
    }
    const want = expectedListing(model, own, filter);
    if (this.variant === 'export') {
      expect(await exportIds(user, asked, what), what).toEqual(want.map((w) => w.id));
      return;
    }
    const got = (await listAll(user, asked, what)).map(listed);
    expect(got, what).toEqual(want);
    for (const item of got) {
      const t = model.tasks.find((m) => m.id === item.id);
      if (t) t.maxSeen = Math.max(t.maxSeen, item.version);
    }
  }
  toString() {
    return this.ran || `ListTasks(${this.lister}, ${this.variant})`;
  }
}

const whoArb = fc.constantFrom(...whos);

const changeParams = (valid: boolean): fc.Arbitrary<ChangeParams> =>
  fc.record({
    valid: fc.constant(valid),
    n: fc.nat(),
    kind: fc.constantFrom<ChangeParams['kind']>('transition', 'transition', 'request', 'decide'),
    action: fc.constantFrom(...actions),
    who: whoArb,
    other: fc.nat(),
    ifMatch: fc.constantFrom<IfMatch>('current', 'current', 'current', 'previous', 'missing'),
    note: fc.boolean(),
    reason: fc.boolean(),
    days: fc.integer({ min: -3, max: 28 }),
    decision: fc.constantFrom<'approve' | 'reject'>('approve', 'reject'),
    unknownRequest: fc.boolean(),
  });

const createParams: fc.Arbitrary<CreateParams> = fc.record({
  by: fc.constantFrom<CreateParams['by']>('office', 'office', ...leaders),
  count: fc.constantFrom<1 | 2>(1, 2),
  kinds: fc.tuple(fc.constantFrom('org', 'unit'), fc.constantFrom('org', 'unit')),
  picks: fc.tuple(fc.nat(), fc.nat()),
  lead: fc.constantFrom<CreateParams['lead']>('default', 'first', 'second'),
  namesLeader: fc.boolean(),
  days: fc.integer({ min: 3, max: 20 }),
});

/** The assignments a run starts from, so its first commands have tasks to work on. */
export const firstTasks = fc
  .array(createParams, { minLength: 2, maxLength: 3 })
  .map((all) => all.map((p) => new CreateTask(p)));

export const taskCommands = [
  ...Array.from({ length: 3 }, () => createParams.map((p) => new CreateTask(p))),
  fc
    .tuple(
      fc.constantFrom<RefusedCreate>(
        'office-names-leader',
        'office-assigns-itself',
        'delegation-names-other-leader',
        'commune-assigns',
        'lead-not-assignee',
      ),
      fc.nat(),
    )
    .map(([variant, unit]) => new CreateRefused(variant, unit)),
  // Changes weigh most: most are changes the model allows (Advance), the rest anything.
  ...Array.from({ length: 6 }, (_, i) => changeParams(i < 4).map((p) => new Change(p))),
  ...Array.from({ length: 2 }, () =>
    fc
      .tuple(fc.nat(), whoArb, fc.nat(), fc.constantFrom<'comment' | 'part'>('comment', 'part'))
      .map(([n, who, other, kind]) => new Comment(n, who, other, kind)),
  ),
  ...Array.from({ length: 3 }, () =>
    fc
      .tuple(
        fc.nat(),
        fc.constantFrom<1 | 2 | 3>(1, 2, 3),
        fc.constantFrom<EscalationVariant>(
          'run',
          'repeat',
          'after-stale-read',
          'before-user-change',
        ),
        changeParams(true),
      )
      .map(([n, level, variant, change]) => new Escalate(n, level, variant, change)),
  ),
  fc.tuple(fc.nat(), whoArb, fc.nat()).map(([n, who, other]) => new ReadTask(n, who, other)),
  fc
    .tuple(
      fc.constantFrom<Lister>(
        'x',
        'y',
        'assigner',
        'outsider',
        'reader',
        'delegation',
        'commune',
        'commune',
      ),
      fc.constantFrom<ListVariant>('plain', 'status', 'due-before', 'export', 'someone-else'),
      fc.nat(),
      fc.constantFrom(...statuses),
    )
    .map(([lister, variant, n, status]) => new ListTasks(lister, variant, n, status)),
];

/**
 * At the end of a run: every task and its history as the model has them, read by one who
 * may; the versions 1, 2, … each one accepted change (comments and parts none); each level
 * once, in increasing order; 404 for an office and a commune that are not on it; every
 * run office's list and export exactly its tasks, and no commune shown another's.
 */
export async function finalTaskCheck(model: TaskModel) {
  const delegation: User = { role: 'delegation', leaderId: 'le-tien-chau' };
  for (const task of model.tasks) {
    const what = `final read of ${task.id}`;
    const [got, history] = await Promise.all([
      call(`/tasks/${task.id}`, { token: tokenOf(delegation) }),
      call(`/tasks/${task.id}/history`, { token: tokenOf(delegation) }),
    ]);
    expectStatus(got, 200, what);
    expectCurrent(got.json, task, what);
    expectHistory(history.json.items, task, what);
    const events = history.json.items as Event[];
    const versioned = events.filter((e) => e.action !== 'comment' && e.action !== 'record_part');
    expect(versioned.length, `${what}: one version per change`).toBe(got.json.version);
    const levels = events
      .filter((e) => e.action === 'escalate')
      .map((e) => e.changes?.escalationLevel?.to as number);
    expect(
      levels.every((l, i) => i === 0 || l > (levels[i - 1] as number)),
      `${what}: levels ${levels}`,
    ).toBe(true);
    for (const outsider of [
      userFor(model, task, 'other-office', 0),
      userFor(model, task, 'other-commune', task.version),
    ]) {
      const refused = await call(`/tasks/${task.id}`, { token: tokenOf(outsider) });
      expectProblem(refused, 404, 'not-found', `${what} as ${show(outsider)}`);
    }
  }
  for (const orgId of Object.values(model.orgs)) {
    const user: User = { role: 'city-office', orgId };
    const want = expectedListing(model, { kind: 'org', id: orgId }, {});
    expect((await listAll(user, {}, `final list of ${orgId}`)).map(listed)).toEqual(want);
    expect(await exportIds(user, {}, `final export of ${orgId}`)).toEqual(want.map((w) => w.id));
  }
  for (const unitId of units) {
    const user: User = { role: 'commune', unitId };
    const what = `final list of ${unitId}`;
    const items = await listAll(user, {}, what);
    const got = new Map(items.map((i) => [i.id as string, listed(i)]));
    const mine = (t: Tracked) => t.assignees.some((a) => a.kind === 'unit' && a.id === unitId);
    expectOwnShownOthersAbsent(model, user, [...got.keys()], got, mine, what);
    // One commune's export per run (each is the unit's whole list, other files' tasks too).
    if (unitId === pick(units, model.serial)) {
      const ids = await exportIds(user, {}, `final export of ${unitId}`);
      expectOwnShownOthersAbsent(model, user, ids, undefined, mine, `final export of ${unitId}`);
    }
  }
}
