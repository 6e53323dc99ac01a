import type { Obstacle, ObstacleEvent } from '../schemas/obstacles.ts';
import type { Task, TaskEvent } from '../schemas/tasks.ts';
import type {
  DirectiveState,
  Finding,
  FindingInput,
  FindingView,
  Rollup,
  Visit,
  VisitInput,
  VisitView,
} from '../schemas/visits.ts';
import type { BusinessDate, Calendar } from './calendar/calendar.ts';
import { type Caller, canSeeUnit, isReader } from './caller.ts';
import type { DirectoryStore } from './directory.ts';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts';
import type { IdempotencyClaim, OwnedClaim } from './idempotency.ts';
import { type ObstacleStore, prepareObstacle } from './obstacles.ts';
import { prepareTask } from './tasks/create.ts';
import type { TaskStore } from './tasks/ports.ts';
import { viewTask } from './tasks/view.ts';
import type { UnitStore } from './units.ts';
import { canSeeFinding, canSeeVisit, taskVisibility } from './visibility.ts';

/** What a finding brings into being with it, written in one transaction. */
export interface FindingCreations {
  obstacle?: { obstacle: Obstacle; event: ObstacleEvent };
  tasks: { task: Task; event: TaskEvent }[];
}

export interface VisitStore {
  create(visit: Visit, claim: OwnedClaim | undefined): Promise<{ visit: Visit; replayed: boolean }>;
  findVisitReplay(claim: OwnedClaim): Promise<Visit | undefined>;
  get(id: string): Promise<Visit | undefined>;
  findings(visitId: string): Promise<Finding[]>;
  /** `unit` is a unit id or `*`; dates inclusive. */
  list(
    unit: string,
    range: { from?: BusinessDate; to?: BusinessDate },
    page: { after?: string; limit: number },
  ): Promise<{ items: Visit[]; last?: string }>;
  /** The finding and all it creates, or nothing. */
  addFinding(
    finding: Finding,
    creations: FindingCreations,
    claim: OwnedClaim | undefined,
  ): Promise<{ finding: Finding; replayed: boolean }>;
  findFindingReplay(claim: OwnedClaim): Promise<Finding | undefined>;
}

export interface VisitDeps {
  visits: VisitStore;
  directory: DirectoryStore;
  units: UnitStore;
  now: () => string;
  newId: () => string;
}

/** DynamoDB takes at most 100 items in a transaction; a finding must fit in one. */
const maxTransactionItems = 100;

/** The unit whose visits a caller's list shows: a commune's own, whatever it asks for. */
export function effectiveVisitUnit(unitId: string | undefined, caller: Caller): string | undefined {
  if (isReader(caller)) return unitId ?? '*';
  return unitId && unitId !== caller.unitId ? undefined : caller.unitId;
}

export async function createVisit(
  input: VisitInput,
  caller: Caller,
  deps: VisitDeps & { idempotency?: IdempotencyClaim },
): Promise<{ visit: Visit; replayed: boolean }> {
  const claim = deps.idempotency ? { ...deps.idempotency, owner: caller.sub } : undefined;
  if (claim) {
    const replay = await deps.visits.findVisitReplay(claim);
    if (replay) return { visit: replay, replayed: true };
  }
  if (!input.leaderIds.some((id) => caller.leaderIds.includes(id))) {
    throw new ForbiddenError('Log the visits of the leader(s) your account acts for.');
  }
  const leaders = [];
  for (const [i, id] of input.leaderIds.entries()) {
    const leader = await deps.directory.getLeader(id);
    if (!leader)
      throw new ValidationError(`There is no leader "${id}".`, [
        { field: `body.leaderIds.${i}`, message: 'Unknown leader' },
      ]);
    leaders.push({ id, name: leader.name, title: leader.title });
  }
  const units = [];
  for (const [i, id] of [...new Set(input.unitIds)].entries()) {
    const unit = await deps.units.getUnit(id);
    if (!unit)
      throw new ValidationError(`There is no unit "${id}".`, [
        { field: `body.unitIds.${i}`, message: 'Unknown unit' },
      ]);
    units.push({ id, name: unit.name });
  }
  const now = deps.now();
  const visit: Visit = {
    id: deps.newId(),
    date: input.date,
    leaders,
    units,
    purpose: input.purpose.normalize('NFC'),
    createdBy: { sub: caller.sub, name: caller.name, role: 'delegation' },
    createdAt: now,
  };
  return deps.visits.create(visit, claim);
}

/** Re-homes the field names of a nested check under the part of the finding it came from. */
async function nested<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        error.message,
        error.issues.map((issue) => ({
          ...issue,
          field: issue.field.replace(/^body\./, `${prefix}.`),
        })),
      );
    }
    throw error;
  }
}

