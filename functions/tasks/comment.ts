import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { commentOnTask } from '#shared/domain/tasks.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotencyClaim } from '#shared/http/idempotency.ts';
import { commentTaskContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.commentTask,
  commentTaskContract,
  async ({ params, body, caller, event }) => {
    const { event: comment, replayed } = await commentOnTask(params.id, body, caller, {
      ...taskDeps,
      idempotency: idempotencyClaim(event, body),
    });
    return {
      status: 201,
      headers: replayed ? { 'Idempotent-Replayed': 'true' } : undefined,
      body: comment,
    };
  },
);
