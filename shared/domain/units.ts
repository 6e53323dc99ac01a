import type { Unit } from '../schemas/units.ts';
import { NotFoundError } from './errors.ts';
import { sortByVietnamese, toNfc } from './text.ts';

/** What the unit use cases need from storage. */
export interface UnitStore {
  listUnits(): Promise<Unit[]>;
  getUnit(unitId: string): Promise<Unit | undefined>;
  /** Writes the unit unless it exists; tells which happened. */
  putUnitIfAbsent(unit: Unit): Promise<'created' | 'exists'>;
}

export async function listUnits(deps: { units: UnitStore }): Promise<Unit[]> {
  return sortByVietnamese(await deps.units.listUnits(), (unit) => unit.name);
}

export async function getUnit(unitId: string, deps: { units: UnitStore }): Promise<Unit> {
  const unit = await deps.units.getUnit(unitId);
  if (!unit) throw new NotFoundError(`There is no unit "${unitId}".`);
  return unit;
}

/** Stores a unit with its Vietnamese names composed (NFC), so search and sort agree. */
export async function registerUnit(
  unit: Unit,
  deps: { units: UnitStore },
): Promise<'created' | 'exists'> {
  return deps.units.putUnitIfAbsent({
    ...unit,
    name: toNfc(unit.name),
    formedFrom: unit.formedFrom.map(toNfc),
    serviceCenter: { ...unit.serviceCenter, name: toNfc(unit.serviceCenter.name) },
    notes: unit.notes.map(toNfc),
  });
}
