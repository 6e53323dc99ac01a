import type { Actor } from '../schemas/common.ts';
import type {
  Assignee,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  Task,
  TaskAction,
  TaskEvent,
  TaskInput,
  TaskStats,
  TaskStatus,
  TaskTransitionInput,
  TaskView,
} from '../schemas/tasks.ts';
import type { BusinessDate, Calendar } from './calendar/calendar.ts';
import { type Caller, canSeeUnit, type Role } from './caller.ts';
import type { DirectoryStore } from './directory.ts';
import {
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
  WriteConflictError,
} from './errors.ts';
import type { IdempotencyClaim, OwnedClaim } from './idempotency.ts';
import type { ObstacleStore } from './obstacles.ts';
import type { UnitStore } from './units.ts';
import { requireCurrentVersion, requireIfMatch } from './versioning.ts';

export const openTaskStatuses: readonly TaskStatus[] = ['assigned', 'in_progress'];
const finishedStatuses: readonly TaskStatus[] = ['done', 'verified'];

type Side = 'assignee' | 'assigner';

interface Rule {
  from: readonly TaskStatus[];
  to: TaskStatus;
  side: Side;
  requires?: 'note' | 'reason';
}

/** The life cycle of a task (DESIGN §4): the assignee works it, the assigner closes it. */
export const taskMachine: Record<TaskAction, Rule> = {
  start: { from: ['assigned'], to: 'in_progress', side: 'assignee' },
  complete: { from: ['in_progress'], to: 'done', side: 'assignee', requires: 'note' },
  verify: { from: ['done'], to: 'verified', side: 'assigner' },
  return: { from: ['done'], to: 'in_progress', side: 'assigner', requires: 'reason' },
  cancel: {
    from: ['assigned', 'in_progress', 'done'],
    to: 'cancelled',
    side: 'assigner',
    requires: 'reason',
  },
};

/** `org:so-xay-dung`, `unit:an-phu`, or `*` for every assignee. */
export type AssigneeKey = string;

export function assigneeKey(assignee: Pick<Assignee, 'kind' | 'id'>): AssigneeKey {
  return `${assignee.kind}:${assignee.id}`;
}

export interface TaskQuery {
  assignee: AssigneeKey;
  status?: TaskStatus;
  /** Open tasks whose current due date is before this date (exclusive). */
  dueBefore?: BusinessDate;
}

export interface TaskStore {
  create(
    task: Task,
    event: TaskEvent,
    claim: OwnedClaim | undefined,
  ): Promise<{ task: Task; replayed: boolean }>;
  findReplay(claim: OwnedClaim): Promise<Task | undefined>;
  get(id: string): Promise<Task | undefined>;
  getMany(ids: string[]): Promise<Task[]>;
  history(id: string): Promise<TaskEvent[]>;
  list(
    query: TaskQuery,
    page: { after?: string; limit: number },
  ): Promise<{ items: Task[]; last?: string }>;
  /** Writes the change and its event at once, if the stored version is still `before.version`. */
  update(before: Task, after: Task, event: TaskEvent): Promise<void>;
  /** A comment: an event that changes nothing else. */
  addComment(
    event: TaskEvent,
    claim: OwnedClaim | undefined,
  ): Promise<{ event: TaskEvent; replayed: boolean }>;
}

export interface TaskDeps {
  tasks: TaskStore;
  directory: DirectoryStore;
  calendar: Calendar;
  now: () => string;
  newId: () => string;
}

function actor(caller: Caller, role: Role): Actor {
  return { sub: caller.sub, name: caller.name, role };
}

function isOpen(task: Pick<Task, 'status'>): boolean {
  return openTaskStatuses.includes(task.status);
}

/**
 * Overdue means at least one working day has passed since the current due date: a task
 * due the Friday before Tết is not overdue during the holiday, and is 1 day overdue on
 * the first working day after it.
 */
