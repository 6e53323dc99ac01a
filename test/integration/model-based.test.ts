/**
 * Model-based test of obstacles and tasks over HTTP on DynamoDB Local: random sequences of
 * reports, replays and transitions by several users, each checked against a model of what the
 * API promises. Invariants: an item's version never goes down, and each accepted change raises
 * it by exactly one while a refused one leaves it (and its history) as it was; the history holds
 * exactly the accepted changes, in order; a commune never sees another unit's obstacle. The
 * tasks' half (task-model.ts) adds escalation runs interleaved with users' changes: each level
 * once, in order, and a change sent with an ETag read before a level was written gets 412.
 *
 * Other files run against the same table, so each run tags its titles and checks its own
 * items exactly, while the tenancy checks look at every item a commune gets back.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { asCityOffice, asCommune, asDelegation, call } from './helpers.ts';
import * as check from './model-checks.ts';
import { report, transition } from './obstacle-helpers.ts';
import {
  finalTaskCheck,
  firstTasks,
  newTaskModel,
  setUpTaskModel,
  taskCommands,
} from './task-model.ts';

const units = ['nguyen-giap', 'an-phu', 'an-lao', 'ai-quoc', 'hong-an'] as const;
type UnitId = (typeof units)[number];
const officeOrg = 'van-phong-thanh-uy';

type Role = 'commune' | 'city-office' | 'delegation';
type User = { role: 'commune'; unitId: string } | { role: 'city-office' } | { role: 'delegation' };
type Status =
  | 'reported'
  | 'acknowledged'
  | 'in_progress'
  | 'resolution_proposed'
  | 'reopened'
  | 'verified'
  | 'withdrawn';
type Action = 'acknowledge' | 'start' | 'propose_resolution' | 'verify' | 'reopen' | 'withdraw';

/** The life cycle as docs/architecture.md#life-cycles states it, written out, not imported. */
const lifeCycle: Record<
  Action,
  { from: Status[]; to: Status; roles: Role[]; requires?: 'note' | 'reason' }
> = {
  acknowledge: { from: ['reported'], to: 'acknowledged', roles: ['city-office', 'delegation'] },
  start: {
    from: ['acknowledged', 'reopened'],
    to: 'in_progress',
    roles: ['commune', 'city-office'],
  },
  propose_resolution: {
    from: ['in_progress'],
    to: 'resolution_proposed',
    roles: ['commune'],
    requires: 'note',
  },
  verify: { from: ['resolution_proposed'], to: 'verified', roles: ['city-office'] },
  reopen: {
    from: ['resolution_proposed'],
    to: 'reopened',
    roles: ['city-office'],
    requires: 'reason',
  },
  withdraw: {
    from: ['reported', 'acknowledged', 'in_progress', 'resolution_proposed', 'reopened'],
    to: 'withdrawn',
    roles: ['commune', 'city-office', 'delegation'],
  },
};
const actions = Object.keys(lifeCycle) as Action[];
const statuses: Status[] = [
  'reported',
  'acknowledged',
  'in_progress',
  'resolution_proposed',
  'reopened',
  'verified',
  'withdrawn',
];

interface Change {
  version: number;
  action: Action | 'report';
  from: Status | null;
  to: Status;
  by: { sub: string; role: Role };
  note?: string;
}

interface Tracked {
  id: string;
  unitId: string;
  createdAt: string;
  status: Status;
  version: number;
  /** The highest version any read has shown. */
  maxSeen: number;
  resolutionNote?: string;
  changes: Change[];
  creation: { by: User; body: Record<string, unknown>; key?: string; response: unknown };
}

interface Model {
  /** In every title of the run, so a search finds exactly the run's obstacles. */
  tag: string;
  serial: number;
  items: Tracked[];
}
type Real = Record<string, never>;

const tokens = {} as { commune: Record<string, string>; office: string; delegation: string };

