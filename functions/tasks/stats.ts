import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { countsFor, effectiveTaskQuery, taskStats } from '#shared/domain/tasks.ts';
import { httpHandler } from '#shared/http/handler.ts';
import type { Task } from '#shared/schemas/tasks.ts';
import { taskStatsContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.taskStats,
  taskStatsContract,
  async ({ query, caller }) => {
    const asOf = query.asOf ?? taskDeps.calendar.dateOf(taskDeps.now());
    const effective = await effectiveTaskQuery(
      { assignee: query.assignee },
      asOf,
      caller,
      taskDeps,
    );
    const tasks: Task[] = [];
    let after: string | undefined;
    while (effective) {
      const page = await taskDeps.tasks.list(effective, { after, limit: 100 });
      tasks.push(...page.items.filter(countsFor(effective.assignee)));
      after = page.last;
      if (!after) break;
    }
    return { body: taskStats(tasks, asOf, taskDeps.calendar) };
  },
);