export async function addFinding(
  visitId: string,
  input: FindingInput,
  caller: Caller,
  deps: VisitDeps & {
    calendar: Calendar;
    obstacles: Pick<ObstacleStore, 'get'>;
    idempotency?: IdempotencyClaim;
  },
): Promise<{ finding: Finding; replayed: boolean }> {
  const claim = deps.idempotency ? { ...deps.idempotency, owner: caller.sub } : undefined;
  if (claim) {
    const replay = await deps.visits.findFindingReplay(claim);
    if (replay) return { finding: replay, replayed: true };
  }
  const visit = await deps.visits.get(visitId);
  if (!visit || !canSeeVisit(caller, visit))
    throw new NotFoundError(`There is no visit "${visitId}".`);
  if (!visit.leaders.some((leader) => caller.leaderIds.includes(leader.id))) {
    throw new ForbiddenError('Only the delegation of a leader of this visit records its findings.');
  }
  if (input.unitId && !visit.units.some((unit) => unit.id === input.unitId)) {
    throw new ValidationError(`${input.unitId} was not visited on this visit.`, [
      { field: 'body.unitId', message: 'Not a unit of this visit' },
    ]);
  }
  if (input.obstacle && input.kind !== 'concern') {
    throw new ValidationError('Only a concern opens an obstacle.', [
      { field: 'body.obstacle', message: 'Only with a concern' },
    ]);
  }
  if (input.obstacle && !input.unitId) {
    throw new ValidationError('Name the unit whose obstacle this is.', [
      { field: 'body.unitId', message: 'Required to open an obstacle' },
    ]);
  }
  if (input.tasks && input.kind !== 'directive') {
    throw new ValidationError('Only a directive creates tasks.', [
      { field: 'body.tasks', message: 'Only with a directive' },
    ]);
  }

  const findingId = deps.newId();
  const creations: FindingCreations = { tasks: [] };
  if (input.obstacle) {
    const obstacleInput = { ...input.obstacle, unitId: input.unitId, visitId };
    creations.obstacle = await nested('body.obstacle', () =>
      prepareObstacle(obstacleInput, caller, { ...deps, visit }),
    );
  }
  // By default a directive is assigned in the name of a leader of the visit the account acts for.
  const visitLeader = visit.leaders.find((l) => caller.leaderIds.includes(l.id))?.id;
  for (const [i, spec] of (input.tasks ?? []).entries()) {
    if ((spec.dueDate === undefined) === (spec.dueInWorkingDays === undefined)) {
      throw new ValidationError('Give each task exactly one of dueDate and dueInWorkingDays.', [
        {
          field: `body.tasks.${i}.dueDate`,
          message: 'Give exactly one of dueDate and dueInWorkingDays',
        },
      ]);
    }
    if (spec.fanOut && spec.lead) {
      throw new ValidationError('A fanned-out task has one lead per task: its own assignee.', [
        { field: `body.tasks.${i}.lead`, message: 'Not with fanOut' },
      ]);
    }
    const base = {
      title: spec.title ?? input.text.slice(0, 300),
      description: spec.description ?? input.text,
      assignedBy: spec.assignedBy ?? visitLeader,
      dueDate: spec.dueDate,
      dueInWorkingDays: spec.dueInWorkingDays,
      visitId,
      findingId,
    };
    const groups = spec.fanOut
      ? spec.assignees.map((assignee) => ({ assignees: [assignee] }))
      : [{ assignees: spec.assignees, lead: spec.lead }];
    for (const group of groups) {
      creations.tasks.push(
        await nested(`body.tasks.${i}`, () =>
          prepareTask({ ...base, ...group }, caller, { ...deps, visit }),
        ),
      );
    }
  }
  const items =
    1 +
    (creations.obstacle ? 10 : 0) +
    creations.tasks.reduce((sum, { task }) => sum + 3 + task.assignees.length, 0) +
    (claim ? 1 : 0);
  if (items > maxTransactionItems) {
    throw new ValidationError(
      'Too much for one finding: split the tasks over several directives.',
      [{ field: 'body.tasks', message: 'Too many tasks and assignees in one finding' }],
    );
  }
  const finding: Finding = {
    id: findingId,
    visitId,
    kind: input.kind,
    text: input.text.normalize('NFC'),
    ...(input.unitId ? { unitId: input.unitId } : {}),
    ...(creations.obstacle ? { obstacleId: creations.obstacle.obstacle.id } : {}),
    taskIds: creations.tasks.map(({ task }) => task.id),
    createdBy: { sub: caller.sub, name: caller.name, role: 'delegation' },
    createdAt: deps.now(),
  };
  return deps.visits.addFinding(finding, creations, claim);
}

const stateLabels: Record<DirectiveState, string> = {
  verified: 'đã xác nhận hoàn thành',
  done: 'đã hoàn thành',
  overdue: 'quá hạn',
  open: 'đang thực hiện',
  cancelled: 'đã hủy',
  untracked: 'chưa giao nhiệm vụ',
};
const stateOrder: DirectiveState[] = [
  'verified',
  'done',
  'overdue',
  'open',
  'cancelled',
  'untracked',
];

