/**
 * Every key of the table in one object, gathered from the entity modules that own them
 * (entities/), so the layout of the single table reads in one place and the seed, the
 * tests and the bench can build any key. The store's own modules import the entity
 * modules themselves.
 */
import { digestKeys } from './entities/digest.ts';
import { directoryKeys } from './entities/directory.ts';
import { dossierKeys } from './entities/dossier.ts';
import { obstacleKeys } from './entities/obstacle.ts';
import { taskKeys } from './entities/task.ts';
import { unitKeys } from './entities/unit.ts';
import { visitKeys } from './entities/visit.ts';
import { idempotencyKey } from './item.ts';

export {
  type Entity,
  entity,
  everyUnit,
  InvalidKeyError,
  type ItemKey,
  stripKeys,
  type UnitScope,
} from './item.ts';

export const keys = {
  ...unitKeys,
  ...directoryKeys,
  ...obstacleKeys,
  ...taskKeys,
  ...visitKeys,
  ...dossierKeys,
  ...digestKeys,
  idempotency: idempotencyKey,
} as const;
