import { obstacleDeps } from '#functions/deps/obstacles.ts';
import { functions } from '#functions/manifest.ts';
import { getObstacleHistory } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getObstacleHistoryContract } from '#shared/schemas/obstacles.ts';

export const handler = httpHandler(
  functions.getObstacleHistory,
  getObstacleHistoryContract,
  async ({ params, caller }) => ({
    body: { items: await getObstacleHistory(params.id, caller, obstacleDeps) },
  }),
);
