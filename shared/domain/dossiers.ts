import type { DossierReport, DossierReportInput } from '../schemas/dossiers.ts';
import type { Calendar } from './calendar/calendar.ts';
import { type Caller, isReader } from './caller.ts';
import {
  BusyError,
  type FieldIssue,
  LimitReachedError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
  WriteConflictError,
} from './errors.ts';
import type { UnitStore } from './units.ts';
import { requireCurrentVersion, requireIfMatch } from './versioning.ts';

/**
 * How the backlog stays right. A day's backlog carried in is the sum, over every earlier
 * report of the unit, of received − resolved: it depends on the whole history. Deriving it
 * when reading would make a list of the unit's reports read all of its history before the
 * first day listed (a cost that grows with the years), or a running-total item beside the
 * days it returns; so each report stores its `backlogIn` and `backlogOut`, and every write
 * keeps them right instead: a new or corrected day carries its backlog through each later
 * report in the same transaction, and is refused if any later day would then hold more
 * resolved than it had in hand, or more overdue than still pending. Reads (the list, the
 * scorecard, summary, brief and digests) stay one item per report returned; the cost lands
 * on the rare late report or correction, in proportion to the later days it changes, and
 * one transaction bounds those (`maxCarried`).
 *
 * Every write is planned on what it read: the day, the report before it and every report
 * after it. The unit's revision, read first and raised by every write in the same
 * transaction, makes a plan land only if no other report of the unit was written meanwhile
 * (two late reports of different days could otherwise each carry a backlog that misses the
 * other).
 */
export interface DossierChain {
  /** The unit's write revision, read before the reports (0 before its first report). */
  revision: number;
  /** The unit's latest report before the day: its backlog carries into the day. */
  previous: DossierReport | undefined;
  /** The day's report, if it was filed. */
  existing: DossierReport | undefined;
  /**
   * The unit's reports after the day, oldest first: the first `maxCarried + 1` of them,
   * enough to tell every change a write makes, or that it makes too many.
   */
  later: DossierReport[];
}

export interface DossierWrite {
  report: DossierReport;
  /** The day's stored version, or undefined for a first report. */
  expectedVersion: number | undefined;
  /**
   * Later reports whose backlog changed, with it carried anew. Their version stays: it
   * counts the commune's own submissions (each one kept in history), and a backlog carried
   * from an earlier day is none.
   */
  carried: DossierReport[];
  /** The revision the plan was read at; the write raises it by one. */
  revision: number;
}

export interface DossierStore {
  get(unitId: string, date: string): Promise<DossierReport | undefined>;
  /** What a write of the day must plan on, read revision first. */
  chain(unitId: string, date: string): Promise<DossierChain>;
  /**
   * Writes the report, its history entry and the carried later reports at once, if the
   * report's version is still `expectedVersion` (else AlreadyExistsError for a first report,
   * PreconditionFailedError for a correction) and the unit's revision is still `revision`
   * (else WriteConflictError: plan again).
   */
  write(write: DossierWrite): Promise<void>;
  /** How many later reports one write can carry along. */
  readonly maxCarried: number;
  /** Dates inclusive, oldest first. */
  list(unitId: string, from: string, to: string): Promise<DossierReport[]>;
  history(unitId: string, date: string): Promise<DossierReport[]>;
  /** Every unit's report of one day. */
  listByDate(date: string): Promise<DossierReport[]>;
}

export interface DossierDeps {
  dossiers: DossierStore;
  units: UnitStore;
  calendar: Calendar;
  now: () => string;
}

/** A commune reads and reports its own unit only; for anyone else another unit is absent. */
export function requireOwnUnit(
  caller: Caller,
  unitId: string,
  roles: 'commune-only' | 'readers-too',
): void {
  const reader = isReader(caller);
  if (roles === 'readers-too' && reader) return;
  if (caller.role === 'commune' && caller.unitId === unitId) return;
  throw new NotFoundError(`There is no unit "${unitId}" for you.`);
}

/**
 * Checks a day's figures for the mistakes a tired clerk makes, naming each field that is
 * wrong: more resolved than there were dossiers in hand, more on time than resolved, more
 * overdue than still pending.
 */
export function checkFigures(input: DossierReportInput, backlogIn: number): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const inHand = backlogIn + input.received;
  if (input.resolved > inHand) {
    issues.push({
      field: 'body.resolved',
      message: `Resolved (${input.resolved}) exceeds received (${input.received}) plus the backlog carried in (${backlogIn})`,
    });
  }
  if (input.resolvedOnTime > input.resolved) {
    issues.push({
      field: 'body.resolvedOnTime',
      message: `Resolved on time (${input.resolvedOnTime}) exceeds resolved (${input.resolved})`,
    });
  }
  const pending = Math.max(0, inHand - input.resolved);
  if (input.overdue > pending) {
    issues.push({
      field: 'body.overdue',
      message: `Overdue (${input.overdue}) exceeds the dossiers still pending (${pending})`,
    });
  }
  return issues;
}

/** Plans a write may make before it gives up to other writes of the unit landing first. */
const planAttempts = 3;

/**
 * A day is reported once it has happened, and only in a year the holiday calendar covers:
 * the scorecard's reporting rate counts a report against the working days around it, which
 * cannot be told for a year without the Government's days off (nor for year 1).
 */
