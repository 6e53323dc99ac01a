import { taskDeps, taskView } from '#functions/deps/tasks.ts';
import { versioned } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { getTask } from '#shared/domain/tasks.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getTaskContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.getTask,
  getTaskContract,
  async ({ params, query, caller }) => {
    const task = await getTask(params.id, caller, taskDeps);
    return versioned(task, taskView(task, query.asOf));
  },
);
