/** Assigning a task: every check that can refuse it, then the task and its first event. */
import type { Assignee, AssigneeRef, Task, TaskEvent, TaskInput } from '../../schemas/tasks.ts';
import type { BusinessDate, Calendar } from '../calendar/calendar.ts';
import { type Caller, canSeeUnit } from '../caller.ts';
import type { DirectoryStore } from '../directory.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { claimOf, replayOr } from '../idempotency.ts';
import type { UnitStore } from '../units.ts';
import { canSeeVisit } from '../visibility.ts';
import { actor, assigneeKey } from './machine.ts';
import type { TaskCreationDeps, TaskPreparationDeps } from './ports.ts';

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

export async function createTask(input: TaskInput, caller: Caller, deps: TaskCreationDeps) {
  const claim = claimOf(caller, deps.idempotency);
  return replayOr(claim, { task: (c) => deps.tasks.findReplay(c) }, async () => {
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
  });
}

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
export function requireCalendarDate(calendar: Calendar, date: BusinessDate, field: string): void {
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