beforeAll(async () => {
  const commune: Record<string, string> = {};
  for (const unitId of units) commune[unitId] = await asCommune(unitId);
  Object.assign(tokens, {
    commune,
    office: await asCityOffice(officeOrg),
    delegation: await asDelegation(),
  });
});

function tokenOf(user: User): string {
  if (user.role === 'commune') return tokens.commune[user.unitId] as string;
  return user.role === 'city-office' ? tokens.office : tokens.delegation;
}

function subOf(user: User): string {
  if (user.role === 'commune') return `it-commune-${user.unitId}`;
  return user.role === 'city-office' ? `it-office-${officeOrg}` : 'it-delegation';
}

const show = (user: User) => (user.role === 'commune' ? `commune:${user.unitId}` : user.role);
const others = (unitId: string) => units.filter((u) => u !== unitId);
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const staff: User[] = [{ role: 'city-office' }, { role: 'delegation' }];

/** The fields of an obstacle the model tracks. */
const trackedFields = ['id', 'unitId', 'status', 'version', 'resolutionNote'] as const;

/** A read of the item: matches the model, and its version is not below any seen before. */
function expectCurrent(seen: Record<string, unknown>, item: Tracked, what: string) {
  check.expectVersionNotBack(seen, item, what);
  expect(check.fieldsOf(seen, trackedFields), what).toEqual(check.fieldsOf(item, trackedFields));
}

function expectHistory(events: Record<string, unknown>[], item: Tracked, what: string) {
  for (const event of events) expect(event.obstacleId, what).toBe(item.id);
  const seen = events.map((e) => {
    const by = e.by as { sub: string; role: string };
    return {
      version: e.version,
      action: e.action,
      from: e.from,
      to: e.to,
      by: { sub: by.sub, role: by.role },
      ...(e.note === undefined ? {} : { note: e.note }),
    };
  });
  expect(seen, `${what}: history`).toEqual(item.changes);
}

/** Every item a commune gets back is of its own unit. */
function expectOwnUnitOnly(items: { unitId: string; id: string }[], unitId: string, what: string) {
  for (const obstacle of items) {
    expect(obstacle.unitId, `${what}: commune ${unitId} got obstacle ${obstacle.id}`).toBe(unitId);
  }
}

/** Newest first, as the listing sorts them. */
function expectedListing(model: Model, keep: (item: Tracked) => boolean) {
  return model.items
    .filter(keep)
    .sort((a, b) => {
      const ka = `${a.createdAt}#${a.id}`;
      const kb = `${b.createdAt}#${b.id}`;
      return ka < kb ? 1 : ka > kb ? -1 : 0;
    })
    .map((item) => ({
      id: item.id,
      unitId: item.unitId,
      status: item.status,
      version: item.version,
    }));
}

async function listTagged(model: Model, user: User, filters: Record<string, string> = {}) {
  const query = new URLSearchParams({ q: model.tag, limit: '100', ...filters });
  const result = await call(`/obstacles?${query}`, { token: tokenOf(user) });
  check.expectStatus(result, 200, `list ${query} as ${show(user)}`);
  expect(result.json.nextCursor).toBeUndefined();
  const items = result.json.items as Record<string, unknown>[];
  return items.map((o) => ({ id: o.id, unitId: o.unitId, status: o.status, version: o.version }));
}

/** After a refusal: the item and its history are exactly as the model has them. */
async function expectUnchanged(item: Tracked, what: string) {
  const [got, history] = await Promise.all([
    call(`/obstacles/${item.id}`, { token: tokens.office }),
    call(`/obstacles/${item.id}/history`, { token: tokens.office }),
  ]);
  check.expectStatus(got, 200, what);
  expectCurrent(got.json, item, `${what}, read after`);
  expect(got.headers.get('etag')).toBe(`"${item.version}"`);
  expectHistory(history.json.items, item, `${what}, history after`);
}

function obstacleInput(model: Model, extra: Record<string, unknown>, p: CreateParams) {
  model.serial += 1;
  return {
    category: p.category,
    title: `Vướng mắc thử ${model.tag} số ${model.serial}`,
    description: 'Phát sinh trong kiểm thử theo mô hình.',
    severity: p.severity,
    ...extra,
  };
}

