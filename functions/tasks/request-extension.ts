import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { requestExtension, viewTask } from '#shared/domain/tasks.ts';
import { etagOf } from '#shared/domain/versioning.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { requestExtensionContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.requestExtension,
  requestExtensionContract,
  async ({ params, body, caller, event }) => {
    const task = await requestExtension(
      params.id,
      body,
      event.headers?.['if-match'],
      caller,
      taskDeps,
    );
    const today = taskDeps.calendar.dateOf(taskDeps.now());
    return {
      status: 201,
      headers: { ETag: etagOf(task) },
      body: viewTask(task, today, taskDeps.calendar),
    };
  },
);
