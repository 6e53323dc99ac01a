/**
 * The obstacle entity: the obstacle, its history events (escalations among them) and its
 * eight listing copies; their keys, reads and writes (docs/architecture.md#listing-copies).
 */
import type { EscalationRecorder } from '../../domain/digests/run.ts';
import type { DigestSource } from '../../domain/digests/source.ts';
import { type ObstacleStore, searchTextOf } from '../../domain/obstacles.ts';
import { Obstacle, ObstacleEvent } from '../../schemas/obstacles.ts';
import {
  entity,
  eventPrefix,
  everyUnit,
  type ItemKey,
  systemActor,
  type TableArgs,
  type UnitScope,
  unitPart,
} from '../item.ts';
import { putIfAbsent } from '../put-if-absent.ts';
import { type QueryInput, queryAll, queryPage } from '../reads.ts';
import { putNew, type WriteItem } from '../transactions.ts';
import { type VersionedEntity, versionedStore } from '../versioned-write.ts';

const versionPart = (version: number) => String(version).padStart(6, '0');

export const obstacleKeys = {
  obstacle: (id: string): ItemKey => ({ PK: `OBSTACLE#${id}`, SK: 'OBSTACLE' }),
  /** History events sort by version under their obstacle. */
  obstacleEvent: (id: string, version: number): ItemKey => ({
    PK: `OBSTACLE#${id}`,
    SK: `EVENT#${versionPart(version)}`,
  }),
  obstacleEventPrefix: eventPrefix,
  /** An obstacle's escalation, once, sorted into its history after the version it met. */
  obstacleEscalation: (id: string, version: number): ItemKey => ({
    PK: `OBSTACLE#${id}`,
    SK: `EVENT#${versionPart(version)}#ESCALATE`,
  }),
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
} as const;

/** The obstacle as a versioned entity: the tags and schemas of the item, its events, its listings. */
const obstacleEntity: VersionedEntity<Obstacle, ObstacleEvent> = {
  item: [entity.obstacle, Obstacle],
  event: [entity.obstacleEvent, ObstacleEvent],
  listing: entity.obstacleListing,
};

type Listed = Pick<Obstacle, 'unitId' | 'status' | 'category'>;

/** The 8 partitions an obstacle is listed in: its unit, status and category, or any. */
function listingPartitions(o: Listed): string[] {
  const partitions: string[] = [];
  for (const unitId of [o.unitId, undefined]) {
    for (const status of [o.status, undefined]) {
      for (const category of [o.category, undefined]) {
        partitions.push(obstacleKeys.obstacleListingPartition(unitId, status, category));
      }
    }
  }
  return partitions;
}

function listingPuts(tableName: string, obstacle: Obstacle): WriteItem[] {
  // The copies under "this unit (or any), this status, any category" also sort by the time
  // the obstacle entered its status, on GSI2.
  const byStatusChange = new Map(
    ([obstacle.unitId, everyUnit] as const).map((unitId) => [
      obstacleKeys.obstacleListingPartition(unitId, obstacle.status),
      {
        GSI2PK: obstacleKeys.obstacleStatusChanges(unitId, obstacle.status),
        GSI2SK: `${obstacle.statusChangedAt}#${obstacle.id}`,
      },
    ]),
  );
  return listingPartitions(obstacle).map((PK) => ({
    Put: {
      TableName: tableName,
      Item: {
        PK,
        SK: obstacleKeys.obstacleListingSort(obstacle.createdAt, obstacle.id),
        entity: entity.obstacleListing,
        searchText: searchTextOf(obstacle),
        ...obstacle,
        ...byStatusChange.get(PK),
      },
    },
  }));
}

const eventPut = (tableName: string, event: ObstacleEvent) =>
  putNew(tableName, {
    ...obstacleKeys.obstacleEvent(event.obstacleId, event.version),
    entity: entity.obstacleEvent,
    ...event,
  });