export function viewTask(task: Task, asOf: BusinessDate, calendar: Calendar): TaskView {
  const overdueWorkingDays = isOpen(task) ? calendar.workingDaysBetween(task.currentDue, asOf) : 0;
  return {
    ...task,
    overdue: overdueWorkingDays > 0,
    overdueWorkingDays,
    ...(finishedStatuses.includes(task.status) && task.completedOn
      ? { onTime: task.completedOn <= task.originalDue }
      : {}),
  };
}

/**
 * The latest working day on or before `asOf`: a task is overdue as of `asOf` exactly when
 * its due date is before this day. That turns "overdue" into one range on the due-date
 * index, holidays included.
 */
export function overdueBound(asOf: BusinessDate, calendar: Calendar): BusinessDate {
  let day = asOf;
  while (!calendar.isWorkingDay(day)) {
    day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  }
  return day;
}

async function readsAll(caller: Caller, directory: DirectoryStore): Promise<boolean> {
  if (caller.role === 'delegation') return true;
  if (caller.role === 'city-office' && caller.orgId) {
    return (await directory.getOrg(caller.orgId))?.readsAll === true;
  }
  return false;
}

function assigneeRole(caller: Caller, task: Task): Role | undefined {
  for (const assignee of task.assignees) {
    if (assignee.kind === 'unit' && caller.role === 'commune' && caller.unitId === assignee.id)
      return 'commune';
    if (assignee.kind === 'org' && caller.role === 'city-office' && caller.orgId === assignee.id)
      return 'city-office';
  }
  return undefined;
}

function assignerRole(caller: Caller, task: Task): Role | undefined {
  if (task.assigner.orgId) {
    return caller.role === 'city-office' && caller.orgId === task.assigner.orgId
      ? 'city-office'
      : undefined;
  }
  return caller.role === 'delegation' ? 'delegation' : undefined;
}

/** The task if the caller may see it: its assignee, its assigner, or a reader of all tasks. */
export async function getTask(
  id: string,
  caller: Caller,
  deps: Pick<TaskDeps, 'tasks' | 'directory'>,
): Promise<Task> {
  const task = await deps.tasks.get(id);
  if (
    !task ||
    !(
      assigneeRole(caller, task) ||
      assignerRole(caller, task) ||
      (await readsAll(caller, deps.directory))
    )
  ) {
    throw new NotFoundError(`There is no task "${id}".`);
  }
  return task;
}

export async function getTaskHistory(
  id: string,
  caller: Caller,
  deps: Pick<TaskDeps, 'tasks' | 'directory'>,
) {
  await getTask(id, caller, deps);
  return deps.tasks.history(id);
}

async function resolveAssignees(
  input: TaskInput,
  deps: { directory: DirectoryStore; units: UnitStore },
) {
  const seen = new Set<string>();
  const assignees: Assignee[] = [];
  for (const [i, ref] of input.assignees.entries()) {
    const key = assigneeKey(ref);
    if (seen.has(key)) {
      throw new ValidationError(`${key} is named twice.`, [
        { field: `body.assignees.${i}`, message: 'Named twice' },
      ]);
    }
    seen.add(key);
    const found =
      ref.kind === 'org' ? await deps.directory.getOrg(ref.id) : await deps.units.getUnit(ref.id);
    if (!found) {
      throw new ValidationError(`There is no ${ref.kind} "${ref.id}".`, [
        { field: `body.assignees.${i}.id`, message: `Unknown ${ref.kind}` },
      ]);
    }
    assignees.push({ kind: ref.kind, id: ref.id, name: found.name });
  }
  return assignees;
}

export async function createTask(
  input: TaskInput,
  caller: Caller,
  deps: TaskDeps & { units: UnitStore; obstacles: ObstacleStore; idempotency?: IdempotencyClaim },
): Promise<{ task: Task; replayed: boolean }> {
  const claim = deps.idempotency ? { ...deps.idempotency, owner: caller.sub } : undefined;
  if (claim) {
    const replay = await deps.tasks.findReplay(claim);
    if (replay) return { task: replay, replayed: true };
  }
  const { task, event } = await prepareTask(input, caller, deps);
  return deps.tasks.create(task, event, claim);
}

