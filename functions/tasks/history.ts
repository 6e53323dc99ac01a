import { taskDeps } from '#functions/deps/tasks.ts';
import { functions } from '#functions/manifest.ts';
import { getTaskHistory } from '#shared/domain/tasks.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getTaskHistoryContract } from '#shared/schemas/tasks.ts';

export const handler = httpHandler(
  functions.getTaskHistory,
  getTaskHistoryContract,
  async ({ params, caller }) => ({
    body: { items: await getTaskHistory(params.id, caller, taskDeps) },
  }),
);
