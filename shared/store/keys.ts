/**
 * Every key the product writes is built here, so the layout of the single table can be
 * read in one file. Generic attribute names, domain names on the builders.
 */
import { isSlug } from '../domain/slug.ts';

export interface ItemKey {
  PK: string;
  SK: string;
}

export const entity = {
  unit: 'Unit',
  org: 'Org',
  leader: 'Leader',
  obstacle: 'Obstacle',
  obstacleEvent: 'ObstacleEvent',
  obstacleListing: 'ObstacleListing',
  idempotency: 'Idempotency',
  task: 'Task',
  taskEvent: 'TaskEvent',
  taskListing: 'TaskListing',
  visit: 'Visit',
  finding: 'Finding',
  visitListing: 'VisitListing',
  digest: 'Digest',
  dossierReport: 'DossierReport',
  dossierReportVersion: 'DossierReportVersion',
  dossierRevision: 'DossierRevision',
} as const;

export type Entity = (typeof entity)[keyof typeof entity];

/**
 * The listings' "every unit". A symbol, not the `*` it is written as: no string (a claim,
 * a query parameter, a stored id) can stand for it, so a caller's unit can never open the
 * city-wide listing.
 */
export const everyUnit: unique symbol = Symbol('every unit');
export type UnitScope = string | typeof everyUnit;

export class InvalidKeyError extends Error {
  override readonly name = 'InvalidKeyError';
}

/** A unit's part of a listing key: its slug, or `*` for `everyUnit` (or no unit filter). */
function unitPart(unit: UnitScope | undefined): string {
  if (unit === undefined || unit === everyUnit) return '*';
  if (!isSlug(unit)) throw new InvalidKeyError(`Not a unit id: ${JSON.stringify(unit)}`);
  return unit;
}

export const keys = {
  /** All units of the city live in one small, read-mostly partition. */
  unitsPartition: 'UNITS',
  unit: (unitId: string): ItemKey => ({ PK: 'UNITS', SK: `UNIT#${unitId}` }),
  orgsPartition: 'ORGS',
  org: (orgId: string): ItemKey => ({ PK: 'ORGS', SK: `ORG#${orgId}` }),
  leadersPartition: 'LEADERS',
  leader: (leaderId: string): ItemKey => ({ PK: 'LEADERS', SK: `LEADER#${leaderId}` }),

  obstacle: (id: string): ItemKey => ({ PK: `OBSTACLE#${id}`, SK: 'OBSTACLE' }),
  /** History events sort by version under their obstacle. */
  obstacleEvent: (id: string, version: number): ItemKey => ({
    PK: `OBSTACLE#${id}`,
    SK: `EVENT#${String(version).padStart(6, '0')}`,
  }),
  obstacleEventPrefix: 'EVENT#',
  /**
   * One listing partition per combination of the list filters (unit, status, category;
   * `*` for any), so that every filtered list is one Query that reads only what it returns.
   */
  obstacleListingPartition: (unitId?: UnitScope, status = '*', category = '*'): string =>
    `OBSLIST#U=${unitPart(unitId)}#S=${status}#C=${category}`,
  /**
   * GSI2 on the unit × status listings (and the city's): obstacles by the time they entered
   * their status, so "verified today" reads today's, not every obstacle ever verified.
   */
  obstacleStatusChanges: (unitId: UnitScope | undefined, status: string): string =>
    `OBSCHANGED#U=${unitPart(unitId)}#S=${status}`,
  /** Newest first: ISO time, then the id to break ties. */
  obstacleListingSort: (createdAt: string, id: string): string => `${createdAt}#${id}`,

  task: (id: string): ItemKey => ({ PK: `TASK#${id}`, SK: 'TASK' }),
  /** Task history sorts by time; comments are events too and need no version. */
  taskEvent: (taskId: string, at: string, eventId: string): ItemKey => ({
    PK: `TASK#${taskId}`,
    SK: `EVENT#${at}#${eventId}`,
  }),
  taskEventPrefix: 'EVENT#',
  /** One listing per assignee (`org:x`, `unit:y`) and one for all (`*`), newest first. */
  taskListing: (assignee: string, createdAt: string, id: string): ItemKey => ({
    PK: `TASKLIST#A=${assignee}`,
    SK: `${createdAt}#${id}`,
  }),
  taskListingPartition: (assignee: string) => `TASKLIST#A=${assignee}`,
  /** GSI1: an assignee's tasks in one status. */
  taskByStatus: (assignee: string, status: string) => `TASKLIST#A=${assignee}#S=${status}`,
  /** GSI3, sparse: only open tasks carry it, sorted by the due date in force. */
  taskDuePartition: (assignee: string) => `TASKDUE#A=${assignee}`,
  taskDueSort: (currentDue: string, id: string) => `${currentDue}#${id}`,

  visit: (id: string): ItemKey => ({ PK: `VISIT#${id}`, SK: 'VISIT' }),
  finding: (visitId: string, findingId: string): ItemKey => ({
    PK: `VISIT#${visitId}`,
    SK: `FINDING#${findingId}`,
  }),
  findingPrefix: 'FINDING#',
  /** One listing per unit visited and one for the city (`*`), by visit date. */
  visitListing: (unit: UnitScope, date: string, id: string): ItemKey => ({
    PK: `VISITS#U=${unitPart(unit)}`,
    SK: `${date}#${id}`,
  }),
  visitListingPartition: (unit: UnitScope) => `VISITS#U=${unitPart(unit)}`,

  /** A unit's reports sort by date; GSI2 holds every unit's report of one day. */
  dossierReport: (unitId: string, date: string): ItemKey => ({
    PK: `DOSSIERS#U=${unitId}`,
    SK: date,
  }),
  dossierReportsOfUnit: (unitId: string) => `DOSSIERS#U=${unitId}`,
  dossierReportsOfDay: (date: string) => `DOSSIERS#D=${date}`,
  dossierReportVersion: (unitId: string, date: string, version: number): ItemKey => ({
    PK: `DOSSIERHIST#U=${unitId}#${date}`,
    SK: `V#${String(version).padStart(6, '0')}`,
  }),
  /** Raised by every write of a unit's reports: a write lands only on the revision it read. */
  dossierRevision: (unitId: string): ItemKey => ({
    PK: `DOSSIERREV#U=${unitId}`,
    SK: 'REVISION',
  }),

  /** One digest per kind, period and recipient: the key that makes a rerun send nothing new. */
  digest: (kind: string, period: string, recipientKey: string): ItemKey => ({
    PK: `DIGEST#${kind}#${period}`,
    SK: `RCPT#${recipientKey}`,
  }),
  digestPeriod: (kind: string, period: string) => `DIGEST#${kind}#${period}`,
  digestsOfDay: (date: string) => `DIGESTS#D=${date}`,
  /** An obstacle's escalation, once, sorted into its history after the version it met. */
  obstacleEscalation: (id: string, version: number): ItemKey => ({
    PK: `OBSTACLE#${id}`,
    SK: `EVENT#${String(version).padStart(6, '0')}#ESCALATE`,
  }),

  /** An idempotency record: per caller, per route, per key. */
  idempotency: (owner: string, scope: string, key: string): ItemKey => ({
    PK: `IDEMPOTENCY#${owner}`,
    SK: `${scope}#${key}`,
  }),
} as const;

/** Strips the storage attributes from an item, leaving the domain record. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!/^(PK|SK|GSI\d+PK|GSI\d+SK|entity|expiresAt)$/.test(name)) record[name] = value;
  }
  return record as T;
}
