import type { Actor } from '../schemas/common.ts';
import type {
  Assignee,
  AssigneeRef,
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
import type { Visit } from '../schemas/visits.ts';
import { type BusinessDate, type Calendar, gapOf, worstGap } from './calendar/calendar.ts';
import { type Caller, canSeeUnit, type Role } from './caller.ts';
import type { DirectoryStore } from './directory.ts';
import {
  ForbiddenError,
  InvalidTransitionError,
  LimitReachedError,
  NotFoundError,
  ValidationError,
} from './errors.ts';
import type { IdempotencyClaim, OwnedClaim } from './idempotency.ts';
import type { ObstacleStore } from './obstacles.ts';
import type { UnitStore } from './units.ts';
import { requireCurrentVersion, requireIfMatch } from './versioning.ts';
import { assignmentOf, canSeeVisit, isAssignerOf, readsAll, taskVisibility } from './visibility.ts';
import type { VisitStore } from './visits.ts';

export const openTaskStatuses: readonly TaskStatus[] = ['assigned', 'in_progress'];
const finishedStatuses: readonly TaskStatus[] = ['done', 'verified'];

type Side = 'lead' | 'assigner';

interface Rule {
  from: readonly TaskStatus[];
  to: TaskStatus;
  side: Side;
  requires?: 'note' | 'reason';
}

/** The life cycle of a task: its lead (chủ trì) works it, its assigner closes it. */
export const taskMachine: Record<TaskAction, Rule> = {
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
  /**
   * Raises the escalation level to `level` with its history event, as one more version of
   * the task; false when the task is at that level already (or gone).
   */
  recordEscalation(task: Task, level: number, at: string, eventId: string): Promise<boolean>;
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
  // A read never fails on what is stored (see the calendar's read side): a year the holiday
  // data lacks is counted Mon–Fri and flagged `estimated`; a due date that is no date gives
  // no figures, flagged `unavailable`.
  const counted = isOpen(task)
    ? calendar.reckonWorkingDaysBetween(task.currentDue, asOf, `task ${task.id}`)
    : { value: 0, estimated: false };
  const calendarGap = gapOf(counted);
  return {
    ...task,
    ...(counted ? { overdue: counted.value > 0, overdueWorkingDays: counted.value } : {}),
    ...(calendarGap ? { calendarGap } : {}),
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
  // The read-side answer, as viewTask counts: past the holiday data, weekends only.
  while (calendar.reckonWorkingDay(day)?.value === false) {
    day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  }
  return day;
}

/** The task if the caller may see it (shared/domain/visibility.ts); otherwise 404. */
export async function getTask(
  id: string,
  caller: Caller,
  deps: Pick<TaskDeps, 'tasks' | 'directory'>,
): Promise<Task> {
  const task = await deps.tasks.get(id);
  if (!task || !(await taskVisibility(caller, deps.directory))(task)) {
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

/**
 * Statistics count a task for its lead only: a co-ordinator sees the task in its list,
 * but its on-time rate is the lead's to answer for. `*` (the whole city) counts every task.
 */
export function countsFor(assignee: AssigneeKey): (task: Pick<Task, 'assignees'>) => boolean {
  return (task) => assignee === '*' || assigneeKey(leadOf(task)) === assignee;
}

/** The lead (chủ trì) of a task. */
export function leadOf(task: Pick<Task, 'assignees'>): Assignee {
  return (task.assignees.find((a) => a.role === 'lead') ?? task.assignees[0]) as Assignee;
}

async function resolveAssignees(
  input: Pick<TaskInput, 'assignees' | 'lead'>,
  deps: { directory: DirectoryStore; units: UnitStore },
): Promise<Assignee[]> {
  const seen = new Set<string>();
  const found: Omit<Assignee, 'role'>[] = [];
  for (const [i, ref] of input.assignees.entries()) {
    const key = assigneeKey(ref);
    if (seen.has(key)) {
      throw new ValidationError(`${key} is named twice.`, [
        { field: `body.assignees.${i}`, message: 'Named twice' },
      ]);
    }
    seen.add(key);
    const record =
      ref.kind === 'org' ? await deps.directory.getOrg(ref.id) : await deps.units.getUnit(ref.id);
    if (!record) {
      throw new ValidationError(`There is no ${ref.kind} "${ref.id}".`, [
        { field: `body.assignees.${i}.id`, message: `Unknown ${ref.kind}` },
      ]);
    }
    found.push({ kind: ref.kind, id: ref.id, name: record.name });
  }
  const leadKey = input.lead ? assigneeKey(input.lead) : assigneeKey(found[0] as AssigneeRef);
  if (!seen.has(leadKey)) {
    throw new ValidationError('The lead must be one of the assignees.', [
      { field: 'body.lead', message: 'Not one of the assignees' },
    ]);
  }
  return found.map((a) => ({ ...a, role: assigneeKey(a) === leadKey ? 'lead' : 'coordinator' }));
}

export async function createTask(
  input: TaskInput,
  caller: Caller,
  deps: TaskDeps & {
    units: UnitStore;
    obstacles: Pick<ObstacleStore, 'get'>;
    visits: Pick<VisitStore, 'get' | 'findings'>;
    idempotency?: IdempotencyClaim;
  },
): Promise<{ task: Task; replayed: boolean }> {
  const claim = deps.idempotency ? { ...deps.idempotency, owner: caller.sub } : undefined;
  if (claim) {
    const replay = await deps.tasks.findReplay(claim);
    if (replay) return { task: replay, replayed: true };
  }
  const visit = input.visitId ? await deps.visits.get(input.visitId) : undefined;
  if (input.visitId && (!visit || !canSeeVisit(caller, visit))) {
    throw new ValidationError(`There is no visit "${input.visitId}".`, [
      { field: 'body.visitId', message: 'Unknown visit' },
    ]);
  }
  if (input.findingId) {
    const findings = visit ? await deps.visits.findings(visit.id) : [];
    if (!findings.some((f) => f.id === input.findingId)) {
      throw new ValidationError(`There is no finding "${input.findingId}" on that visit.`, [
        {
          field: 'body.findingId',
          message: visit ? 'Not a finding of the visit' : 'Needs visitId',
        },
      ]);
    }
  }
  const { task, event } = await prepareTask(input, caller, { ...deps, visit });
  return deps.tasks.create(task, event, claim);
}

export type TaskPreparationDeps = Pick<TaskDeps, 'directory' | 'calendar' | 'now' | 'newId'> & {
  units: UnitStore;
  obstacles: Pick<ObstacleStore, 'get'>;
  /** The visit of `input.visitId`, already read and checked as the caller's to see. */
  visit?: Pick<Visit, 'id' | 'units'>;
};

/** The leader in whose name a delegation assigns: one it acts for (M4 of the rules). */
async function assigningLeader(
  input: Pick<TaskInput, 'assignedBy'>,
  caller: Caller,
  deps: TaskPreparationDeps,
) {
  const leaderId =
    input.assignedBy ?? (caller.leaderIds.length === 1 ? caller.leaderIds[0] : undefined);
  if (!leaderId) {
    throw new ValidationError('Name the leader in whose name the task is assigned.', [
      { field: 'body.assignedBy', message: 'Required: your account acts for several leaders' },
    ]);
  }
  if (!caller.leaderIds.includes(leaderId)) {
    throw new ForbiddenError(`Your account does not act for the leader "${leaderId}".`);
  }
  const leader = await deps.directory.getLeader(leaderId);
  if (!leader) {
    throw new ValidationError(`There is no leader "${leaderId}".`, [
      { field: 'body.assignedBy', message: 'Unknown leader' },
    ]);
  }
  return leader;
}

/** A business date the holiday calendar covers: a write never stores one it cannot count. */
function requireCalendarDate(calendar: Calendar, date: BusinessDate, field: string): void {
  try {
    calendar.isWorkingDay(date);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(error.message, [
        { field, message: `Outside the years of the holiday calendar (${date})` },
      ]);
    }
    throw error;
  }
}

/**
 * Checks an assignment and builds the task and its first event, without writing: a
 * directive writes its tasks in the finding's own transaction. Every rule that can refuse
 * the request runs here, before anything is written.
 */
export async function prepareTask(
  input: TaskInput,
  caller: Caller,
  deps: TaskPreparationDeps,
): Promise<{ task: Task; event: TaskEvent }> {
  if (caller.role !== 'delegation' && caller.role !== 'city-office') {
    throw new ForbiddenError('Only a delegation or a city office assigns tasks.');
  }
  let assigner: Task['assigner'];
  if (caller.role === 'delegation') {
    const leader = await assigningLeader(input, caller, deps);
    assigner = { leaderId: leader.id, leaderName: leader.name };
  } else {
    if (input.assignedBy) {
      throw new ValidationError('An office assigns tasks in its own name.', [
        { field: 'body.assignedBy', message: 'Only a delegation names a leader' },
      ]);
    }
    const org = await deps.directory.getOrg(caller.orgId as string);
    if (!org) throw new ForbiddenError('Your account names an office that does not exist.');
    assigner = { orgId: org.id, orgName: org.name };
  }

  const assignees = await resolveAssignees(input, deps);
  for (const [i, assignee] of assignees.entries()) {
    if (assignee.kind === 'org' && assignee.id === assigner.orgId) {
      throw new ValidationError('An office cannot assign a task to itself.', [
        { field: `body.assignees.${i}`, message: 'The assigner cannot be an assignee' },
      ]);
    }
    if (
      deps.visit &&
      assignee.kind === 'unit' &&
      !deps.visit.units.some((u) => u.id === assignee.id)
    ) {
      throw new ValidationError(`${assignee.name} was not visited on the linked visit.`, [
        { field: `body.assignees.${i}`, message: 'Could not see the linked visit' },
      ]);
    }
  }
  for (const [i, obstacleId] of (input.obstacleIds ?? []).entries()) {
    const obstacle = await deps.obstacles.get(obstacleId);
    if (!obstacle || !canSeeUnit(caller, obstacle.unitId)) {
      throw new NotFoundError(`There is no obstacle "${obstacleId}".`);
    }
    const blind = assignees.find((a) => a.kind === 'unit' && a.id !== obstacle.unitId);
    if (blind) {
      throw new ValidationError(
        `The obstacle belongs to ${obstacle.unitName}; ${blind.name} could not see it.`,
        [{ field: `body.obstacleIds.${i}`, message: 'Not visible to every assignee' }],
      );
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
  requireCalendarDate(deps.calendar, assignedOn, 'body.assignedOn');
  let due: BusinessDate;
  if (input.dueDate !== undefined) {
    due = input.dueDate;
    requireCalendarDate(deps.calendar, due, 'body.dueDate');
  } else {
    try {
      due = deps.calendar.addWorkingDays(assignedOn, input.dueInWorkingDays as number);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError(error.message, [
        { field: 'body.dueInWorkingDays', message: 'Runs past the years of the holiday calendar' },
      ]);
    }
  }
  if (due < assignedOn) {
    throw new ValidationError('The due date is before the day assigned.', [
      { field: 'body.dueDate', message: 'In the past' },
    ]);
  }
  const task: Task = {
    id: deps.newId(),
    title: input.title.normalize('NFC'),
    description: input.description.normalize('NFC'),
    assignees,
    assigner,
    createdBy: actor(caller, caller.role),
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

/**
 * Who may act on a side of a task. The lead works it (start, complete, ask for more time);
 * the assigner closes it and decides extensions, and is never one of its assignees, so
 * nobody verifies their own work or approves their own extension.
 */
function actingFor(caller: Caller, task: Task, side: Side): Role {
  const assignment = assignmentOf(caller, task);
  if (side === 'lead') {
    // By position too: a task stored before assignees had roles has its lead first.
    if (assignment && assignment === leadOf(task)) return caller.role;
    throw new ForbiddenError(
      assignment
        ? `Only the lead (chủ trì), ${leadOf(task).name}, may do this; co-ordinators comment and record their part.`
        : 'Only the lead of the task may do this.',
    );
  }
  if (!assignment && isAssignerOf(caller, task)) return caller.role;
  throw new ForbiddenError(
    task.assigner.orgId
      ? `Only ${task.assigner.orgName ?? task.assigner.orgId}, which assigned the task, may do this.`
      : `Only the delegation of ${task.assigner.leaderName ?? 'the leader'}, who assigned the task, may do this.`,
  );
}

/** Reads, checks and writes one change, conditioned on the version read (the store retries collisions). */
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
  const before = await getTask(id, caller, deps);
  const tag = requireIfMatch(ifMatch, 'task');
  const role = actingFor(caller, before, side);
  requireCurrentVersion(tag, before, 'task');
  const now = deps.now();
  const by = actor(caller, role);
  const { after, event } = apply(before, by, now);
  const stamped: Task = { ...after, version: before.version + 1, updatedAt: now };
  await deps.tasks.update(before, stamped, { ...event, taskId: id, id: deps.newId(), at: now, by });
  return stamped;
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
      after.completionNote = text?.normalize('NFC');
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

/**
 * Extension requests live on the task (the pending one is decided there); their texts are
 * also in the history, which has no bound. Ten rounds keep the item far below DynamoDB's
 * 400 KB with the longest texts allowed, and are more than any task should need.
 */
export const maxExtensionRequests = 10;

export function requestExtension(
  id: string,
  input: ExtensionRequestInput,
  ifMatch: string | undefined,
  caller: Caller,
  deps: TaskDeps,
): Promise<Task> {
  return change(id, ifMatch, caller, deps, 'lead', (before, by, now) => {
    if (!isOpen(before))
      throw new InvalidTransitionError(`The task is ${before.status}; nothing to extend.`);
    if (before.extensionRequests.some((r) => r.status === 'pending')) {
      throw new InvalidTransitionError('An extension request is already waiting for a decision.');
    }
    if (before.extensionRequests.length >= maxExtensionRequests) {
      throw new LimitReachedError(
        `This task has had ${maxExtensionRequests} extension requests, the most one task may have; ask whoever assigned it to set a new task.`,
      );
    }
    if (input.requestedDue <= before.currentDue) {
      throw new ValidationError('Ask for a date after the current due date.', [
        { field: 'body.requestedDue', message: `Must be after ${before.currentDue}` },
      ]);
    }
    requireCalendarDate(deps.calendar, input.requestedDue, 'body.requestedDue');
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
    const note = input.note?.normalize('NFC');
    const decided = {
      ...request,
      status: approved ? ('approved' as const) : ('rejected' as const),
      decidedBy: by,
      decidedAt: now,
      ...(note ? { decisionNote: note } : {}),
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
        ...(note ? { note } : {}),
        ...(approved
          ? { changes: { currentDue: { from: before.currentDue, to: request.requestedDue } } }
          : {}),
      },
    };
  });
}

/**
 * A comment by anyone who sees the task; with `kind: 'part'`, an assignee (lead or
 * co-ordinator) records the part it did. Either is an event only: the task item and its
 * version stay as they are.
 */
export async function commentOnTask(
  id: string,
  input: { text: string; kind?: 'comment' | 'part' },
  caller: Caller,
  deps: Pick<TaskDeps, 'tasks' | 'directory' | 'now' | 'newId'> & {
    idempotency?: IdempotencyClaim;
  },
): Promise<{ event: TaskEvent; replayed: boolean }> {
  const task = await getTask(id, caller, deps);
  if (input.kind === 'part' && !assignmentOf(caller, task)) {
    throw new ForbiddenError('Only an assignee of the task records its part.');
  }
  const event: TaskEvent = {
    taskId: task.id,
    id: deps.newId(),
    at: deps.now(),
    by: actor(caller, caller.role),
    action: input.kind === 'part' ? 'record_part' : 'comment',
    note: input.text.normalize('NFC'),
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
  const calendarGap = worstGap(views.map((v) => v.calendarGap));
  return {
    asOf,
    ...(calendarGap ? { calendarGap } : {}),
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
