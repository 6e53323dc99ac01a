/** The unit entity: the city's communes and wards, in one small read-mostly partition. */
import type { UnitStore } from '../../domain/units.ts';
import { Unit } from '../../schemas/units.ts';
import { entity, type TableArgs } from '../item.ts';
import { type RecordKind, recordKey, recordStore } from '../records.ts';

export const unitRecords: RecordKind<Unit> = {
  partition: 'UNITS',
  prefix: 'UNIT#',
  tag: entity.unit,
  schema: Unit,
};

export const unitKeys = { unit: recordKey(unitRecords) } as const;

export function createUnitsRepository(...table: TableArgs): UnitStore {
  const units = recordStore(table, unitRecords);
  return { listUnits: units.list, getUnit: units.get, putUnitIfAbsent: units.putIfAbsent };
}
