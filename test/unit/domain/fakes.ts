/**
 * In-memory implementations of the ports the task, visit and obstacle use cases take, for
 * unit tests of the domain: no SDK, no mocks. Every write any of the stores accepts is
 * logged in one list, so a test can say that a refusal wrote nothing.
 */
import { expect } from 'vitest';
import type { Calendar } from '#shared/domain/calendar/calendar.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import type { Caller } from '#shared/domain/caller.ts';
import type { DirectoryStore } from '#shared/domain/directory.ts';
import { PreconditionFailedError, ValidationError } from '#shared/domain/errors.ts';
import type { OwnedClaim } from '#shared/domain/idempotency.ts';
import type { ObstacleStore } from '#shared/domain/obstacles.ts';
import type { TaskStore } from '#shared/domain/tasks/ports.ts';
import type { UnitStore } from '#shared/domain/units.ts';
import type { VisitStore } from '#shared/domain/visits/ports.ts';
import { fixedUlid } from '#shared/ids.ts';
import type { Leader, Org } from '#shared/schemas/directory.ts';
import type { Obstacle, ObstacleEvent } from '#shared/schemas/obstacles.ts';
import type { Task, TaskEvent, TaskInput } from '#shared/schemas/tasks.ts';
import type { Unit } from '#shared/schemas/units.ts';
import type { Finding, Visit } from '#shared/schemas/visits.ts';
import { communeUnit } from '../fixtures.ts';

export const orgs: Org[] = [
  {
    id: 'so-xay-dung',
    name: 'Sở Xây dựng',
    kind: 'department',
    head: { title: 'Giám đốc', email: 'sxd@haiphong.example' },
  },
  {
    id: 'so-noi-vu',
    name: 'Sở Nội vụ',
    kind: 'department',
    head: { title: 'Giám đốc', email: 'snv@haiphong.example' },
  },
  {
    id: 'van-phong-thanh-uy',
    name: 'Văn phòng Thành ủy',
    kind: 'party-office',
    head: { title: 'Chánh Văn phòng', email: 'vptu@haiphong.example' },
    readsAll: true,
  },
];

export const leaders: Leader[] = [
  {
    id: 'le-tien-chau',
    name: 'Lê Tiến Châu',
    title: 'Bí thư Thành ủy',
    titleEn: 'Secretary',
    email: 'ltc@haiphong.example',
  },
  {
    id: 'le-van-hieu',
    name: 'Lê Văn Hiệu',
    title: 'Phó Bí thư Thành ủy',
    titleEn: 'Deputy Secretary',
    email: 'lvh@haiphong.example',
  },
];

/** Three named communes, and `xa-1` … `xa-12` for findings that need many units. */
const unitNames: Record<string, string> = {
  'an-phu': 'An Phú',
  'nguyen-giap': 'Nguyên Giáp',
  'hong-an': 'Hồng An',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`xa-${i + 1}`, `Xã ${i + 1}`])),
};

function unitOf(id: string): Unit | undefined {
  const name = unitNames[id];
  return name === undefined ? undefined : communeUnit(id, name);
}

const person = (sub: string, name: string) => ({ sub, name, leaderIds: [] as string[] });
export const callers = {
  /** The delegation of Lê Tiến Châu. */
  chau: { sub: 'd-chau', name: 'Tổ giúp việc', role: 'delegation', leaderIds: ['le-tien-chau'] },
  /** The delegation of Lê Văn Hiệu. */
  hieu: { sub: 'd-hieu', name: 'Tổ giúp việc', role: 'delegation', leaderIds: ['le-van-hieu'] },
  /** A delegation acting for both leaders. */
  both: {
    sub: 'd-both',
    name: 'Tổ giúp việc',
    role: 'delegation',
    leaderIds: ['le-van-hieu', 'le-tien-chau'],
  },
  anPhu: { ...person('c-an-phu', 'Xã An Phú'), role: 'commune', unitId: 'an-phu' },
  nguyenGiap: { ...person('c-ng', 'Xã Nguyên Giáp'), role: 'commune', unitId: 'nguyen-giap' },
  hongAn: { ...person('c-hong-an', 'Xã Hồng An'), role: 'commune', unitId: 'hong-an' },
  xayDung: { ...person('o-sxd', 'Sở Xây dựng'), role: 'city-office', orgId: 'so-xay-dung' },
  noiVu: { ...person('o-snv', 'Sở Nội vụ'), role: 'city-office', orgId: 'so-noi-vu' },
  /** An office whose org reads every task. */
  thanhUy: {
    ...person('o-vptu', 'Văn phòng Thành ủy'),
    role: 'city-office',
    orgId: 'van-phong-thanh-uy',
  },
} satisfies Record<string, Caller>;

