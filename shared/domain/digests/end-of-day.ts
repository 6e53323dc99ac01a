import type { DigestLine, DigestSection } from '../../schemas/digests.ts';
import type { Org } from '../../schemas/directory.ts';
import type { DossierReport } from '../../schemas/dossiers.ts';
import type { Obstacle, ObstacleStatus } from '../../schemas/obstacles.ts';
import { addCalendarDays, type BusinessDate, type Calendar } from '../calendar/calendar.ts';
import { openObstacleStatuses } from '../obstacles.ts';
import { viewTask } from '../tasks/view.ts';
import { sortByVietnamese } from '../text.ts';
import { obstacleLine, orgRecipient, taskLine, taskUnits, unitRecipient } from './lines.ts';
import type { DigestDraft, DigestSource } from './source.ts';

/** An open obstacle's age for a line: estimated past the holiday data, or said unknown. */
function ageText(o: Obstacle, day: BusinessDate, calendar: Calendar): string {
  const about = `obstacle ${o.id}`;
  const created = calendar.reckonDateOf(o.createdAt, about);
  const age = created ? calendar.reckonWorkingDaysBetween(created, day, about) : undefined;
  if (!age) return 'không tính được số ngày làm việc';
  return `đã ${age.value} ngày làm việc${age.estimated ? ' (ước tính)' : ''}`;
}

/**
 * The n-th working day after the run's own day. The day is a real date, so there is always
 * an answer; past the holiday data it counts Mon–Fri, and the watched calendar notes it.
 */
function workingDaysAfter(day: BusinessDate, n: number, calendar: Calendar): BusinessDate {
  return calendar.reckonAddWorkingDays(day, n)?.value ?? addCalendarDays(day, n);
}

/** Who must act next on an open obstacle. */
function waitingOn(status: ObstacleStatus): string {
  if (status === 'reported') return 'chờ thành phố tiếp nhận';
  if (status === 'resolution_proposed') return 'chờ thành phố xác nhận';
  return 'chờ xã, phường xử lý';
}

function dossierLine(report: DossierReport | undefined, unitName?: string): DigestLine {
  const prefix = unitName ? `${unitName}: ` : '';
  if (!report) return { text: `${prefix}chưa báo cáo số liệu hồ sơ` };
  return {
    text: `${prefix}tiếp nhận ${report.received}, giải quyết ${report.resolved} (đúng hạn ${report.resolvedOnTime}), quá hạn ${report.overdue}${report.citizenVisits === undefined ? '' : `, ${report.citizenVisits} lượt công dân`}`,
    unitId: report.unitId,
  };
}

/**
 * The end-of-day digest: one per unit, built only from that unit's partitions (so it can
 * name nothing of another unit), and one for the city office over every unit.
 */