export type TaskPreparationDeps = Pick<TaskDeps, 'directory' | 'calendar' | 'now' | 'newId'> & {
  units: UnitStore;
  obstacles: Pick<ObstacleStore, 'get'>;
};

/**
 * Checks an assignment and builds the task and its first event, without writing: a
 * directive writes its tasks in the finding's own transaction.
 */
export async function prepareTask(
  input: TaskInput,
  caller: Caller,
  deps: TaskPreparationDeps,
): Promise<{ task: Task; event: TaskEvent }> {
  const role: Role | undefined =
    caller.role === 'delegation'
      ? 'delegation'
      : caller.role === 'city-office'
        ? 'city-office'
        : undefined;
  if (!role) throw new ForbiddenError('Only a delegation or a city office assigns tasks.');

  const leader = input.assignedBy ? await deps.directory.getLeader(input.assignedBy) : undefined;
  if (input.assignedBy && !leader) {
    throw new ValidationError(`There is no leader "${input.assignedBy}".`, [
      { field: 'body.assignedBy', message: 'Unknown leader' },
    ]);
  }
  let assigner: Task['assigner'];
  if (role === 'delegation') {
    if (!leader) {
      throw new ValidationError('Name the leader who assigned the task.', [
        { field: 'body.assignedBy', message: 'Required when a delegation assigns' },
      ]);
    }
    assigner = { leaderId: leader.id, leaderName: leader.name };
  } else {
    const org = await deps.directory.getOrg(caller.orgId as string);
    if (!org) throw new ForbiddenError('Your account names an office that does not exist.');
    assigner = {
      orgId: org.id,
      orgName: org.name,
      ...(leader ? { leaderId: leader.id, leaderName: leader.name } : {}),
    };
  }

  const assignees = await resolveAssignees(input, deps);
  for (const obstacleId of input.obstacleIds ?? []) {
    const obstacle = await deps.obstacles.get(obstacleId);
    if (!obstacle || !canSeeUnit(caller, obstacle.unitId)) {
      throw new NotFoundError(`There is no obstacle "${obstacleId}".`);
    }
  }

  const now = deps.now();
  const today = deps.calendar.dateOf(now);
  const assignedOn = input.assignedOn ?? today;
  if (assignedOn > today) {
    throw new ValidationError('A task cannot be assigned in the future.', [
      { field: 'body.assignedOn', message: `After today (${today})` },
    ]);
  }
  const due =
    input.dueDate ?? deps.calendar.addWorkingDays(assignedOn, input.dueInWorkingDays as number);
  if (due < assignedOn) {
    throw new ValidationError('The due date is before today.', [
      { field: 'body.dueDate', message: 'In the past' },
    ]);
  }
  const task: Task = {
    id: deps.newId(),
    title: input.title.normalize('NFC'),
    description: input.description.normalize('NFC'),
    assignees,
    assigner,
    createdBy: actor(caller, role),
    links: {
      obstacleIds: input.obstacleIds ?? [],
      visitId: input.visitId,
      findingId: input.findingId,
    },
    assignedOn,
    originalDue: due,
    currentDue: due,
    status: 'assigned',
    version: 1,
    extensionRequests: [],
    escalationLevel: 0,
    createdAt: now,
    updatedAt: now,
  };
  const event: TaskEvent = {
    taskId: task.id,
    id: deps.newId(),
    at: now,
    by: task.createdBy,
    action: 'assign',
    to: 'assigned',
    changes: { currentDue: { from: null, to: due } },
  };
  return { task, event };
}

