import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { VisitStore } from '../domain/visits.ts';
import type { Finding, Visit } from '../schemas/visits.ts';
import { createIdempotency, type WriteItem } from './idempotency.ts';
import { entity, everyUnit, keys, stripKeys, type UnitScope } from './keys.ts';
import { obstacleCreationItems } from './obstacles-repository.ts';
import { queryItems } from './query.ts';
import { taskCreationItems } from './tasks-repository.ts';

/** A visit is listed under each unit visited and in the city's list. */
const listingScopes = (visit: Visit): UnitScope[] => [
  ...visit.units.map((unit) => unit.id),
  everyUnit,
];

export function createVisitsRepository(doc: DynamoDBDocumentClient, tableName: string): VisitStore {
  const visitIdem = createIdempotency(doc, tableName, 'createVisit');
  const findingIdem = createIdempotency(doc, tableName, 'addFinding');

  return {
    findVisitReplay: (claim) => visitIdem.findReplay<Visit>(claim),
    findFindingReplay: (claim) => findingIdem.findReplay<Finding>(claim),

    async create(visit, claim) {
      const items: WriteItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.visit(visit.id), entity: entity.visit, ...visit },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...listingScopes(visit).map((unit) => ({
          Put: {
            TableName: tableName,
            Item: {
              ...keys.visitListing(unit, visit.date, visit.id),
              entity: entity.visitListing,
              ...visit,
            },
          },
        })),
      ];
      const { value, replayed } = await visitIdem.createOnce(items, claim, visit, visit.createdAt);
      return { visit: value, replayed };
    },

    async get(id) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.visit(id) }),
      );
      return Item ? stripKeys<Visit>(Item) : undefined;
    },

    async findings(visitId) {
      return queryItems<Finding>(doc, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.visit(visitId).PK,
          ':prefix': keys.findingPrefix,
        },
        ConsistentRead: true,
      });
    },

    async list(unit, range, page) {
      // DynamoDB refuses a BETWEEN whose bounds are reversed; such a range holds no visit.
      if (range.from && range.to && range.from > range.to) return { items: [], last: undefined };
      // The domain writes the city-wide list as `*`; only here does it open that listing.
      const PK = keys.visitListingPartition(unit === '*' ? everyUnit : unit);
      // Dates are the leading part of the sort key: a range is one key condition.
      const condition =
        range.from && range.to
          ? 'PK = :pk AND SK BETWEEN :from AND :to'
          : range.from
            ? 'PK = :pk AND SK >= :from'
            : range.to
              ? 'PK = :pk AND SK <= :to'
              : 'PK = :pk';
      const items: Visit[] = [];
      let startKey: Record<string, unknown> | undefined = page.after
        ? { PK, SK: page.after }
        : undefined;
      do {
        const result = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: condition,
            ExpressionAttributeValues: {
              ':pk': PK,
              ...(range.from ? { ':from': range.from } : {}),
              ...(range.to ? { ':to': `${range.to}#\uffff` } : {}),
            },
            ScanIndexForward: false,
            Limit: page.limit - items.length,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of result.Items ?? []) items.push(stripKeys<Visit>(item));
        startKey = result.LastEvaluatedKey;
      } while (startKey && items.length < page.limit);
      const lastItem = items.at(-1);
      return { items, last: startKey && lastItem ? `${lastItem.date}#${lastItem.id}` : undefined };
    },

    async addFinding(finding, creations, claim) {
      const items: WriteItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: {
              ...keys.finding(finding.visitId, finding.id),
              entity: entity.finding,
              ...finding,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...(creations.obstacle
          ? obstacleCreationItems(tableName, creations.obstacle.obstacle, creations.obstacle.event)
          : []),
        ...creations.tasks.flatMap(({ task, event }) => taskCreationItems(tableName, task, event)),
      ];
      const { value, replayed } = await findingIdem.createOnce(
        items,
        claim,
        finding,
        finding.createdAt,
      );
      return { finding: value, replayed };
    },
  };
}
