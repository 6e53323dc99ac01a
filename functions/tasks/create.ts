import { taskCreationDeps, taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { createTask, viewTask } from '#shared/domain/tasks.ts';
import { etagOf } from '#shared/domain/versioning.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotencyClaim } from '#shared/http/idempotency.ts';
import { createTaskContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.createTask,
  createTaskContract,
  async ({ body, caller, event }) => {
    const { task, replayed } = await createTask(body, caller, {
      ...taskCreationDeps,
      idempotency: idempotencyClaim(event, body),
    });
    return {
      status: 201,
      headers: {
        ETag: etagOf(task),
        Location: `/tasks/${task.id}`,
        ...(replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
      body: viewTask(task, taskDeps.calendar.dateOf(taskDeps.now()), taskDeps.calendar),
    };
  },
);
