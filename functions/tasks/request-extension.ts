import { taskDeps, taskView } from '#functions/deps/tasks.ts';
import { ifMatch, versioned } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { requestExtension } from '#shared/domain/tasks.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { requestExtensionContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.requestExtension,
  requestExtensionContract,
  async ({ params, body, caller, event }) => {
    const task = await requestExtension(params.id, body, ifMatch(event), caller, taskDeps);
    return versioned(task, taskView(task), 201);
  },
);