/** A 201 of a new obstacle: check it and add it to the model. */
function track(
  model: Model,
  result: check.Response,
  creation: Tracked['creation'],
  unitId: string,
  what: string,
) {
  check.expectStatus(result, 201, what);
  expect(result.headers.get('idempotent-replayed'), what).toBeNull();
  const created = result.json;
  expect(created, what).toMatchObject({ unitId, status: 'reported', version: 1 });
  expect(result.headers.get('etag')).toBe('"1"');
  expect(
    model.items.some((i) => i.id === created.id),
    `${what}: id reused`,
  ).toBe(false);
  model.items.push({
    id: created.id,
    unitId,
    createdAt: created.createdAt,
    status: 'reported',
    version: 1,
    maxSeen: 1,
    changes: [
      {
        version: 1,
        action: 'report',
        from: null,
        to: 'reported',
        by: { sub: subOf(creation.by), role: creation.by.role as Role },
      },
    ],
    creation: { ...creation, response: created },
  });
}

interface CreateParams {
  by: 'commune' | 'delegation';
  unitId: UnitId;
  namesOwnUnit: boolean;
  withKey: boolean;
  category: string;
  severity: string;
}

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(readonly p: CreateParams) {}
  check = () => true;
  async run(model: Model) {
    const p = this.p;
    const by: User = p.by === 'commune' ? { role: 'commune', unitId: p.unitId } : { role: p.by };
    const extra = p.by === 'delegation' || p.namesOwnUnit ? { unitId: p.unitId } : {};
    const body = obstacleInput(model, extra, p);
    const key = p.withKey ? `mb-${randomUUID()}` : undefined;
    const result = await report(tokenOf(by), body, key ? { 'idempotency-key': key } : {});
    track(model, result, { by, body, key, response: undefined }, p.unitId, this.toString());
  }
  toString() {
    return `Create(${this.p.by} for ${this.p.unitId}${this.p.withKey ? ', with key' : ''})`;
  }
}

/** Reports the API must refuse, writing nothing (a later search would find the title). */
class CreateRefused implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly variant: 'commune-for-other-unit' | 'delegation-without-unit' | 'office',
    readonly unitId: UnitId,
    readonly p: CreateParams,
  ) {}
  check = () => true;
  async run(model: Model) {
    const what = this.toString();
    if (this.variant === 'commune-for-other-unit') {
      const body = obstacleInput(model, { unitId: pick(others(this.unitId), 0) }, this.p);
      check.expectProblem(
        await report(tokens.commune[this.unitId] as string, body),
        403,
        'forbidden',
        what,
      );
    } else if (this.variant === 'delegation-without-unit') {
      const body = obstacleInput(model, {}, this.p);
      check.expectProblem(await report(tokens.delegation, body), 400, 'validation', what);
    } else {
      const body = obstacleInput(model, { unitId: this.unitId }, this.p);
      check.expectProblem(await report(tokens.office, body), 403, 'forbidden', what);
    }
  }
  toString() {
    return `CreateRefused(${this.variant}, ${this.unitId})`;
  }
}

