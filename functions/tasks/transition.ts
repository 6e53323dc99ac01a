import { taskTransitionDeps, taskView } from '#functions/deps/tasks.ts';
import { ifMatch, versioned } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { transitionTask } from '#shared/domain/tasks.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { transitionTaskContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.transitionTask,
  transitionTaskContract,
  async ({ params, body, caller, event }) => {
    const task = await transitionTask(params.id, body, ifMatch(event), caller, taskTransitionDeps);
    return versioned(task, taskView(task));
  },
);