/** Reads, checks and writes one change; a write conflict is retried once from a fresh read. */
async function change(
  id: string,
  ifMatch: string | undefined,
  caller: Caller,
  deps: TaskDeps,
  side: Side,
  apply: (
    before: Task,
    by: Actor,
    now: string,
  ) => { after: Task; event: Omit<TaskEvent, 'taskId' | 'id' | 'at' | 'by'> },
): Promise<Task> {
  for (let attempt = 0; ; attempt++) {
    const before = await getTask(id, caller, deps);
    const tag = requireIfMatch(ifMatch, 'task');
    const role = side === 'assignee' ? assigneeRole(caller, before) : assignerRole(caller, before);
    if (!role) {
      throw new ForbiddenError(
        side === 'assignee'
          ? 'Only an assignee of the task may do this.'
          : 'Only whoever assigned the task may do this.',
      );
    }
    requireCurrentVersion(tag, before, 'task');
    const now = deps.now();
    const by = actor(caller, role);
    const { after, event } = apply(before, by, now);
    const stamped: Task = { ...after, version: before.version + 1, updatedAt: now };
    try {
      await deps.tasks.update(before, stamped, {
        ...event,
        taskId: id,
        id: deps.newId(),
        at: now,
        by,
      });
      return stamped;
    } catch (error) {
      if (error instanceof WriteConflictError && attempt === 0) continue;
      if (error instanceof WriteConflictError) {
        throw new PreconditionFailedError(
          'The task is being changed by someone else; read it again.',
        );
      }
      throw error;
    }
  }
}

export function transitionTask(
  id: string,
  input: TaskTransitionInput,
  ifMatch: string | undefined,
  caller: Caller,
  deps: TaskDeps,
): Promise<Task> {
  const rule = taskMachine[input.action];
  return change(id, ifMatch, caller, deps, rule.side, (before, _by, now) => {
    if (!rule.from.includes(before.status)) {
      throw new InvalidTransitionError(`Cannot ${input.action} a task that is ${before.status}.`);
    }
    const text = rule.requires ? input[rule.requires] : (input.note ?? input.reason);
    if (rule.requires && !text) {
      throw new ValidationError(`A ${rule.requires} is required to ${input.action} a task.`, [
        { field: `body.${rule.requires}`, message: 'Required for this action' },
      ]);
    }
    const after: Task = { ...before, status: rule.to };
    if (input.action === 'complete') {
      after.completionNote = text;
      after.completedOn = deps.calendar.dateOf(now);
    }
    if (input.action === 'return') after.completedOn = undefined;
    return {
      after,
      event: {
        action: input.action,
        from: before.status,
        to: rule.to,
        ...(text ? { note: text.normalize('NFC') } : {}),
      },
    };
  });
}

export function requestExtension(
  id: string,
  input: ExtensionRequestInput,
  ifMatch: string | undefined,
  caller: Caller,
  deps: TaskDeps,
): Promise<Task> {
  return change(id, ifMatch, caller, deps, 'assignee', (before, by, now) => {
    if (!isOpen(before))
      throw new InvalidTransitionError(`The task is ${before.status}; nothing to extend.`);
    if (before.extensionRequests.some((r) => r.status === 'pending')) {
      throw new InvalidTransitionError('An extension request is already waiting for a decision.');
    }
    if (input.requestedDue <= before.currentDue) {
      throw new ValidationError('Ask for a date after the current due date.', [
        { field: 'body.requestedDue', message: `Must be after ${before.currentDue}` },
      ]);
    }
    deps.calendar.isWorkingDay(input.requestedDue); // refuses a year the calendar lacks
    const request = {
      id: deps.newId(),
      requestedDue: input.requestedDue,
      reason: input.reason.normalize('NFC'),
      status: 'pending' as const,
      requestedBy: by,
      requestedAt: now,
    };
    return {
      after: { ...before, extensionRequests: [...before.extensionRequests, request] },
      event: {
        action: 'request_extension',
        note: request.reason,
        changes: { requestedDue: { from: before.currentDue, to: input.requestedDue } },
      },
    };
  });
}

