import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import type { DossierStore } from '#shared/domain/dossiers.ts';
import { checkFigures } from '#shared/domain/dossiers.ts';
import { scorecard } from '#shared/domain/unit-overview.ts';
import type { UnitStore } from '#shared/domain/units.ts';
import { resolvedDay } from '../../../bench/fixtures/records.ts';

const report = (unitId: string, date: string, resolved: number, resolvedOnTime: number) =>
  resolvedDay(unitId, date, resolved, resolvedOnTime, 's');

describe('scorecard', () => {
  it('keeps a unit with three dossiers from topping one with three hundred', async () => {
    const reports = [
      report('xa-nho', '2025-07-01', 3, 3),
      report('xa-lon', '2025-07-01', 300, 290),
    ];
    const units: UnitStore = {
      listUnits: async () =>
        (['xa-nho', 'xa-lon'] as const).map((id) => ({
          id,
          name: id === 'xa-nho' ? 'Xã Nhỏ' : 'Xã Lớn',
          kind: 'xa' as const,
          formedFrom: [],
          serviceCenter: { name: 'TT' },
          notes: [],
          contacts: [],
        })),
      getUnit: async () => undefined,
      putUnitIfAbsent: async () => 'created',
    };
    const dossiers = {
      listByDate: async (date: string) => reports.filter((r) => r.date === date),
    } as unknown as DossierStore;
    const card = await scorecard('2025-07-04', 7, 30, {
      units,
      dossiers,
      calendar: vietnamCalendar,
    });
    expect(card.rows.map((r) => [r.rank, r.unitId, r.onTimeRate.value])).toEqual([
      [1, 'xa-lon', 290 / 300],
      [null, 'xa-nho', 1],
    ]);
    expect(card.rows[1]?.note).toBe('Chưa xếp hạng: 3 hồ sơ đã giải quyết, dưới mức tối thiểu 30');
  });
});

describe('dossier figure checks', () => {
  it('names every wrong field at once', () => {
    expect(
      checkFigures({ received: 2, resolved: 5, resolvedOnTime: 6, overdue: 1 }, 1).map(
        (i) => i.field,
      ),
    ).toEqual(['body.resolved', 'body.resolvedOnTime', 'body.overdue']);
    expect(checkFigures({ received: 2, resolved: 3, resolvedOnTime: 3, overdue: 0 }, 1)).toEqual(
      [],
    );
  });
});
