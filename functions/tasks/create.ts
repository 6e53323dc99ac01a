import { taskCreationDeps, taskView } from '#functions/deps/tasks.ts';
import { created, withClaim } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { createTask } from '#shared/domain/tasks.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { createTaskContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.createTask,
  createTaskContract,
  async ({ body, caller, event }) => {
    const { task, replayed } = await createTask(
      body,
      caller,
      withClaim(taskCreationDeps, event, body),
    );
    return created(taskView(task), replayed, {
      location: `/tasks/${task.id}`,
      version: task.version,
    });
  },
);
