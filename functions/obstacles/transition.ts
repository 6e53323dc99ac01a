import { functions } from '#functions/manifest.ts';
import { etagOf, transitionObstacle } from '#shared/domain/obstacles.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { transitionObstacleContract } from '#shared/schemas/obstacles.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createObstaclesRepository } from '#shared/store/obstacles-repository.ts';

const obstacles = createObstaclesRepository(documentClient, tableConfig.tableName);

export const handler = httpHandler(
  functions.transitionObstacle,
  transitionObstacleContract,
  async ({ params, body, caller, event }) => {
    const obstacle = await transitionObstacle(
      params.id,
      body,
      event.headers?.['if-match'],
      caller,
      {
        obstacles,
        now: () => new Date().toISOString(),
      },
    );
    return { headers: { ETag: etagOf(obstacle) }, body: obstacle };
  },
);
