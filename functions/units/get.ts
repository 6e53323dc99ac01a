import { unitDeps } from '#functions/deps/units.ts';
import { functions } from '#functions/manifest.ts';
import { getUnit } from '#shared/domain/units.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getUnitContract } from '#shared/schemas/units.ts';

export const handler = httpHandler(functions.getUnit, getUnitContract, async ({ params }) => ({
  body: await getUnit(params.unitId, unitDeps),
}));
