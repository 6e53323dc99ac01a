/**
 * The visit entity: the visit, its findings, and its listings under each unit visited and
 * under `*`; their keys, reads and writes. A finding is written in one transaction with the
 * obstacle and the tasks it opens, built by their own entities.
 */
import type { FindingCreations, VisitStore } from '../../domain/visits/ports.ts';
import { Finding, Visit } from '../../schemas/visits.ts';
import { createIdempotency } from '../idempotency.ts';
import {
  entity,
  everyUnit,
  type ItemKey,
  itemReader,
  type TableArgs,
  type UnitScope,
  unitPart,
} from '../item.ts';
import { getItem, queryAll, queryPage } from '../reads.ts';
import { fitsOneTransaction, putNew, type WriteItem } from '../transactions.ts';
import { obstacleCreationItems } from './obstacle.ts';
import { taskCreationItems } from './task.ts';

export const visitKeys = {
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
} as const;

/** A visit is listed under each unit visited and in the city's list. */
const listingScopes = (visit: Visit): UnitScope[] => [
  ...visit.units.map((unit) => unit.id),
  everyUnit,
];

/** The items of a finding's write, but for its idempotency record: the finding and all it creates. */
function findingItems(tableName: string, finding: Finding, creations: FindingCreations) {
  return [
    putNew(tableName, {
      ...visitKeys.finding(finding.visitId, finding.id),
      entity: entity.finding,
      ...finding,
    }),
    ...(creations.obstacle
      ? obstacleCreationItems(tableName, creations.obstacle.obstacle, creations.obstacle.event)
      : []),
    ...creations.tasks.flatMap(({ task, event }) => taskCreationItems(tableName, task, event)),
  ];
}

/** Only the number of items matters to the bound, not the finding's content. */
const anyFinding = { id: '', visitId: '' } as Finding;

/** Whether a finding and what it creates fit in one write, with its idempotency record if any. */
export function findingFitsOneWrite(creations: FindingCreations, withClaim: boolean): boolean {
  return fitsOneTransaction(findingItems('', anyFinding, creations), withClaim ? 1 : 0);
}

export function createVisitsRepository(...[doc, tableName, log]: TableArgs): VisitStore {
  const read = itemReader(Visit, entity.visit, log);
  const readListed = itemReader(Visit, entity.visitListing, log);
  const readFinding = itemReader(Finding, entity.finding, log);
  const visitIdem = createIdempotency(doc, tableName, 'createVisit', read);
  const findingIdem = createIdempotency(doc, tableName, 'addFinding', readFinding);

  return {
    findVisitReplay: (claim) => visitIdem.findReplay(claim),
    findFindingReplay: (claim) => findingIdem.findReplay(claim),

    async create(visit, claim) {
      const items: WriteItem[] = [
        putNew(tableName, { ...visitKeys.visit(visit.id), entity: entity.visit, ...visit }),
        ...listingScopes(visit).map((unit) => ({
          Put: {
            TableName: tableName,
            Item: {
              ...visitKeys.visitListing(unit, visit.date, visit.id),
              entity: entity.visitListing,
              ...visit,
            },
          },
        })),
      ];
      const { value, replayed } = await visitIdem.createOnce(items, claim, visit, visit.createdAt);
      return { visit: value, replayed };
    },

    get: (id) => getItem(doc, tableName, visitKeys.visit(id), read, false),

    findings: (visitId) =>
      queryAll(
        doc,
        {
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': visitKeys.visit(visitId).PK,
            ':prefix': visitKeys.findingPrefix,
          },
          ConsistentRead: true,
        },
        readFinding,
      ),

    async list(unit, range, page) {
      // DynamoDB refuses a BETWEEN whose bounds are reversed; such a range holds no visit.
      if (range.from && range.to && range.from > range.to) return { items: [], last: undefined };
      // The domain writes the city-wide list as `*`; only here does it open that listing.
      const PK = visitKeys.visitListingPartition(unit === '*' ? everyUnit : unit);
      // Dates are the leading part of the sort key: a range is one key condition.
      const condition =
        range.from && range.to
          ? 'PK = :pk AND SK BETWEEN :from AND :to'
          : range.from
            ? 'PK = :pk AND SK >= :from'
            : range.to
              ? 'PK = :pk AND SK <= :to'
              : 'PK = :pk';
      const { items, last } = await queryPage(
        doc,
        {
          TableName: tableName,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: {
            ':pk': PK,
            ...(range.from ? { ':from': range.from } : {}),
            ...(range.to ? { ':to': `${range.to}#\uffff` } : {}),
          },
          ScanIndexForward: false,
        },
        readListed,
        { limit: page.limit, after: page.after ? { PK, SK: page.after } : undefined },
      );
      return { items, last: last?.SK as string | undefined };
    },

    fitsOneWrite: (creations, claim) => findingFitsOneWrite(creations, claim !== undefined),

    async addFinding(finding, creations, claim) {
      const items = findingItems(tableName, finding, creations);
      const created = await findingIdem.createOnce(items, claim, finding, finding.createdAt);
      return { finding: created.value, replayed: created.replayed };
    },
  };
}