/** The same Idempotency-Key again: by its owner, with another body, or by another commune. */
class Replay implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly n: number,
    readonly variant: 'same' | 'changed-body' | 'other-commune',
    readonly other: number,
  ) {}
  check = (model: Readonly<Model>) => model.items.some((i) => i.creation.key);
  async run(model: Model) {
    const item = pick(
      model.items.filter((i) => i.creation.key),
      this.n,
    );
    const { by, body, key, response } = item.creation;
    const headers = { 'idempotency-key': key as string };
    const what = `${this} on ${item.id}`;
    if (this.variant === 'same') {
      const result = await report(tokenOf(by), body, headers);
      check.expectStatus(result, 201, what);
      expect(result.headers.get('idempotent-replayed'), what).toBe('true');
      // The first answer, as it was then: not a read of the item's current state.
      expect(result.json, what).toEqual(response);
    } else if (this.variant === 'changed-body') {
      model.serial += 1;
      const changed = { ...body, title: `${body.title} sửa ${model.serial}` };
      const result = await report(tokenOf(by), changed, headers);
      check.expectProblem(result, 422, 'idempotency-key-reused', what);
    } else {
      // Keys belong to their caller: another commune's use of it is a report of its own.
      const unitId = pick(
        units.filter((u) => by.role !== 'commune' || u !== by.unitId),
        this.other,
      );
      const commune: User = { role: 'commune', unitId };
      const result = await report(tokenOf(commune), body, headers);
      if (body.unitId !== undefined && body.unitId !== unitId) {
        check.expectProblem(result, 403, 'forbidden', what);
      } else {
        expect(result.json?.id, `${what}: got the other caller's obstacle`).not.toBe(item.id);
        track(model, result, { by: commune, body, key, response: undefined }, unitId, what);
      }
    }
  }
  toString() {
    return `Replay(#${this.n}, ${this.variant})`;
  }
}

type IfMatch = 'current' | 'previous' | 'next' | 'weak' | 'list-with-current' | 'missing';

function ifMatchHeader(choice: IfMatch, version: number): string | undefined {
  switch (choice) {
    case 'current':
      return `"${version}"`;
    case 'previous':
      return `"${version - 1}"`;
    case 'next':
      return `"${version + 1}"`;
    case 'weak':
      return `W/"${version}"`;
    case 'list-with-current':
      return `"${version + 7}", "${version}"`;
    case 'missing':
      return undefined;
  }
}

interface TransitionParams {
  /** Turn the draw into a move the model allows now, so items get far in their life cycle. */
  valid: boolean;
  n: number;
  action: Action;
  actor: 'own-commune' | 'other-commune' | 'city-office' | 'delegation';
  other: number;
  ifMatch: IfMatch;
  note: boolean;
  reason: boolean;
}

/** An allowed action and role for the item's status; withdrawals now and then only. */
type MoveBody = { action: Action; note?: string; reason?: string };

/** The body of a move: its action, with the note and the reason it was drawn with. */
function moveBody(model: Model, p: TransitionParams): MoveBody {
  return {
    action: p.action,
    ...(p.note ? { note: `Ghi chú ${model.tag}` } : {}),
    ...(p.reason ? { reason: `Lý do ${model.tag}` } : {}),
  };
}

/** An accepted move, applied to the model: one new version, with its change in the history. */
function applyMove(item: Tracked, p: TransitionParams, user: User, body: MoveBody) {
  const rule = lifeCycle[p.action];
  const text = rule.requires ? body[rule.requires] : (body.note ?? body.reason);
  const change: Change = {
    version: item.version + 1,
    action: p.action,
    from: item.status,
    to: rule.to,
    by: { sub: subOf(user), role: user.role },
    ...(text === undefined ? {} : { note: text }),
  };
  item.changes.push(change);
  item.version += 1;
  item.status = rule.to;
  if (p.action === 'propose_resolution') item.resolutionNote = text;
}

function validMove(item: Tracked, p: TransitionParams): TransitionParams {
  const open = actions.filter((a) => lifeCycle[a].from.includes(item.status));
  if (open.length === 0) return p;
  const rest = open.filter((a) => a !== 'withdraw');
  const action = pick(rest.length > 0 && p.other % 5 !== 0 ? rest : open, p.other);
  const rule = lifeCycle[action];
  const role = pick(rule.roles, p.n);
  return {
    ...p,
    action,
    actor: role === 'commune' ? 'own-commune' : role,
    ifMatch: p.ifMatch === 'list-with-current' ? p.ifMatch : 'current',
    note: p.note || rule.requires === 'note',
    reason: p.reason || rule.requires === 'reason',
  };
}

