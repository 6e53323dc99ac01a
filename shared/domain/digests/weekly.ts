import type { DigestSection } from '../../schemas/digests.ts';
import type { Obstacle } from '../../schemas/obstacles.ts';
import { addCalendarDays, type BusinessDate, type Calendar } from '../calendar/calendar.ts';
import { categoryLabels, measureLabels, statusLabels } from '../labels.ts';
import { openObstacleStatuses } from '../obstacles.ts';
import { countsFor } from '../tasks/machine.ts';
import { viewTask } from '../tasks/view.ts';
import { sortByVietnamese } from '../text.ts';
import {
  formatDate,
  formatNumber,
  leaderRecipient,
  obstacleLine,
  taskLine,
  taskUnits,
} from './lines.ts';
import type { DigestDraft, DigestSource } from './source.ts';

/**
 * The weekly digest for the city's leaders: figures per unit and office, the longest-open
 * items, and systemic issues — an obstacle category open in at least `minUnits` units at
 * once, with the units and the summed quantities.
 */
export async function composeWeekly(
  monday: BusinessDate,
  source: DigestSource,
  calendar: Calendar,
  minUnits = 3,
): Promise<DigestDraft[]> {
  const [units, orgs, leaders, open, tasks, ...reports] = await Promise.all([
    source.units(),
    source.orgs(),
    source.leaders(),
    Promise.all(openObstacleStatuses.map((s) => source.obstaclesInStatus(undefined, s))).then((l) =>
      l.flat(),
    ),
    source.openTasksDueBefore('*', '9999-12-31'),
    ...Array.from({ length: 7 }, (_, i) => source.reportsOfDay(addCalendarDays(monday, -7 + i))),
  ]);
  const weekReports = reports.flat();
  const unitLines = sortByVietnamese(units, (u) => u.name).map((u) => {
    const mine = weekReports.filter((r) => r.unitId === u.id);
    const resolved = mine.reduce((n, r) => n + r.resolved, 0);
    const onTime = mine.reduce((n, r) => n + r.resolvedOnTime, 0);
    const openHere = open.filter((o) => o.unitId === u.id).length;
    // Figures count a task for its lead (chủ trì) only.
    const overdueHere = tasks.filter(
      (t) => countsFor(`unit:${u.id}`)(t) && viewTask(t, monday, calendar).overdue,
    ).length;
    return {
      text: `${u.name}: ${openHere} vướng mắc chưa tháo gỡ, ${overdueHere} nhiệm vụ quá hạn, hồ sơ giải quyết đúng hạn ${onTime}/${resolved} trong tuần`,
      unitId: u.id,
    };
  });
  const orgLines = sortByVietnamese(orgs, (o) => o.name).map((org) => {
    const mine = tasks.filter(countsFor(`org:${org.id}`));
    const overdue = mine.filter((t) => viewTask(t, monday, calendar).overdue).length;
    return { text: `${org.name}: ${mine.length} nhiệm vụ chưa hoàn thành, ${overdue} quá hạn` };
  });
  const oldest = [...open].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, 5);
  const mostOverdue = tasks
    .map((t) => ({ t, v: viewTask(t, monday, calendar) }))
    .filter(({ v }) => v.overdue)
    .sort((a, b) => (b.v.overdueWorkingDays ?? 0) - (a.v.overdueWorkingDays ?? 0))
    .slice(0, 5);

  const byCategory = new Map<string, Obstacle[]>();
  for (const o of open) byCategory.set(o.category, [...(byCategory.get(o.category) ?? []), o]);
  const systemic = [...byCategory.entries()]
    .map(([category, list]) => ({
      category,
      list,
      units: [...new Set(list.map((o) => o.unitName))],
    }))
    .filter((c) => c.units.length >= minUnits)
    .map((c) => {
      const sums = new Map<string, number>();
      for (const o of c.list)
        if (o.quantity)
          sums.set(o.quantity.measure, (sums.get(o.quantity.measure) ?? 0) + o.quantity.total);
      const quantities = [...sums.entries()]
        .map(
          ([m, n]) =>
            `${measureLabels[m as keyof typeof measureLabels].toLowerCase()} ${formatNumber(n)}`,
        )
        .join('; ');
      return {
        text: `${categoryLabels[c.category as keyof typeof categoryLabels]}: chưa tháo gỡ tại ${c.units.length} đơn vị (${sortByVietnamese(c.units, (n) => n).join(', ')})${quantities ? ` – tổng cộng: ${quantities}` : ''}`,
      };
    });

  const sections: DigestSection[] = [
    { title: 'Vấn đề mang tính hệ thống', lines: systemic },
    { title: 'Tình hình theo đơn vị', lines: unitLines },
    { title: 'Tình hình theo cơ quan', lines: orgLines },
    {
      title: 'Vướng mắc tồn đọng lâu nhất',
      lines: oldest.map((o) =>
        obstacleLine(
          o,
          true,
          `, ${statusLabels[o.status].toLowerCase()}, từ ngày ${formatDate(calendar.dateOf(o.createdAt))}`,
        ),
      ),
    },
    {
      title: 'Nhiệm vụ quá hạn lâu nhất',
      lines: mostOverdue.map(({ t }) => taskLine(t, monday, calendar, true)),
    },
  ];
  const items = [
    ...oldest.map((o) => ({ type: 'obstacle' as const, id: o.id, unitIds: [o.unitId] })),
    ...mostOverdue.map(({ t }) => ({ type: 'task' as const, id: t.id, unitIds: taskUnits(t) })),
  ];
  return leaders.map((leader) => ({ recipient: leaderRecipient(leader), sections, items }));
}
