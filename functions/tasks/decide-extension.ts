import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { decideExtension, viewTask } from '#shared/domain/tasks.ts';
import { etagOf } from '#shared/domain/versioning.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { decideExtensionContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.decideExtension,
  decideExtensionContract,
  async ({ params, body, caller, event }) => {
    const task = await decideExtension(
      params.id,
      params.requestId,
      body,
      event.headers?.['if-match'],
      caller,
      taskDeps,
    );
    const today = taskDeps.calendar.dateOf(taskDeps.now());
    return { headers: { ETag: etagOf(task) }, body: viewTask(task, today, taskDeps.calendar) };
  },
);