class Transition implements fc.AsyncCommand<Model, Real> {
  /** What ran, once resolved against the model. */
  private ran?: TransitionParams;
  constructor(readonly drawn: TransitionParams) {}
  check = (model: Readonly<Model>) => model.items.length > 0;
  async run(model: Model) {
    const item = pick(model.items, this.drawn.n);
    const p = this.drawn.valid ? validMove(item, this.drawn) : this.drawn;
    this.ran = p;
    const user: User =
      p.actor === 'own-commune'
        ? { role: 'commune', unitId: item.unitId }
        : p.actor === 'other-commune'
          ? { role: 'commune', unitId: pick(others(item.unitId), p.other) }
          : { role: p.actor };
    const body = moveBody(model, p);
    const what = `${this} on ${item.id} (${item.status} v${item.version}) as ${show(user)}`;
    const result = await transition(
      tokenOf(user),
      item.id,
      ifMatchHeader(p.ifMatch, item.version),
      body,
    );

    // The checks in the order the API makes them: existence first, so nothing leaks.
    const rule = lifeCycle[p.action];
    const refusal: [number, string] | undefined =
      user.role === 'commune' && user.unitId !== item.unitId
        ? [404, 'not-found']
        : p.ifMatch === 'missing'
          ? [428, 'if-match-required']
          : !rule.roles.includes(user.role)
            ? [403, 'forbidden']
            : !['current', 'list-with-current'].includes(p.ifMatch)
              ? [412, 'stale-version']
              : !rule.from.includes(item.status)
                ? [409, 'invalid-transition']
                : rule.requires && !p[rule.requires]
                  ? [400, 'validation']
                  : undefined;
    if (refusal) {
      check.expectProblem(result, refusal[0], refusal[1], what);
      await expectUnchanged(item, what);
      return;
    }

    check.expectStatus(result, 200, what);
    applyMove(item, p, user, body);
    expectCurrent(result.json, item, what);
    expect(result.headers.get('etag'), what).toBe(`"${item.version}"`);
  }
  toString() {
    const p = this.ran ?? this.drawn;
    const text = `${p.note ? '+note' : ''}${p.reason ? '+reason' : ''}`;
    const kind = p.valid ? 'Advance' : 'Transition';
    return `${kind}(#${p.n}, ${p.action}${text}, ${p.actor}, If-Match ${p.ifMatch})`;
  }
}

/**
 * Two allowed moves sent at once with the same If-Match: exactly one is applied, the other
 * gets 412, and the history holds the winner's change only.
 */
class Race implements fc.AsyncCommand<Model, Real> {
  private ran?: [TransitionParams, TransitionParams];
  constructor(
    readonly first: TransitionParams,
    readonly second: TransitionParams,
  ) {}
  check = (model: Readonly<Model>) =>
    model.items.some((i) => actions.some((a) => lifeCycle[a].from.includes(i.status)));
  async run(model: Model) {
    const open = model.items.filter((i) =>
      actions.some((a) => lifeCycle[a].from.includes(i.status)),
    );
    const item = pick(open, this.first.n);
    const moves = [validMove(item, this.first), validMove(item, this.second)] as const;
    this.ran = [...moves];
    const users = moves.map(
      (p): User =>
        p.actor === 'own-commune'
          ? { role: 'commune', unitId: item.unitId }
          : { role: p.actor as 'city-office' | 'delegation' },
    );
    const bodies = moves.map((p) => moveBody(model, p));
    const what = `${this} on ${item.id} (${item.status} v${item.version})`;
    const results = await Promise.all(
      [0, 1].map((k) =>
        transition(
          tokenOf(users[k] as User),
          item.id,
          `"${item.version}"`,
          bodies[k] as Record<string, unknown>,
        ),
      ),
    );
    expect(results.map((r) => r.status).sort(), `${what}: ${results.map((r) => r.text)}`).toEqual([
      200, 412,
    ]);
    const k = results[0]?.status === 200 ? 0 : 1;
    const loser = results[1 - k] as check.Response;
    expect(loser.json?.type, what).toBe('urn:thaogo:problem:stale-version');
    const p = moves[k];
    const user = users[k] as User;
    applyMove(item, p, user, bodies[k] as MoveBody);
    expectCurrent((results[k] as check.Response).json, item, what);
    await expectUnchanged(item, `${what}, after`);
  }
  toString() {
    const [a, b] = this.ran ?? [this.first, this.second];
    return `Race(#${this.first.n}, ${a.action} by ${a.actor} | ${b.action} by ${b.actor})`;
  }
}

