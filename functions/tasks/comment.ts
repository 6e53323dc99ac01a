import { taskDeps } from '#functions/deps/tasks.ts';
import { created, withClaim } from '#functions/glue.ts';
import { functions } from '#functions/manifest.ts';
import { commentOnTask } from '#shared/domain/tasks.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { commentTaskContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.commentTask,
  commentTaskContract,
  async ({ params, body, caller, event }) => {
    const { event: comment, replayed } = await commentOnTask(
      params.id,
      body,
      caller,
      withClaim(taskDeps, event, body),
    );
    return created(comment, replayed);
  },
);
