import { functions } from '#functions/manifest.ts';
import { getUnit } from '#shared/domain/units.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { getUnitContract } from '#shared/schemas/units.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createUnitsRepository } from '#shared/store/units-repository.ts';

const units = createUnitsRepository(documentClient, tableConfig.tableName);

export const handler = httpHandler(functions.getUnit, getUnitContract, async ({ params }) => ({
  body: await getUnit(params.unitId, { units }),
}));
