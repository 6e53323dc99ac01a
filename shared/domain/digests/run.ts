import type { Digest, DigestKind } from '../../schemas/digests.ts';
import type { Org } from '../../schemas/directory.ts';
import type { Obstacle } from '../../schemas/obstacles.ts';
import type { Task } from '../../schemas/tasks.ts';
import {
  addCalendarDays,
  type BusinessDate,
  type Calendar,
  type CalendarGaps,
  describeGaps,
} from '../calendar/calendar.ts';
import { composeEndOfDay } from './end-of-day.ts';
import { composeEscalation, type EscalationThresholds } from './escalation.ts';
import { formatNumber } from './lines.ts';
import { renderDigest } from './render.ts';
import type { DigestDraft, DigestSource } from './source.ts';
import { composeWeekly } from './weekly.ts';

export interface DigestStore {
  /** Stores the digest unless one exists for (kind, period, recipient); the first wins. */
  putIfAbsent(digest: Digest): Promise<'created' | 'exists'>;
  listPeriod(kind: DigestKind, period: BusinessDate): Promise<Digest[]>;
  /** Takes the digest for sending if nobody holds it and it is not sent. */
  claim(digest: Digest, now: string, leaseUntil: string): Promise<boolean>;
  markSent(digest: Digest, now: string): Promise<void>;
  markFailed(digest: Digest, error: string): Promise<void>;
}

export interface Mailer {
  send(message: {
    id: string;
    to: string[];
    subject: string;
    text: string;
    html: string;
  }): Promise<void>;
}

/** Writes each ladder level once into the item's history; says whether it wrote it now. */
export interface EscalationRecorder {
  recordTaskLevel(task: Task, level: 1 | 2 | 3, at: string): Promise<boolean>;
  recordObstacleEscalation(obstacle: Obstacle, at: string): Promise<boolean>;
}

export interface DigestRunDeps {
  source: DigestSource;
  store: DigestStore;
  mailer: Mailer;
  escalations: EscalationRecorder;
  calendar: Calendar;
  cityOffice: () => Promise<Org>;
  baseUrl: string;
  /** The wall clock, for delivery bookkeeping only: never for what a run covers. */
  now: () => string;
  thresholds?: EscalationThresholds;
  log?: (line: string) => void;
}

export interface DigestRunReport {
  kind: DigestKind;
  period: BusinessDate;
  skipped?: string;
  composed: number;
  /** Distinct obstacles and tasks the run found to report, before any list was shortened. */
  itemsFound: number;
  stored: number;
  sent: number;
  alreadySent: number;
  failed: string[];
  escalationsRecorded: number;
  /** What the run's calendar could not count exactly; absent when it met nothing. */
  calendarGaps?: CalendarGaps;
}

/** The id of a digest says what it is: kind, period and recipient, so a rerun finds it. */
export function digestId(kind: DigestKind, period: BusinessDate, recipientKey: string): string {
  return Buffer.from(`${kind}|${period}|${recipientKey}`).toString('base64url');
}

export function parseDigestId(
  id: string,
): { kind: DigestKind; period: string; recipientKey: string } | undefined {
  const [kind, period, recipientKey] = Buffer.from(id, 'base64url').toString('utf8').split('|');
  if (!kind || !period || !recipientKey) return undefined;
  return { kind: kind as DigestKind, period, recipientKey };
}

const leaseMs = 5 * 60_000;

/**
 * One scheduled run, from the event's scheduled time, never the wall clock, so any period
 * can be replayed. Digests are stored first (a rerun finds them and composes nothing new),
 * then each is claimed, sent and marked on its own: a run that dies halfway, or a failure
 * on one recipient, leaves the rest as they were, and the retry sends only what is unsent.
 */
export async function runDigest(
  kind: DigestKind,
  scheduledTime: string,
  deps: DigestRunDeps,
): Promise<DigestRunReport> {
  // A run never stops on the holiday data: past its last year (or on a stored date of a year
  // it lacks) it counts Mon–Fri, and says so once, in one warning, for operators to add the
  // year; an item whose stored date is no date is named in the same warning and left out.
  const watched = deps.calendar.watch();
  const report = await composeAndSend(kind, scheduledTime, { ...deps, calendar: watched.calendar });
  const gaps = watched.gaps();
  const warning = describeGaps(gaps, deps.calendar);
  if (!warning) return report;
  deps.log?.(`${kind} digest for ${report.period}: ${warning}`);
  return { ...report, calendarGaps: gaps };
}

