/** A task's life cycle and the words the other task modules share. */
import type { Actor } from '../../schemas/common.ts';
import type { Assignee, Task, TaskAction, TaskStatus } from '../../schemas/tasks.ts';
import type { Caller, Role } from '../caller.ts';

export const openTaskStatuses: readonly TaskStatus[] = ['assigned', 'in_progress'];
export const finishedStatuses: readonly TaskStatus[] = ['done', 'verified'];

export type Side = 'lead' | 'assigner';

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

/** The lead (chủ trì) of a task. */
export function leadOf(task: Pick<Task, 'assignees'>): Assignee {
  return (task.assignees.find((a) => a.role === 'lead') ?? task.assignees[0]) as Assignee;
}

/**
 * Statistics count a task for its lead only: a co-ordinator sees the task in its list,
 * but its on-time rate is the lead's to answer for. `*` (the whole city) counts every task.
 */
export function countsFor(assignee: AssigneeKey): (task: Pick<Task, 'assignees'>) => boolean {
  return (task) => assignee === '*' || assigneeKey(leadOf(task)) === assignee;
}

export function isOpen(task: Pick<Task, 'status'>): boolean {
  return openTaskStatuses.includes(task.status);
}

export function actor(caller: Caller, role: Role): Actor {
  return { sub: caller.sub, name: caller.name, role };
}

/**
 * Extension requests live on the task (the pending one is decided there); their texts are
 * also in the history, which has no bound. Ten rounds keep the item far below DynamoDB's
 * 400 KB with the longest texts allowed, and are more than any task should need.
 */
export const maxExtensionRequests = 10;
