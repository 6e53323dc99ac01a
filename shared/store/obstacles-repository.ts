import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ObstacleFilter, type ObstacleStore, searchTextOf } from '../domain/obstacles.ts';
import type { Obstacle, ObstacleEvent } from '../schemas/obstacles.ts';
import { batchGet } from './batch-get.ts';
import { createIdempotency, type WriteItem } from './idempotency.ts';
import { entity, everyUnit, keys, stripKeys } from './keys.ts';
import { queryItems } from './query.ts';
import { writeVersioned } from './versioned-write.ts';

function listingPartitions(o: Pick<Obstacle, 'unitId' | 'status' | 'category'>): string[] {
  const partitions: string[] = [];
  for (const unitId of [o.unitId, undefined]) {
    for (const status of [o.status, undefined]) {
      for (const category of [o.category, undefined]) {
        partitions.push(keys.obstacleListingPartition(unitId, status, category));
      }
    }
  }
  return partitions;
}

function obstacleListingPuts(tableName: string, obstacle: Obstacle): WriteItem[] {
  // The copies under "this unit (or any), this status, any category" also sort by the time
  // the obstacle entered its status, on GSI2.
  const byStatusChange = new Map(
    ([obstacle.unitId, everyUnit] as const).map((unitId) => [
      keys.obstacleListingPartition(unitId, obstacle.status),
      {
        GSI2PK: keys.obstacleStatusChanges(unitId, obstacle.status),
        GSI2SK: `${obstacle.statusChangedAt}#${obstacle.id}`,
      },
    ]),
  );
  return listingPartitions(obstacle).map((PK) => ({
    Put: {
      TableName: tableName,
      Item: {
        PK,
        SK: keys.obstacleListingSort(obstacle.createdAt, obstacle.id),
        entity: entity.obstacleListing,
        searchText: searchTextOf(obstacle),
        ...obstacle,
        ...byStatusChange.get(PK),
      },
    },
  }));
}

function obstacleEventPut(tableName: string, event: ObstacleEvent): WriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.obstacleEvent(event.obstacleId, event.version),
        entity: entity.obstacleEvent,
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Everything a new obstacle writes, for a transaction of the caller's (a visit finding's). */
export function obstacleCreationItems(
  tableName: string,
  obstacle: Obstacle,
  event: ObstacleEvent,
): WriteItem[] {
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...keys.obstacle(obstacle.id), entity: entity.obstacle, ...obstacle },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    obstacleEventPut(tableName, event),
    ...obstacleListingPuts(tableName, obstacle),
  ];
}

export function createObstaclesRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
): ObstacleStore {
  const idempotency = createIdempotency(doc, tableName, 'createObstacle');
  const readReplay: ObstacleStore['findReplay'] = (claim) =>
    idempotency.findReplay<Obstacle>(claim);

  return {
    findReplay: readReplay,

    async create(obstacle, event, claim) {
      const items = obstacleCreationItems(tableName, obstacle, event);
      const { value, replayed } = await idempotency.createOnce(
        items,
        claim,
        obstacle,
        obstacle.createdAt,
      );
      return { obstacle: value, replayed };
    },

    async get(id) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.obstacle(id), ConsistentRead: true }),
      );
      return Item ? stripKeys<Obstacle>(Item) : undefined;
    },

    async getMany(ids) {
      const items = await batchGet(doc, tableName, [...new Set(ids)].map(keys.obstacle));
      return items.map((item) => stripKeys<Obstacle>(item));
    },

    async history(id) {
      return queryItems<ObstacleEvent>(doc, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.obstacle(id).PK,
          ':prefix': keys.obstacleEventPrefix,
        },
        ConsistentRead: true,
      });
    },

    async list(filter: ObstacleFilter, page) {
      const PK = keys.obstacleListingPartition(filter.unitId, filter.status, filter.category);
      const items: Obstacle[] = [];
      let startKey: Record<string, unknown> | undefined = page.after
        ? { PK, SK: page.after }
        : undefined;
      // Without text search one Query of `limit` items is exact. With it, the filter runs
      // inside the narrowest partition, and we read on until the page is full.
      do {
        const result = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': PK, ...(filter.q ? { ':q': filter.q } : {}) },
            ...(filter.q ? { FilterExpression: 'contains(searchText, :q)' } : {}),
            ScanIndexForward: false,
            Limit: page.limit - items.length,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of result.Items ?? []) {
          const { searchText: _searchText, ...rest } = item;
          items.push(stripKeys<Obstacle>(rest));
        }
        startKey = result.LastEvaluatedKey;
      } while (startKey && items.length < page.limit);
      const lastItem = items.at(-1);
      return {
        items,
        last:
          startKey && lastItem
            ? keys.obstacleListingSort(lastItem.createdAt, lastItem.id)
            : undefined,
      };
    },

    async applyTransition(before, after, event) {
      const keep = new Set(listingPartitions(after));
      const removals: WriteItem[] = listingPartitions(before)
        .filter((PK) => !keep.has(PK))
        .map((PK) => ({
          Delete: {
            TableName: tableName,
            Key: { PK, SK: keys.obstacleListingSort(before.createdAt, before.id) },
          },
        }));
      await writeVersioned(doc, {
        tableName,
        key: keys.obstacle(after.id),
        item: { entity: entity.obstacle, ...after },
        expectedVersion: before.version,
        with: [
          obstacleEventPut(tableName, event),
          ...obstacleListingPuts(tableName, after),
          ...removals,
        ],
        staleMessage: 'The obstacle changed since you read it; read it again before changing it.',
      });
    },
  };
}
