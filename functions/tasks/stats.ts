import { today } from '#functions/deps/table.ts';
import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { drain } from '#shared/domain/paging.ts';
import { countsFor, effectiveTaskQuery, taskStats } from '#shared/domain/tasks.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { taskStatsContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.taskStats,
  taskStatsContract,
  async ({ query, caller }) => {
    const asOf = query.asOf ?? today();
    const effective = await effectiveTaskQuery(
      { assignee: query.assignee },
      asOf,
      caller,
      taskDeps,
    );
    if (!effective) return { body: taskStats([], asOf, taskDeps.calendar) };
    const all = await drain((after) => taskDeps.tasks.list(effective, { after, limit: 100 }));
    return { body: taskStats(all.filter(countsFor(effective.assignee)), asOf, taskDeps.calendar) };
  },
);