export async function composeEndOfDay(
  day: BusinessDate,
  cityOffice: Org,
  source: DigestSource,
  calendar: Calendar,
): Promise<DigestDraft[]> {
  const bounds = calendar.dayBounds(day);
  const soonBound = addCalendarDays(workingDaysAfter(day, 2, calendar), 1);
  const [units, reports] = await Promise.all([source.units(), source.reportsOfDay(day)]);
  const reportOf = new Map(reports.map((r) => [r.unitId, r]));

  const forScope = async (unitId: string | undefined) => {
    const [created, proposed, verified, open, tasks] = await Promise.all([
      source.obstaclesCreatedBetween(unitId, undefined, bounds.from, bounds.to),
      source.obstaclesEnteredStatusBetween(unitId, 'resolution_proposed', bounds.from, bounds.to),
      source.obstaclesEnteredStatusBetween(unitId, 'verified', bounds.from, bounds.to),
      Promise.all(openObstacleStatuses.map((s) => source.obstaclesInStatus(unitId, s))).then((l) =>
        l.flat(),
      ),
      source.openTasksDueBefore(unitId ? `unit:${unitId}` : '*', soonBound),
    ]);
    // A task whose due date is no date is in neither list; the run logs it (its calendar's gaps).
    const overdue = tasks.filter((t) => viewTask(t, day, calendar).overdue === true);
    const dueSoon = tasks.filter(
      (t) => viewTask(t, day, calendar).overdue === false && t.currentDue >= day,
    );
    return {
      created,
      proposedToday: proposed,
      verifiedToday: verified,
      open: open.filter((o) => o.createdAt <= bounds.to),
      overdue,
      dueSoon,
    };
  };
  type Scope = Awaited<ReturnType<typeof forScope>>;

  // What a unit's digest and the city's say alike; the city's lines name the unit.
  const changedToday = (s: Scope, withUnit: boolean): DigestSection[] => [
    { title: 'Vướng mắc mới trong ngày', lines: s.created.map((o) => obstacleLine(o, withUnit)) },
    {
      title: 'Vướng mắc đề nghị xác nhận đã tháo gỡ trong ngày',
      lines: s.proposedToday.map((o) => obstacleLine(o, withUnit)),
    },
    {
      title: 'Vướng mắc được xác nhận đã tháo gỡ trong ngày',
      lines: s.verifiedToday.map((o) => obstacleLine(o, withUnit)),
    },
  ];
  const deadlines = (s: Scope, withUnit: boolean): DigestSection[] => [
    {
      title: 'Nhiệm vụ đến hạn trong 2 ngày làm việc tới',
      lines: s.dueSoon.map((t) => taskLine(t, day, calendar, withUnit)),
    },
    {
      title: 'Nhiệm vụ quá hạn',
      lines: s.overdue.map((t) => taskLine(t, day, calendar, withUnit)),
    },
  ];
  const itemsOf = (s: Scope): DigestDraft['items'] => [
    ...[...s.created, ...s.proposedToday, ...s.verifiedToday, ...s.open].map((o) => ({
      type: 'obstacle' as const,
      id: o.id,
      unitIds: [o.unitId],
    })),
    ...[...s.dueSoon, ...s.overdue].map((t) => ({
      type: 'task' as const,
      id: t.id,
      unitIds: taskUnits(t),
    })),
  ];

  const drafts: DigestDraft[] = [];
  for (const unit of sortByVietnamese(units, (u) => u.name)) {
    const s = await forScope(unit.id);
    drafts.push({
      recipient: unitRecipient(unit),
      sections: [
        ...changedToday(s, false),
        {
          title: 'Vướng mắc đang chờ xử lý',
          lines: s.open.map((o) =>
            obstacleLine(o, false, `, ${waitingOn(o.status)}, ${ageText(o, day, calendar)}`),
          ),
        },
        ...deadlines(s, false),
        {
          title: 'Hồ sơ thủ tục hành chính trong ngày',
          lines: [dossierLine(reportOf.get(unit.id))],
        },
      ],
      items: itemsOf(s),
    });
  }

  const city = await forScope(undefined);
  const silent = sortByVietnamese(
    units.filter((u) => !reportOf.has(u.id)),
    (u) => u.name,
  );
  drafts.push({
    recipient: orgRecipient(cityOffice),
    sections: [
      ...changedToday(city, true),
      {
        title: 'Vướng mắc đang chờ thành phố xử lý',
        lines: city.open
          .filter((o) => o.status === 'reported' || o.status === 'resolution_proposed')
          .map((o) => obstacleLine(o, true, `, ${waitingOn(o.status)}`)),
      },
      ...deadlines(city, true),
      {
        title: 'Hồ sơ thủ tục hành chính trong ngày',
        lines: sortByVietnamese(units, (u) => u.name)
          .filter((u) => reportOf.has(u.id))
          .map((u) => dossierLine(reportOf.get(u.id), u.name)),
      },
      {
        title: 'Đơn vị chưa báo cáo số liệu hồ sơ trong ngày',
        lines: silent.map((u) => ({ text: u.name, unitId: u.id })),
      },
    ],
    items: itemsOf(city),
  });
  return drafts;
}
