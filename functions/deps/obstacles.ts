/** What the obstacle functions need, built once per container. */
import { newUlid } from '#shared/ids.ts';
import { createAttachmentsRepository } from '#shared/store/entities/attachment.ts';
import { createObstaclesRepository } from '#shared/store/entities/obstacle.ts';
import { createUnitsRepository } from '#shared/store/entities/unit.ts';
import { createVisitsRepository } from '#shared/store/entities/visit.ts';
import { now, table } from './table.ts';

export const obstacleDeps = {
  obstacles: createObstaclesRepository(...table),
  units: createUnitsRepository(...table),
  visits: createVisitsRepository(...table),
  /** The evidence rule reads an obstacle's attachments (shared/domain/evidence.ts). */
  attachments: createAttachmentsRepository(...table),
  now,
  newId: () => newUlid(),
};