export function decideExtension(
  id: string,
  requestId: string,
  input: ExtensionDecisionInput,
  ifMatch: string | undefined,
  caller: Caller,
  deps: TaskDeps,
): Promise<Task> {
  return change(id, ifMatch, caller, deps, 'assigner', (before, by, now) => {
    const request = before.extensionRequests.find((r) => r.id === requestId);
    if (!request)
      throw new NotFoundError(`There is no extension request "${requestId}" on this task.`);
    if (request.status !== 'pending')
      throw new InvalidTransitionError(`The request was ${request.status} already.`);
    const approved = input.decision === 'approve';
    const decided = {
      ...request,
      status: approved ? ('approved' as const) : ('rejected' as const),
      decidedBy: by,
      decidedAt: now,
      ...(input.note ? { decisionNote: input.note.normalize('NFC') } : {}),
    };
    return {
      after: {
        ...before,
        // The original due date never moves; only the one in force does.
        currentDue: approved ? request.requestedDue : before.currentDue,
        extensionRequests: before.extensionRequests.map((r) => (r.id === requestId ? decided : r)),
      },
      event: {
        action: approved ? 'approve_extension' : 'reject_extension',
        ...(input.note ? { note: input.note } : {}),
        ...(approved
          ? { changes: { currentDue: { from: before.currentDue, to: request.requestedDue } } }
          : {}),
      },
    };
  });
}

export async function commentOnTask(
  id: string,
  text: string,
  caller: Caller,
  deps: Pick<TaskDeps, 'tasks' | 'directory' | 'now' | 'newId'> & {
    idempotency?: IdempotencyClaim;
  },
): Promise<{ event: TaskEvent; replayed: boolean }> {
  const task = await getTask(id, caller, deps);
  const role = assigneeRole(caller, task) ?? assignerRole(caller, task) ?? caller.role;
  const event: TaskEvent = {
    taskId: task.id,
    id: deps.newId(),
    at: deps.now(),
    by: actor(caller, role as Role),
    action: 'comment',
    note: text.normalize('NFC'),
  };
  return deps.tasks.addComment(
    event,
    deps.idempotency ? { ...deps.idempotency, owner: caller.sub } : undefined,
  );
}

/**
 * What a caller's task list really runs on. Communes see their unit's tasks, offices
 * their org's, unless the office reads all; asking for someone else's gives nothing.
 */
export async function effectiveTaskQuery(
  query: {
    assignee?: string;
    status?: TaskStatus;
    overdue?: 'true' | 'false';
    dueBefore?: BusinessDate;
  },
  asOf: BusinessDate,
  caller: Caller,
  deps: Pick<TaskDeps, 'directory' | 'calendar'>,
): Promise<TaskQuery | undefined> {
  let assignee: AssigneeKey;
  if (await readsAll(caller, deps.directory)) {
    assignee = query.assignee ?? '*';
  } else {
    const own = caller.role === 'city-office' ? `org:${caller.orgId}` : `unit:${caller.unitId}`;
    if (query.assignee && query.assignee !== own) return undefined;
    assignee = own;
  }
  const bounds = [
    ...(query.overdue === 'true' ? [overdueBound(asOf, deps.calendar)] : []),
    ...(query.dueBefore ? [query.dueBefore] : []),
  ].sort();
  return { assignee, status: query.status, dueBefore: bounds[0] };
}

export function taskStats(tasks: Task[], asOf: BusinessDate, calendar: Calendar): TaskStats {
  const views = tasks.map((task) => viewTask(task, asOf, calendar));
  const finished = views.filter((v) => finishedStatuses.includes(v.status));
  const onTime = finished.filter((v) => v.onTime).length;
  return {
    asOf,
    total: views.length,
    open: views.filter((v) => isOpen(v)).length,
    overdue: views.filter((v) => v.overdue).length,
    finished: finished.length,
    cancelled: views.filter((v) => v.status === 'cancelled').length,
    onTimeRate: {
      numerator: onTime,
      denominator: finished.length,
      value: finished.length ? onTime / finished.length : null,
    },
  };
}