/** Where one task stands on a day: open, overdue, or its closing status. */
export function taskStanding(task: Task, asOf: BusinessDate, calendar: Calendar): DirectiveState {
  const view = viewTask(task, asOf, calendar);
  if (view.status === 'assigned' || view.status === 'in_progress')
    return view.overdue ? 'overdue' : 'open';
  return view.status;
}

/** Where a directive stands, from its tasks: one overdue task makes it overdue. */
export function directiveState(states: DirectiveState[]): DirectiveState {
  const live = states.filter((s) => s !== 'cancelled');
  if (states.length === 0) return 'untracked';
  if (live.length === 0) return 'cancelled';
  if (live.includes('overdue')) return 'overdue';
  if (live.every((s) => s === 'verified')) return 'verified';
  if (live.every((s) => s === 'done' || s === 'verified')) return 'done';
  return 'open';
}

export function rollup(states: DirectiveState[]): Rollup {
  const counts = Object.fromEntries(
    stateOrder.map((s) => [s, states.filter((x) => x === s).length]),
  ) as Record<DirectiveState, number>;
  const parts = stateOrder
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${stateLabels[s]}`);
  return {
    directives: states.length,
    counts,
    text: `${states.length} chỉ đạo${parts.length ? `: ${parts.join(', ')}` : ''}`,
  };
}

/**
 * The visit as a reader may see it: findings grouped by unit (a commune sees its own unit's
 * and those about every unit), each directive with the live status of its tasks and of the
 * obstacle a concern opened, and the roll-up of all directives.
 */
export async function getVisitView(
  visitId: string,
  caller: Caller,
  asOf: BusinessDate,
  deps: {
    visits: VisitStore;
    tasks: Pick<TaskStore, 'getMany'>;
    obstacles: Pick<ObstacleStore, 'getMany'>;
    directory: Pick<DirectoryStore, 'getOrg'>;
    calendar: Calendar;
  },
): Promise<VisitView> {
  const visit = await deps.visits.get(visitId);
  if (!visit || !canSeeVisit(caller, visit))
    throw new NotFoundError(`There is no visit "${visitId}".`);
  const findings = (await deps.visits.findings(visitId)).filter((finding) =>
    canSeeFinding(caller, finding),
  );
  const [tasks, obstacles] = await Promise.all([
    deps.tasks.getMany(findings.flatMap((f) => f.taskIds)),
    deps.obstacles.getMany(findings.flatMap((f) => (f.obstacleId ? [f.obstacleId] : []))),
  ]);
  const visible = await taskVisibility(caller, deps.directory);
  const taskById = new Map(tasks.filter(visible).map((t) => [t.id, t]));
  const obstacleById = new Map(obstacles.map((o) => [o.id, o]));

  // Ids too pass the visibility rule: a finding shows the tasks and the obstacle the caller
  // may open, and a directive whose tasks are all another unit's has no state here.
  const views: FindingView[] = findings.map(({ taskIds, obstacleId, ...finding }) => {
    const obstacle = obstacleId ? obstacleById.get(obstacleId) : undefined;
    const seen = obstacle && canSeeUnit(caller, obstacle.unitId);
    const view: FindingView = {
      ...finding,
      taskIds: taskIds.filter((id) => taskById.has(id)),
      ...(obstacle && seen
        ? {
            obstacleId: obstacle.id,
            obstacle: { id: obstacle.id, title: obstacle.title, status: obstacle.status },
          }
        : {}),
    };
    if (finding.kind === 'directive') {
      const own = view.taskIds.flatMap((id) => {
        const task = taskById.get(id);
        if (!task) return [];
        const state = taskStanding(task, asOf, deps.calendar);
        return [
          {
            id: task.id,
            title: task.title,
            status: task.status,
            currentDue: task.currentDue,
            state,
          },
        ];
      });
      view.tasks = own;
      if (taskIds.length === 0 || own.length > 0)
        view.state = directiveState(own.map((t) => t.state));
    }
    return view;
  });

  const groups = [
    ...visit.units
      .map((unit) => ({
        unitId: unit.id as string | null,
        unitName: unit.name,
        findings: views.filter((f) => f.unitId === unit.id),
      }))
      .filter((group) => group.findings.length > 0 || canSeeUnit(caller, group.unitId as string)),
    ...(views.some((f) => !f.unitId)
      ? [
          {
            unitId: null,
            unitName: 'Chung cho các đơn vị được kiểm tra',
            findings: views.filter((f) => !f.unitId),
          },
        ]
      : []),
  ];
  return {
    ...visit,
    asOf,
    groups,
    rollup: rollup(views.flatMap((f) => (f.state ? [f.state] : []))),
  };
}