function requireReportableDay(date: string, today: string, calendar: Calendar): void {
  if (!calendar.covers(date)) {
    const years = calendar.years;
    const span = years.length ? `${years[0]}–${years[years.length - 1]}` : 'no year';
    throw new ValidationError(
      `Dossier figures are reported for the years of the holiday calendar (${span}).`,
      [
        {
          field: 'path.date',
          message: `Year ${Number(date.slice(0, 4))} is outside the holiday calendar (${span})`,
        },
      ],
    );
  }
  if (date > today) {
    throw new ValidationError('A day cannot be reported before it has happened.', [
      { field: 'path.date', message: `After today (${today})` },
    ]);
  }
}

/** A later report the carried backlog would leave wrong, and why. */
interface BrokenLater {
  report: DossierReport;
  reason: string;
}

/**
 * Carries a backlog through the later reports, each one's backlog in being the backlog out
 * of the one before: the reports whose stored backlog changes, or the first later report
 * that would then hold more resolved than it had in hand, or more overdue than pending.
 * It stops at the first report that already holds what it would carry: from there on every
 * stored backlog is right (every write keeps them so), and every later day passed its
 * checks on it.
 */
export function carryBacklog(
  backlogIn: number,
  later: DossierReport[],
): { carried: DossierReport[]; broken?: BrokenLater } {
  const carried: DossierReport[] = [];
  let backlog = backlogIn;
  for (const report of later) {
    const inHand = backlog + report.received;
    const backlogOut = inHand - report.resolved;
    if (report.resolved > inHand) {
      const reason = `more resolved (${report.resolved}) than received (${report.received}) plus the backlog carried in (${backlog})`;
      return { carried, broken: { report, reason } };
    }
    if (report.overdue > backlogOut) {
      const reason = `more overdue (${report.overdue}) than still pending (${backlogOut})`;
      return { carried, broken: { report, reason } };
    }
    if (report.backlogIn === backlog && report.backlogOut === backlogOut) break;
    carried.push({ ...report, backlogIn: backlog, backlogOut });
    backlog = backlogOut;
  }
  return { carried };
}

/** The figures of this day that lowered what it carries on: fewer received, more resolved. */
function laterIssues(
  input: DossierReportInput,
  existing: DossierReport | undefined,
  broken: BrokenLater,
): FieldIssue[] {
  const message = `Would leave the report of ${broken.report.date} with ${broken.reason}`;
  const fields = [
    ...(existing && input.received < existing.received ? ['body.received'] : []),
    ...(!existing || input.resolved > existing.resolved ? ['body.resolved'] : []),
  ];
  return (fields.length ? fields : ['body.resolved']).map((field) => ({ field, message }));
}

export async function submitDossierReport(
  unitId: string,
  date: string,
  input: DossierReportInput,
  ifMatch: string | undefined,
  caller: Caller,
  deps: DossierDeps,
): Promise<{ report: DossierReport; created: boolean }> {
  requireOwnUnit(caller, unitId, 'commune-only');
  const now = deps.now();
  requireReportableDay(date, deps.calendar.dateOf(now), deps.calendar);
  if (!(await deps.units.getUnit(unitId))) throw new NotFoundError(`There is no unit "${unitId}".`);
  for (let attempt = 1; ; attempt++) {
    const chain = await deps.dossiers.chain(unitId, date);
    const { existing } = chain;
    if (existing) {
      requireCurrentVersion(
        requireIfMatch(ifMatch, `report of ${date}`),
        existing,
        `report of ${date}`,
      );
    } else if (ifMatch !== undefined) {
      throw new PreconditionFailedError(`There is no report of ${date} yet to replace.`);
    }
    const backlogIn = chain.previous?.backlogOut ?? 0;
    const issues = checkFigures(input, backlogIn);
    if (issues.length > 0) {
      throw new ValidationError(
        `Check these figures: ${issues.map((i) => i.field).join(', ')}.`,
        issues,
      );
    }
    const report: DossierReport = {
      unitId,
      date,
      ...input,
      backlogIn,
      backlogOut: backlogIn + input.received - input.resolved,
      version: (existing?.version ?? 0) + 1,
      submittedBy: { sub: caller.sub, name: caller.name, role: 'commune' },
      submittedAt: now,
    };
    const { carried, broken } = carryBacklog(report.backlogOut, chain.later);
    if (broken) {
      const later = laterIssues(input, existing, broken);
      throw new ValidationError(
        `These figures would break a later day's report: ${broken.report.date}.`,
        later,
      );
    }
    if (carried.length > deps.dossiers.maxCarried) {
      throw new LimitReachedError(
        `This would change the backlog carried into more than ${deps.dossiers.maxCarried} later reports, the most one change can carry. A correction that keeps received minus resolved as it was changes no later report.`,
      );
    }
    try {
      await deps.dossiers.write({
        report,
        expectedVersion: existing?.version,
        carried,
        revision: chain.revision,
      });
      return { report, created: !existing };
    } catch (error) {
      // Another report of the unit landed after this plan was read: plan again on it.
      if (!(error instanceof WriteConflictError)) throw error;
      if (attempt >= planAttempts) {
        throw new BusyError(
          'Other reports of this unit are being written at the same moment; try again shortly.',
        );
      }
    }
  }
}
