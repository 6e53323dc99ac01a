import { functions } from '#functions/manifest.ts';
import { getObstacleHistory } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getObstacleHistoryContract } from '#shared/schemas/obstacles.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createObstaclesRepository } from '#shared/store/obstacles-repository.ts';

const obstacles = createObstaclesRepository(documentClient, tableConfig.tableName);

export const handler = httpHandler(
  functions.getObstacleHistory,
  getObstacleHistoryContract,
  async ({ params, caller }) => ({
    body: { items: await getObstacleHistory(params.id, caller, { obstacles }) },
  }),
);
