/**
 * A unit's dossier figures and the city's scorecard: from the daily reports alone, so the
 * scorecard function carries nothing of obstacles, tasks or visits.
 */
import type { Ratio } from '../schemas/common.ts';
import type { DossierReport, Scorecard } from '../schemas/dossiers.ts';
import { addCalendarDays, type BusinessDate, type Calendar } from './calendar/calendar.ts';
import type { DossierStore } from './dossiers.ts';
import { sortByVietnamese } from './text.ts';
import type { UnitStore } from './units.ts';

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}

export function dossierTotals(reports: DossierReport[], from: BusinessDate, to: BusinessDate) {
  const inRange = reports.filter((r) => r.date >= from && r.date <= to);
  const sum = (pick: (r: DossierReport) => number) =>
    inRange.reduce((total, r) => total + pick(r), 0);
  const resolved = sum((r) => r.resolved);
  const resolvedOnTime = sum((r) => r.resolvedOnTime);
  return {
    from,
    to,
    reports: inRange.length,
    received: sum((r) => r.received),
    resolved,
    resolvedOnTime,
    citizenVisits: sum((r) => r.citizenVisits ?? 0),
    onTimeRate: ratio(resolvedOnTime, resolved),
  };
}

/**
 * Every unit's dossier figures over a window, read day by day from the by-date index:
 * at most one report per unit per day, however long the history. A unit with fewer
 * resolved dossiers than `minResolved` is listed but not ranked, so three dossiers all on
 * time cannot top three hundred.
 */
export async function scorecard(
  asOf: BusinessDate,
  days: number,
  minResolved: number,
  deps: { units: UnitStore; dossiers: DossierStore; calendar: Calendar },
): Promise<Scorecard> {
  const from = addCalendarDays(asOf, -(days - 1));
  const dates = Array.from({ length: days }, (_, i) => addCalendarDays(from, i));
  const [units, perDay] = await Promise.all([
    deps.units.listUnits(),
    Promise.all(dates.map((date) => deps.dossiers.listByDate(date))),
  ]);
  const byUnit = new Map<string, DossierReport[]>();
  for (const report of perDay.flat())
    byUnit.set(report.unitId, [...(byUnit.get(report.unitId) ?? []), report]);
  // Read side: a window reaching past the holiday data counts those days Mon–Fri, flagged.
  const working = new Map(dates.map((d) => [d, deps.calendar.reckonWorkingDay(d)]));
  const isWorking = (date: BusinessDate) =>
    (working.get(date) ?? deps.calendar.reckonWorkingDay(date))?.value === true;
  const workingDays = dates.filter(isWorking).length;
  const calendarGap = [...working.values()].some((w) => w?.estimated) ? 'estimated' : undefined;

  const rows = units.map((unit) => {
    const reports = (byUnit.get(unit.id) ?? []).sort((a, b) => a.date.localeCompare(b.date));
    const totals = dossierTotals(reports, from, asOf);
    const reportedWorkingDays = reports.filter((r) => isWorking(r.date)).length;
    const ranked = totals.resolved >= minResolved;
    return {
      rank: null as number | null,
      unitId: unit.id,
      unitName: unit.name,
      onTimeRate: totals.onTimeRate,
      received: totals.received,
      reportingRate: ratio(reportedWorkingDays, workingDays),
      latestOverdue: reports.at(-1)?.overdue ?? null,
      ...(ranked
        ? {}
        : {
            note: `Chưa xếp hạng: ${totals.resolved} hồ sơ đã giải quyết, dưới mức tối thiểu ${minResolved}`,
          }),
    };
  });
  const rankedRows = rows
    .filter((row) => !row.note)
    .sort(
      (a, b) =>
        (b.onTimeRate.value ?? 0) - (a.onTimeRate.value ?? 0) ||
        b.onTimeRate.denominator - a.onTimeRate.denominator,
    );
  rankedRows.forEach((row, i) => {
    row.rank = i + 1;
  });
  return {
    asOf,
    from,
    days,
    minResolved,
    ...(calendarGap ? { calendarGap } : {}),
    rows: [
      ...rankedRows,
      ...sortByVietnamese(
        rows.filter((row) => row.note),
        (row) => row.unitName,
      ),
    ],
  };
}
