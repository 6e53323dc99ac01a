import { taskDeps, taskView } from '#functions/deps/tasks.ts';
import { ifMatch, versioned } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { decideExtension } from '#shared/domain/tasks.ts';
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
      ifMatch(event),
      caller,
      taskDeps,
    );
    return versioned(task, taskView(task));
  },
);
