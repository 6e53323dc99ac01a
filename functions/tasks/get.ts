import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { getTask, viewTask } from '#shared/domain/tasks.ts';
import { etagOf } from '#shared/domain/versioning.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getTaskContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.getTask,
  getTaskContract,
  async ({ params, query, caller }) => {
    const task = await getTask(params.id, caller, taskDeps);
    const asOf = query.asOf ?? taskDeps.calendar.dateOf(taskDeps.now());
    return { headers: { ETag: etagOf(task) }, body: viewTask(task, asOf, taskDeps.calendar) };
  },
);
