/** Changing a task: its transitions, extensions and comments, each one versioned write. */
import type { Actor } from '../../schemas/common.ts';
import type {
  ExtensionDecisionInput,
  ExtensionRequestInput,
  Task,
  TaskEvent,
  TaskTransitionInput,
} from '../../schemas/tasks.ts';
import type { Caller, Role } from '../caller.ts';
import {
  ForbiddenError,
  InvalidTransitionError,
  LimitReachedError,
  NotFoundError,
  ValidationError,
} from '../errors.ts';
import { namedEvidence } from '../evidence.ts';
import { claimOf, type IdempotencyClaim } from '../idempotency.ts';
import { requireCurrentVersion, requireIfMatch } from '../versioning.ts';
import { assignmentOf, isAssignerOf } from '../visibility.ts';
import { getTask } from './access.ts';
import { requireCalendarDate } from './create.ts';
import { actor, isOpen, leadOf, maxExtensionRequests, type Side, taskMachine } from './machine.ts';
import type { TaskDeps } from './ports.ts';

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

type Applied = { after: Task; event: Omit<TaskEvent, 'taskId' | 'id' | 'at' | 'by'> };

/** Reads, checks and writes one change, conditioned on the version read (the store retries collisions). */
async function change(
  id: string,
  ifMatch: string | undefined,
  caller: Caller,
  deps: TaskDeps,
  side: Side,
  apply: (before: Task, by: Actor, now: string) => Applied | Promise<Applied>,
): Promise<Task> {
  const before = await getTask(id, caller, deps);
  const tag = requireIfMatch(ifMatch, 'task');
  const role = actingFor(caller, before, side);
  requireCurrentVersion(tag, before, 'task');
  const now = deps.now();
  const by = actor(caller, role);
  const { after, event } = await apply(before, by, now);
  const stamped: Task = { ...after, version: before.version + 1, updatedAt: now };
  await deps.tasks.update(before, stamped, { ...event, taskId: id, id: deps.newId(), at: now, by });
  return stamped;
}

/**
 * A transition also reads the task's attachments when it names some; without the port, the
 * task counts as carrying none, so a named one is refused rather than taken on trust.
 */
export type TaskTransitionDeps = TaskDeps & {
  attachments?: { list(itemType: 'task', itemId: string): Promise<{ id: string }[]> };
};

export function transitionTask(
  id: string,
  input: TaskTransitionInput,
  ifMatch: string | undefined,
  caller: Caller,
  deps: TaskTransitionDeps,
): Promise<Task> {
  const rule = taskMachine[input.action];
  return change(id, ifMatch, caller, deps, rule.side, async (before, _by, now) => {
    if (!rule.from.includes(before.status)) {
      throw new InvalidTransitionError(`Cannot ${input.action} a task that is ${before.status}.`);
    }
    const text = rule.requires ? input[rule.requires] : (input.note ?? input.reason);
    if (rule.requires && !text) {
      throw new ValidationError(`A ${rule.requires} is required to ${input.action} a task.`, [
        { field: `body.${rule.requires}`, message: 'Required for this action' },
      ]);
    }
    const attached =
      input.attachments?.length && deps.attachments ? await deps.attachments.list('task', id) : [];
    const evidence = namedEvidence(input.attachments, attached, {
      action: input.action,
      names: 'complete',
    });
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
        ...(evidence ? { attachments: evidence } : {}),
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
  return deps.tasks.addComment(event, claimOf(caller, deps.idempotency));
}