async function composeAndSend(
  kind: DigestKind,
  scheduledTime: string,
  deps: DigestRunDeps,
): Promise<DigestRunReport> {
  const { calendar } = deps;
  const day = calendar.dateOf(scheduledTime);
  const period = kind === 'weekly' ? mondayOf(day) : day;
  const report: DigestRunReport = {
    kind,
    period,
    composed: 0,
    itemsFound: 0,
    stored: 0,
    sent: 0,
    alreadySent: 0,
    failed: [],
    escalationsRecorded: 0,
  };
  const working = calendar.reckonWorkingDay(day);
  if (kind !== 'weekly' && working?.value === false) {
    const why =
      calendar.holidayName(day) ??
      (working.estimated ? 'weekend; no holiday data for its year' : 'weekend');
    return { ...report, skipped: `${day} is not a working day (${why})` };
  }

  let drafts: DigestDraft[];
  if (kind === 'end-of-day') {
    drafts = await composeEndOfDay(day, await deps.cityOffice(), deps.source, calendar);
  } else if (kind === 'escalation') {
    const plan = await composeEscalation(
      day,
      await deps.cityOffice(),
      deps.source,
      calendar,
      deps.thresholds,
    );
    // History first: a level reached is recorded even if mail fails, and never twice.
    for (const { task, level } of plan.taskLevels) {
      for (let l = task.escalationLevel + 1; l <= level; l++) {
        if (await deps.escalations.recordTaskLevel(task, l as 1 | 2 | 3, scheduledTime))
          report.escalationsRecorded++;
      }
    }
    for (const obstacle of plan.obstacles) {
      if (await deps.escalations.recordObstacleEscalation(obstacle, scheduledTime))
        report.escalationsRecorded++;
    }
    drafts = plan.drafts;
  } else {
    drafts = await composeWeekly(period, deps.source, calendar);
  }
  report.composed = drafts.length;
  report.itemsFound = new Set(drafts.flatMap((d) => d.items.map((i) => i.id))).size;
  drafts = drafts.map(shorten);

  for (const draft of drafts) {
    const rendered = renderDigest(kind, period, draft.recipient, draft.sections, deps.baseUrl);
    const digest: Digest = {
      id: digestId(kind, period, draft.recipient.key),
      kind,
      period,
      scheduledTime: new Date(scheduledTime).toISOString(),
      recipient: draft.recipient,
      sections: draft.sections,
      items: draft.items,
      ...rendered,
      delivery: { status: 'pending', attempts: 0 },
      createdAt: deps.now(),
    };
    if ((await deps.store.putIfAbsent(digest)) === 'created') report.stored++;
  }

  for (const digest of await deps.store.listPeriod(kind, period)) {
    if (digest.delivery.status === 'sent') {
      report.alreadySent++;
      continue;
    }
    const now = deps.now();
    if (!(await deps.store.claim(digest, now, new Date(Date.parse(now) + leaseMs).toISOString())))
      continue;
    try {
      await deps.mailer.send({
        id: digest.id,
        to: digest.recipient.emails,
        subject: digest.subject,
        text: digest.text,
        html: digest.html,
      });
      await deps.store.markSent(digest, deps.now());
      report.sent++;
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await deps.store.markFailed(digest, message.slice(0, 500));
      report.failed.push(digest.recipient.key);
      deps.log?.(`delivery to ${digest.recipient.key} failed: ${message}`);
    }
  }
  return report;
}

/** Lines a digest section lists before it says how many more there are. */
export const maxLinesPerSection = 100;

/**
 * A digest is read on a phone and stored as one item: each section lists its first lines
 * and then says how many more there are, with the API holding the full list.
 */
function shorten(draft: DigestDraft): DigestDraft {
  if (draft.sections.every((section) => section.lines.length <= maxLinesPerSection)) return draft;
  const sections = draft.sections.map((section) => {
    if (section.lines.length <= maxLinesPerSection) return section;
    const more = section.lines.length - maxLinesPerSection;
    return {
      ...section,
      lines: [
        ...section.lines.slice(0, maxLinesPerSection),
        { text: `… và ${formatNumber(more)} mục khác, xem đầy đủ trên hệ thống Tháo gỡ` },
      ],
    };
  });
  const listed = new Set(sections.flatMap((s) => s.lines.flatMap((l) => (l.link ? [l.link] : []))));
  const linkOf = (item: DigestDraft['items'][number]) =>
    `/${item.type === 'task' ? 'tasks' : 'obstacles'}/${item.id}`;
  return { ...draft, sections, items: draft.items.filter((item) => listed.has(linkOf(item))) };
}

/** The Monday of the week a date falls in. */
export function mondayOf(date: BusinessDate): BusinessDate {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addCalendarDays(date, -((weekday + 6) % 7));
}
