import { beforeAll, describe, expect, it } from 'vitest';
import { bulkPut } from '#infra/local/bulk-put.ts';
import { ensureTable } from '#infra/local/table.ts';
import { addCalendarDays } from '#shared/domain/calendar/calendar.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { scorecard } from '#shared/domain/unit-overview.ts';
import { createDossiersRepository } from '#shared/store/entities/dossier.ts';
import { createUnitsRepository } from '#shared/store/entities/unit.ts';
import { entity, keys } from '#shared/store/keys.ts';
import { resolvedDay } from '../../bench/fixtures/records.ts';
import { countingClient } from './measure.ts';

/**
 * 100 units with a year of daily reports each, in a table of their own (so the other
 * tests keep their five units): the scorecard must read the window, not the year.
 */
describe('scorecard at city scale', () => {
  const { client, doc, counts, reset } = countingClient();
  const tableName = `thaogo-scale-${Date.now()}`;
  const units = 100;
  const firstDay = '2025-01-01';
  let written = 0;

  beforeAll(async () => {
    await ensureTable(client, tableName);
    const items: Record<string, unknown>[] = [];
    for (let u = 0; u < units; u++) {
      const unitId = `don-vi-${u}`;
      items.push({
        ...keys.unit(unitId),
        entity: entity.unit,
        id: unitId,
        name: `Xã thử ${u}`,
        kind: 'xa',
        formedFrom: [],
        serviceCenter: { name: 'TT' },
        notes: [],
        contacts: [],
      });
      for (let d = 0; d < 365; d++) {
        const date = addCalendarDays(firstDay, d);
        // Unit u resolves 10 a day, u % 10 of them late; unit 99 reports almost nothing.
        const resolved = u === 99 ? (d % 30 === 0 ? 1 : 0) : 10;
        items.push({
          ...keys.dossierReport(unitId, date),
          entity: entity.dossierReport,
          GSI2PK: keys.dossierReportsOfDay(date),
          GSI2SK: unitId,
          ...resolvedDay(
            unitId,
            date,
            resolved,
            u === 99 ? resolved : resolved - (u % 10),
            'scale',
          ),
        });
      }
    }
    const started = Date.now();
    await bulkPut(doc, tableName, items, (n) =>
      console.info(
        `bulk load: ${n} items written (${Math.round((Date.now() - started) / 1000)} s)`,
      ),
    );
    written = items.length;
  }, 600_000);

  it('reads one report per unit per day of the window, not the year', async () => {
    reset();
    const card = await scorecard('2025-12-31', 30, 30, {
      units: createUnitsRepository(doc, tableName),
      dossiers: createDossiersRepository(doc, tableName),
      calendar: vietnamCalendar,
    });
    expect(card.rows).toHaveLength(units);
    expect(counts.scans).toBe(0);
    // units list (100) + 30 days × 100 units; nothing else.
    expect(counts.scanned).toBe(units + 30 * units);
    expect(counts.scanned / units).toBeLessThanOrEqual(31);
    console.info(
      `scorecard: ${counts.scanned} items read in ${counts.queries} queries for ${units} units (${counts.scanned / units} per unit); table holds ${written}`,
    );
    // Units 0, 10, 20 … are never late: ranked first, ties to volume; unit 99 (1 dossier) is not ranked.
    expect(card.rows[0]?.onTimeRate).toEqual({ numerator: 300, denominator: 300, value: 1 });
    const tiny = card.rows.find((r) => r.unitId === 'don-vi-99');
    expect(tiny).toMatchObject({ rank: null, onTimeRate: { numerator: 1, denominator: 1 } });
    expect(card.rows.filter((r) => r.rank !== null)).toHaveLength(99);
  });
});