/** Everything a new obstacle writes, for a transaction of the caller's (a visit finding's). */
export function obstacleCreationItems(
  tableName: string,
  obstacle: Obstacle,
  event: ObstacleEvent,
): WriteItem[] {
  return [
    putNew(tableName, {
      ...obstacleKeys.obstacle(obstacle.id),
      entity: entity.obstacle,
      ...obstacle,
    }),
    eventPut(tableName, event),
    ...listingPuts(tableName, obstacle),
  ];
}

type ObstacleSource = Pick<
  DigestSource,
  'obstaclesCreatedBetween' | 'obstaclesEnteredStatusBetween'
>;

export type ObstacleRepository = ObstacleStore &
  ObstacleSource & {
    /** The ladder's obstacle step: one escalation event per version it met. */
    recordEscalation: EscalationRecorder['recordObstacleEscalation'];
  };

export function createObstaclesRepository(...table: TableArgs): ObstacleRepository {
  const [doc, tableName] = table;
  const store = versionedStore(table, obstacleKeys.obstacle, obstacleCreationItems, obstacleEntity);
  const listed = (input: Omit<QueryInput, 'TableName'>) =>
    queryAll(doc, { TableName: tableName, ...input }, store.readListed);

  return {
    ...store.reads,

    async create(obstacle, event, claim) {
      const created = await store.create(obstacle, event, claim);
      return { obstacle: created.value, replayed: created.replayed };
    },

    async list(filter, page) {
      const PK = obstacleKeys.obstacleListingPartition(
        filter.unitId,
        filter.status,
        filter.category,
      );
      // Without text search one Query of `limit` items is exact. With it, the filter runs
      // inside the narrowest partition, and the page reads on until it is full.
      const { items, last } = await queryPage(
        doc,
        {
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': PK, ...(filter.q ? { ':q': filter.q } : {}) },
          ...(filter.q ? { FilterExpression: 'contains(searchText, :q)' } : {}),
          ScanIndexForward: false,
        },
        store.readListed,
        { limit: page.limit, after: page.after ? { PK, SK: page.after } : undefined },
      );
      return { items, last: last?.SK as string | undefined };
    },

    async applyTransition(before, after, event) {
      const keep = new Set(listingPartitions(after));
      const removals: WriteItem[] = listingPartitions(before)
        .filter((PK) => !keep.has(PK))
        .map((PK) => ({
          Delete: {
            TableName: tableName,
            Key: { PK, SK: obstacleKeys.obstacleListingSort(before.createdAt, before.id) },
          },
        }));
      await store.write(before, after, [
        eventPut(tableName, event),
        ...listingPuts(tableName, after),
        ...removals,
      ]);
    },

    obstaclesCreatedBetween: (unitId, status, from, to) =>
      listed({
        KeyConditionExpression: from
          ? 'PK = :pk AND SK BETWEEN :from AND :to'
          : 'PK = :pk AND SK <= :to',
        ExpressionAttributeValues: {
          ':pk': obstacleKeys.obstacleListingPartition(unitId, status),
          ':to': `${to}\uffff`,
          ...(from ? { ':from': from } : {}),
        },
      }),

    obstaclesEnteredStatusBetween: (unitId, status, from, to) =>
      listed({
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': obstacleKeys.obstacleStatusChanges(unitId, status),
          ':from': from,
          ':to': `${to}\uffff`,
        },
      }),

    // An event only, not a version of the obstacle: the condition on its key refuses a
    // second write for the same version (docs/architecture.md#escalation-events).
    async recordEscalation(obstacle, at) {
      const event: ObstacleEvent = {
        obstacleId: obstacle.id,
        version: obstacle.version,
        at: new Date(at).toISOString(),
        by: systemActor,
        action: 'escalate',
        from: obstacle.status,
        to: obstacle.status,
        note: 'Chưa được tiếp nhận: chuyển Văn phòng thành phố',
      };
      const outcome = await putIfAbsent(doc, tableName, {
        ...obstacleKeys.obstacleEscalation(obstacle.id, obstacle.version),
        entity: entity.obstacleEvent,
        ...event,
      });
      return outcome === 'created';
    },
  };
}
