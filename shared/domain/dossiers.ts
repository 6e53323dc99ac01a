import type { DossierReport, DossierReportInput } from '../schemas/dossiers.ts';
import type { Calendar } from './calendar/calendar.ts';
import { type Caller, isReader } from './caller.ts';
import {
  type FieldIssue,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from './errors.ts';
import type { UnitStore } from './units.ts';
import { requireCurrentVersion, requireIfMatch } from './versioning.ts';

export interface DossierStore {
  get(unitId: string, date: string): Promise<DossierReport | undefined>;
  /** The unit's latest report before `date`, whose backlog carries into `date`. */
  previousBefore(unitId: string, date: string): Promise<DossierReport | undefined>;
  /** Writes the report and its history entry, if the stored version is still `expectedVersion`. */
  put(report: DossierReport, expectedVersion: number | undefined): Promise<void>;
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

export async function submitDossierReport(
  unitId: string,
  date: string,
  input: DossierReportInput,
  ifMatch: string | undefined,
  caller: Caller,
  deps: DossierDeps,
): Promise<{ report: DossierReport; created: boolean }> {
  requireOwnUnit(caller, unitId, 'commune-only');
  if (!(await deps.units.getUnit(unitId))) throw new NotFoundError(`There is no unit "${unitId}".`);
  const now = deps.now();
  const today = deps.calendar.dateOf(now);
  if (date > today) {
    throw new ValidationError('A day cannot be reported before it has happened.', [
      { field: 'path.date', message: `After today (${today})` },
    ]);
  }
  const existing = await deps.dossiers.get(unitId, date);
  if (existing) {
    requireCurrentVersion(
      requireIfMatch(ifMatch, `report of ${date}`),
      existing,
      `report of ${date}`,
    );
  } else if (ifMatch !== undefined) {
    throw new PreconditionFailedError(`There is no report of ${date} yet to replace.`);
  }
  const backlogIn = (await deps.dossiers.previousBefore(unitId, date))?.backlogOut ?? 0;
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
  await deps.dossiers.put(report, existing?.version);
  return { report, created: !existing };
}