/** A commune reads an item of the run: its own in full, another unit's as 404. */
class CommuneReadsItem implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly unitId: UnitId,
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => model.items.length > 0;
  async run(model: Model) {
    const item = pick(model.items, this.n);
    const token = tokens.commune[this.unitId] as string;
    const what = `${this} on ${item.id} of ${item.unitId}`;
    const reads = await check.readWithHistory(`/obstacles/${item.id}`, token);
    const [got, history] = reads as [check.Response, check.Response];
    if (item.unitId !== this.unitId) {
      check.expectAbsent(reads, what);
      expect(got.text, `${what}: the 404 names the item's unit`).not.toContain(item.unitId);
      return;
    }
    check.expectFound(reads, item.version, what);
    expectCurrent(got.json, item, what);
    expectHistory(history.json.items, item, what);
  }
  toString() {
    return `CommuneReadsItem(${this.unitId}, #${this.n})`;
  }
}

/** A commune lists: every item it gets is its own unit's; the run's own are exact. */
class CommuneLists implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly unitId: UnitId,
    readonly variant:
      | 'tagged'
      | 'tagged-by-status'
      | 'unfiltered'
      | 'other-unit'
      | 'export-tagged'
      | 'export-other-unit',
    readonly drawnStatus: Status,
    readonly other: number,
  ) {}
  /** The status filter as run: drawn from the commune's own items when it has some. */
  private status?: Status;
  check = () => true;
  async run(model: Model) {
    const user: User = { role: 'commune', unitId: this.unitId };
    const what = this.toString();
    if (this.variant === 'tagged' || this.variant === 'tagged-by-status') {
      const byStatus = this.variant === 'tagged-by-status';
      // A status one of its items has or had, when it has items; else the one drawn.
      const own = model.items.filter((i) => i.unitId === this.unitId);
      const status =
        own.length > 0
          ? pick(
              own.flatMap((i) => i.changes),
              this.other,
            ).to
          : this.drawnStatus;
      this.status = status;
      const got = await listTagged(model, user, byStatus ? { status } : {});
      expectOwnUnitOnly(got as { unitId: string; id: string }[], this.unitId, `${this}`);
      const want = expectedListing(
        model,
        (i) => i.unitId === this.unitId && (!byStatus || i.status === status),
      );
      expect(got, `${this}`).toEqual(want);
      for (const item of model.items.filter((i) => want.some((w) => w.id === i.id))) {
        item.maxSeen = Math.max(item.maxSeen, item.version);
      }
    } else if (this.variant === 'unfiltered') {
      // Everyone's obstacles are in the table, other files' too: two pages, all its own.
      let cursor: string | undefined;
      for (let page = 0; page < 2; page++) {
        const query = new URLSearchParams({ limit: '20', ...(cursor ? { cursor } : {}) });
        const result = await call(`/obstacles?${query}`, { token: tokenOf(user) });
        check.expectStatus(result, 200, what);
        expectOwnUnitOnly(result.json.items, this.unitId, what);
        cursor = result.json.nextCursor;
        if (!cursor) break;
      }
    } else if (this.variant === 'export-tagged' || this.variant === 'export-other-unit') {
      // The CSV runs the same filter: the run's items of its unit, or none of another's.
      const own = this.variant === 'export-tagged';
      const query = new URLSearchParams({
        q: model.tag,
        ...(own ? {} : { unitId: pick(others(this.unitId), this.other) }),
      });
      const result = await call(`/obstacles/export.csv?${query}`, { token: tokenOf(user) });
      check.expectStatus(result, 200, what);
      const ids = result.text
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.slice(1, line.indexOf('"', 1)));
      const want = own ? expectedListing(model, (i) => i.unitId === this.unitId) : [];
      expect(ids, what).toEqual(want.map((w) => w.id));
      expect(result.headers.get('x-row-count'), what).toBe(String(want.length));
    } else {
      const unitId = pick(others(this.unitId), this.other);
      const query = new URLSearchParams({ unitId, limit: '100' });
      const result = await call(`/obstacles?${query}`, { token: tokenOf(user) });
      check.expectStatus(result, 200, what);
      expect(result.json.items, `${what}: asked for ${unitId}`).toEqual([]);
    }
  }
  toString() {
    return `CommuneLists(${this.unitId}, ${this.variant}${this.variant === 'tagged-by-status' ? ` ${this.status ?? this.drawnStatus}` : ''})`;
  }
}

