/** Which tasks a caller may read: one task, its history, and what its list runs on. */
import type { Task, TaskStatus } from '../../schemas/tasks.ts';
import type { BusinessDate } from '../calendar/calendar.ts';
import type { Caller } from '../caller.ts';
import { NotFoundError } from '../errors.ts';
import { readsAll, taskVisibility } from '../visibility.ts';
import type { AssigneeKey } from './machine.ts';
import type { TaskDeps, TaskQuery } from './ports.ts';
import { overdueBound } from './view.ts';

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
