import { obstacleDeps } from '#functions/deps/obstacles.ts';
import { functions } from '#functions/manifest.ts';
import { etagOf, getObstacle } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getObstacleContract } from '#shared/schemas/obstacles.ts';

export const handler = httpHandler(
  functions.getObstacle,
  getObstacleContract,
  async ({ params, caller }) => {
    const obstacle = await getObstacle(params.id, caller, obstacleDeps);
    return { headers: { ETag: etagOf(obstacle) }, body: obstacle };
  },
);