/**
 * An office or the delegation lists the run's items, exactly as the model has them. The
 * filters come from an item of the run, its status now or one it had before.
 */
class StaffLists implements fc.AsyncCommand<Model, Real> {
  private filters: Record<string, string> = {};
  constructor(
    readonly who: number,
    readonly n: number,
    readonly byUnit: boolean,
    readonly byStatus: 'none' | 'current' | 'earlier',
  ) {}
  check = () => true;
  async run(model: Model) {
    const user = pick(staff, this.who);
    const item = model.items.length > 0 ? pick(model.items, this.n) : undefined;
    const status =
      item && this.byStatus === 'current'
        ? item.status
        : item && this.byStatus === 'earlier'
          ? pick(item.changes, this.n).to
          : undefined;
    this.filters = {
      ...(item && this.byUnit ? { unitId: item.unitId } : {}),
      ...(status ? { status } : {}),
    };
    const { unitId } = this.filters;
    const got = await listTagged(model, user, this.filters);
    const want = expectedListing(
      model,
      (i) => (!unitId || i.unitId === unitId) && (!status || i.status === status),
    );
    expect(got, this.toString()).toEqual(want);
  }
  toString() {
    return `StaffLists(${show(pick(staff, this.who))}, ${JSON.stringify(this.filters)})`;
  }
}

const createParams = fc.record({
  by: fc.constantFrom<'commune' | 'delegation'>('commune', 'delegation'),
  unitId: fc.constantFrom(...units),
  namesOwnUnit: fc.boolean(),
  withKey: fc.boolean(),
  // Not roads: a list test expects Nguyên Giáp's acknowledged road obstacles to be the seed's.
  // Categories the evidence rule leaves out: the model proposes resolutions without photos.
  category: fc.constantFrom('staffing', 'expertise', 'guidance', 'other'),
  severity: fc.constantFrom('low', 'medium', 'high', 'critical'),
});

const transitionParams = (valid: boolean): fc.Arbitrary<TransitionParams> =>
  fc.record({
    valid: fc.constant(valid),
    n: fc.nat(),
    action: fc.constantFrom(...actions),
    actor: fc.constantFrom(
      'own-commune' as const,
      'other-commune' as const,
      'city-office' as const,
      'delegation' as const,
    ),
    other: fc.nat(),
    ifMatch: fc.constantFrom<IfMatch>(
      'current',
      'current',
      'current',
      'current',
      'previous',
      'next',
      'weak',
      'list-with-current',
      'missing',
    ),
    note: fc.boolean(),
    reason: fc.boolean(),
  });

