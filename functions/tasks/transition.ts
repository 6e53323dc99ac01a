import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { transitionTask, viewTask } from '#shared/domain/tasks.ts';
import { etagOf } from '#shared/domain/versioning.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { transitionTaskContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.transitionTask,
  transitionTaskContract,
  async ({ params, body, caller, event }) => {
    const task = await transitionTask(
      params.id,
      body,
      event.headers?.['if-match'],
      caller,
      taskDeps,
    );
    const today = taskDeps.calendar.dateOf(taskDeps.now());
    return { headers: { ETag: etagOf(task) }, body: viewTask(task, today, taskDeps.calendar) };
  },
);
