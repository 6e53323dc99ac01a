import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#shared/domain/errors.ts';
import { getUnit, listUnits, registerUnit, type UnitStore } from '#shared/domain/units.ts';
import type { Unit } from '#shared/schemas/units.ts';

function inMemoryUnits(): UnitStore & { items: Map<string, Unit> } {
  const items = new Map<string, Unit>();
  return {
    items,
    listUnits: async () => [...items.values()],
    getUnit: async (id) => items.get(id),
    putUnitIfAbsent: async (unit) => {
      if (items.has(unit.id)) return 'exists';
      items.set(unit.id, unit);
      return 'created';
    },
  };
}

const unit = (id: string, name: string): Unit => ({
  id,
  name,
  kind: 'xa',
  formedFrom: [],
  serviceCenter: { name: `Trung tâm Phục vụ hành chính công ${name}` },
  notes: [],
  contacts: [],
});

describe('unit use cases', () => {
  it('lists units in Vietnamese order whatever order storage returns', async () => {
    const units = inMemoryUnits();
    for (const [id, name] of [
      ['nguyen-giap', 'Nguyên Giáp'],
      ['hong-an', 'Hồng An'],
      ['ai-quoc', 'Ái Quốc'],
      ['an-phu', 'An Phú'],
    ] as const) {
      await registerUnit(unit(id, name), { units });
    }
    const names = (await listUnits({ units })).map((u) => u.name);
    expect(names).toEqual(['Ái Quốc', 'An Phú', 'Hồng An', 'Nguyên Giáp']);
  });

  it('stores names composed (NFC) even when given decomposed', async () => {
    const units = inMemoryUnits();
    await registerUnit(unit('nguyen-giap', 'Nguye\u0302n Gia\u0301p'), { units });
    const stored = units.items.get('nguyen-giap');
    expect(stored?.name).toBe('Nguyên Giáp');
    expect(stored?.serviceCenter.name).toBe('Trung tâm Phục vụ hành chính công Nguyên Giáp');
  });

  it('registers a unit once: a second registration leaves the first untouched', async () => {
    const units = inMemoryUnits();
    expect(await registerUnit(unit('an-lao', 'An Lão'), { units })).toBe('created');
    expect(await registerUnit(unit('an-lao', 'Tên khác'), { units })).toBe('exists');
    expect(units.items.get('an-lao')?.name).toBe('An Lão');
  });

  it('throws NotFoundError for an absent unit', async () => {
    await expect(getUnit('khong-co', { units: inMemoryUnits() })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