const commands = [
  ...Array.from({ length: 2 }, () => createParams.map((p) => new Create(p))),
  fc
    .tuple(
      fc.constantFrom(
        'commune-for-other-unit' as const,
        'delegation-without-unit' as const,
        'office' as const,
      ),
      fc.constantFrom(...units),
      createParams,
    )
    .map(([variant, unitId, p]) => new CreateRefused(variant, unitId, p)),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('same' as const, 'changed-body' as const, 'other-commune' as const),
      fc.nat(),
    )
    .map(([n, variant, other]) => new Replay(n, variant, other)),
  // Transitions weigh most: they are what moves versions and history. Most are moves the
  // model allows (Advance), the rest any action by anyone with any If-Match.
  ...Array.from({ length: 6 }, (_, i) => transitionParams(i < 4).map((p) => new Transition(p))),
  fc.tuple(transitionParams(true), transitionParams(true)).map(([a, b]) => new Race(a, b)),
  fc
    .tuple(fc.constantFrom(...units), fc.nat())
    .map(([unitId, n]) => new CommuneReadsItem(unitId, n)),
  fc
    .tuple(
      fc.constantFrom(...units),
      fc.constantFrom(
        'tagged' as const,
        'tagged-by-status' as const,
        'unfiltered' as const,
        'other-unit' as const,
        'export-tagged' as const,
        'export-other-unit' as const,
      ),
      fc.constantFrom(...statuses),
      fc.nat(),
    )
    .map(([unitId, variant, status, other]) => new CommuneLists(unitId, variant, status, other)),
  fc
    .tuple(
      fc.nat(),
      fc.nat(),
      fc.boolean(),
      fc.constantFrom('none' as const, 'current' as const, 'earlier' as const),
    )
    .map(([who, n, byUnit, byStatus]) => new StaffLists(who, n, byUnit, byStatus)),
];

/** At the end of a run: every item and its history as the model has them. */
async function finalCheck(model: Model) {
  for (const item of model.items) {
    const [got, history] = await Promise.all([
      call(`/obstacles/${item.id}`, { token: tokens.delegation }),
      call(`/obstacles/${item.id}/history`, { token: tokens.delegation }),
    ]);
    check.expectStatus(got, 200, `final read of ${item.id}`);
    expectCurrent(got.json, item, `final read of ${item.id}`);
    expectHistory(history.json.items, item, `final history of ${item.id}`);
    // Versions 1, 2, … with no gap: each accepted change raised it by exactly one.
    expect(item.changes.map((c) => c.version)).toEqual(
      Array.from({ length: item.version }, (_, i) => i + 1),
    );
  }
  expect(await listTagged(model, { role: 'city-office' })).toEqual(
    expectedListing(model, () => true),
  );
  // Every status an item ever had, so a listing left under an old status shows up.
  for (const status of new Set(model.items.flatMap((i) => i.changes.map((c) => c.to)))) {
    expect(await listTagged(model, { role: 'delegation' }, { status }), status).toEqual(
      expectedListing(model, (i) => i.status === status),
    );
  }
  for (const unitId of new Set(model.items.map((i) => i.unitId))) {
    const got = await listTagged(model, { role: 'commune', unitId });
    expect(got, unitId).toEqual(expectedListing(model, (i) => i.unitId === unitId));
  }
}

describe('obstacles against a model of the API', () => {
  it('keeps versions, history and tenancy right over random sequences of users and changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'max' }), async (cmds) => {
        const model: Model = { tag: `mb${randomUUID().slice(0, 8)}`, serial: 0, items: [] };
        await fc.asyncModelRun(() => ({ model, real: {} }), cmds);
        await finalCheck(model);
      }),
      { seed: 20250718, numRuns: 20 },
    );
  }, 120_000);
});

describe('tasks against a model of the API', () => {
  beforeAll(setUpTaskModel);

  it("H3: tasks: versions only grow, history equals the successful changes in order, each escalation level once, no commune sees another's task (seed 20251201)", async () => {
    await fc.assert(
      fc.asyncProperty(
        firstTasks,
        fc.commands(taskCommands, { maxCommands: 25, size: 'max' }),
        async (first, cmds) => {
          const model = await newTaskModel();
          await fc.asyncModelRun(() => ({ model, real: {} }), [...first, ...cmds]);
          await finalTaskCheck(model);
        },
      ),
      { seed: 20251201, numRuns: 15 },
    );
  }, 180_000);
});
