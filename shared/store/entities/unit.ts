/** The unit entity: the city's communes and wards, in one small read-mostly partition. */
import type { UnitStore } from '../../domain/units.ts';
import { Unit } from '../../schemas/units.ts';
import { entity, type ItemKey, itemReader, type TableArgs } from '../item.ts';
import { putIfAbsent } from '../put-if-absent.ts';
import { getItem, queryAll } from '../reads.ts';

export const unitKeys = {
  /** All units of the city live in one small, read-mostly partition. */
  unitsPartition: 'UNITS',
  unitPrefix: 'UNIT#',
  unit: (unitId: string): ItemKey => ({ PK: 'UNITS', SK: `UNIT#${unitId}` }),
} as const;

export function createUnitsRepository(...[doc, tableName, log]: TableArgs): UnitStore {
  const read = itemReader(Unit, entity.unit, log);
  return {
    listUnits: () =>
      queryAll(
        doc,
        {
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': unitKeys.unitsPartition,
            ':prefix': unitKeys.unitPrefix,
          },
        },
        read,
      ),
    getUnit: (unitId) => getItem(doc, tableName, unitKeys.unit(unitId), read, false),
    putUnitIfAbsent: (unit) =>
      putIfAbsent(doc, tableName, { ...unitKeys.unit(unit.id), entity: entity.unit, ...unit }),
  };
}
