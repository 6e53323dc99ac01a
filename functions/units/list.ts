import { functions } from '#functions/manifest.ts';
import { listUnits } from '#shared/domain/units.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { listUnitsContract } from '#shared/schemas/units.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import { createUnitsRepository } from '#shared/store/units-repository.ts';

const units = createUnitsRepository(documentClient, tableConfig.tableName);

export const handler = httpHandler(functions.listUnits, listUnitsContract, async () => ({
  body: { items: await listUnits({ units }) },
}));