export interface Write {
  store: 'tasks' | 'visits' | 'obstacles';
  op: string;
  id: string;
}

const maxItemsAtOnce = 100;

const claimKey = (claim: OwnedClaim) => `${claim.owner}|${claim.target}|${claim.key}`;

/** A world of stores around one clock: `deps` fits every task, visit and obstacle use case. */
export function inMemoryWorld(start = '2025-07-04T03:00:00.000Z') {
  let clock = start;
  let serial = 0;
  const writes: Write[] = [];
  const tasks = new Map<string, Task>();
  const taskEvents: TaskEvent[] = [];
  const obstacles = new Map<string, Obstacle>();
  const obstacleEvents: ObstacleEvent[] = [];
  const visits = new Map<string, Visit>();
  const findings: Finding[] = [];
  const claims = new Map<string, unknown>();
  /** Logs a write; under an Idempotency-Key, its result is what a replay answers. */
  const logWrite = (write: Write, claim: OwnedClaim | undefined, result: unknown) => {
    if (claim) claims.set(claimKey(claim), result);
    writes.push(write);
  };

  const taskStore: TaskStore = {
    create: async (task, event, claim) => {
      if (claim && claims.has(claimKey(claim)))
        return { task: claims.get(claimKey(claim)) as Task, replayed: true };
      tasks.set(task.id, task);
      taskEvents.push(event);
      logWrite({ store: 'tasks', op: 'create', id: task.id }, claim, task);
      return { task, replayed: false };
    },
    findReplay: async (claim) => claims.get(claimKey(claim)) as Task | undefined,
    get: async (id) => tasks.get(id),
    getMany: async (ids) => ids.flatMap((id) => tasks.get(id) ?? []),
    history: async (id) => taskEvents.filter((e) => e.taskId === id),
    list: async () => ({ items: [...tasks.values()] }),
    update: async (before, after, event) => {
      if (tasks.get(before.id)?.version !== before.version) {
        throw new PreconditionFailedError('The task changed meanwhile.');
      }
      tasks.set(after.id, after);
      taskEvents.push(event);
      writes.push({ store: 'tasks', op: 'update', id: after.id });
    },
    recordEscalation: async () => false,
    addComment: async (event) => {
      taskEvents.push(event);
      writes.push({ store: 'tasks', op: 'comment', id: event.taskId });
      return { event, replayed: false };
    },
  };

  const obstacleStore: ObstacleStore = {
    create: async (obstacle, event) => {
      obstacles.set(obstacle.id, obstacle);
      obstacleEvents.push(event);
      writes.push({ store: 'obstacles', op: 'create', id: obstacle.id });
      return { obstacle, replayed: false };
    },
    findReplay: async () => undefined,
    get: async (id) => obstacles.get(id),
    getMany: async (ids) => ids.flatMap((id) => obstacles.get(id) ?? []),
    history: async (id) => obstacleEvents.filter((e) => e.obstacleId === id),
    list: async () => ({ items: [...obstacles.values()] }),
    applyTransition: async (_before, after, event) => {
      obstacles.set(after.id, after);
      obstacleEvents.push(event);
      writes.push({ store: 'obstacles', op: 'transition', id: after.id });
    },
  };

  const visitStore: VisitStore = {
    create: async (visit, claim) => {
      if (claim && claims.has(claimKey(claim)))
        return { visit: claims.get(claimKey(claim)) as Visit, replayed: true };
      visits.set(visit.id, visit);
      logWrite({ store: 'visits', op: 'create', id: visit.id }, claim, visit);
      return { visit, replayed: false };
    },
    findVisitReplay: async (claim) => claims.get(claimKey(claim)) as Visit | undefined,
    get: async (id) => visits.get(id),
    findings: async (visitId) => findings.filter((f) => f.visitId === visitId),
    list: async () => ({ items: [...visits.values()] }),
    // This store writes each item with its event, and takes 100 items at once (the real
    // store's own count is its tests' business; the use case only heeds the answer).
    fitsOneWrite: (creations, claim) =>
      1 + 2 * ((creations.obstacle ? 1 : 0) + creations.tasks.length) + (claim ? 1 : 0) <=
      maxItemsAtOnce,
    // The finding and all it creates at once, as the store's one transaction writes them.
    addFinding: async (finding, creations, claim) => {
      findings.push(finding);
      if (creations.obstacle) {
        obstacles.set(creations.obstacle.obstacle.id, creations.obstacle.obstacle);
        obstacleEvents.push(creations.obstacle.event);
      }
      for (const { task, event } of creations.tasks) {
        tasks.set(task.id, task);
        taskEvents.push(event);
      }
      logWrite({ store: 'visits', op: 'addFinding', id: finding.id }, claim, finding);
      return { finding, replayed: false };
    },
    findFindingReplay: async (claim) => claims.get(claimKey(claim)) as Finding | undefined,
  };

  const directory: DirectoryStore = {
    listOrgs: async () => orgs,
    listLeaders: async () => leaders,
    getOrg: async (id) => orgs.find((o) => o.id === id),
    getLeader: async (id) => leaders.find((l) => l.id === id),
    putOrgIfAbsent: async () => 'exists',
    putLeaderIfAbsent: async () => 'exists',
  };
  const units: UnitStore = {
    listUnits: async () => Object.keys(unitNames).flatMap((id) => unitOf(id) ?? []),
    getUnit: async (id) => unitOf(id),
    putUnitIfAbsent: async () => 'exists',
  };

  const deps = {
    tasks: taskStore,
    obstacles: obstacleStore,
    visits: visitStore,
    directory,
    units,
    calendar: vietnamCalendar as Calendar,
    now: () => clock,
    newId: () => fixedUlid(clock, ++serial),
  };
  return {
    deps,
    writes,
    tasks,
    taskEvents,
    obstacles,
    visits,
    findings,
    setNow(iso: string) {
      clock = iso;
    },
    /** Forgets the writes so far: what a test's setup wrote is not what it checks. */
    settled() {
      writes.length = 0;
    },
  };
}

export type World = ReturnType<typeof inMemoryWorld>;

/** A task for An Phú to lead with Nguyên Giáp and Sở Xây dựng, due in ten working days. */
export const taskInput: TaskInput = {
  title: 'Rà soát hồ sơ tồn đọng',
  description: 'Rà soát và báo cáo',
  assignees: [
    { kind: 'unit', id: 'an-phu' },
    { kind: 'unit', id: 'nguyen-giap' },
    { kind: 'org', id: 'so-xay-dung' },
  ],
  dueInWorkingDays: 10,
};

/** The error a refused attempt threw. */
export async function caught(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error,
  );
}

/** The refusal is the one expected, and no store saw a write. */
export async function refused(
  world: World,
  attempt: Promise<unknown>,
  error: new (...a: never[]) => Error,
) {
  await expect(attempt).rejects.toBeInstanceOf(error);
  expect(world.writes).toEqual([]);
}

/** Refused with a 400 on exactly this field, and nothing written. */
export async function refusedOn(world: World, field: string, attempt: Promise<unknown>) {
  const error = await caught(attempt);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues.map((i) => i.field)).toEqual([field]);
  expect(world.writes).toEqual([]);
}
