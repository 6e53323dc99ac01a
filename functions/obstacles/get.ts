import { functions } from '#functions/manifest.ts';
import { etagOf, getObstacle } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getObstacleContract } from '#shared/schemas/obstacles.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createObstaclesRepository } from '#shared/store/obstacles-repository.ts';

const obstacles = createObstaclesRepository(documentClient, tableConfig.tableName);

export const handler = httpHandler(
  functions.getObstacle,
  getObstacleContract,
  async ({ params, caller }) => {
    const obstacle = await getObstacle(params.id, caller, { obstacles });
    return { headers: { ETag: etagOf(obstacle) }, body: obstacle };
  },
);
