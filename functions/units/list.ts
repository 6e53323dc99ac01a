import { unitDeps } from '#functions/deps/units.ts';
import { functions } from '#functions/manifest.ts';
import { listUnits } from '#shared/domain/units.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listUnitsContract } from '#shared/schemas/units.ts';

export const handler = httpHandler(functions.listUnits, listUnitsContract, async () => ({
  body: { items: await listUnits(unitDeps) },
}));
