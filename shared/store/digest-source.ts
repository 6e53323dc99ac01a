import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DigestSource } from '../domain/digests/compose.ts';
import type { EscalationRecorder } from '../domain/digests/run.ts';
import { drain } from '../domain/paging.ts';
import { newUlid } from '../ids.ts';
import type { Obstacle } from '../schemas/obstacles.ts';
import type { Task } from '../schemas/tasks.ts';
import { createDirectoryRepository } from './directory-repository.ts';
import { createDossiersRepository } from './dossiers-repository.ts';
import { isConditionFailure } from './errors.ts';
import { entity, keys } from './keys.ts';
import { createObstaclesRepository } from './obstacles-repository.ts';
import { queryItems } from './query.ts';
import { createTasksRepository, systemActor } from './tasks-repository.ts';
import { createUnitsRepository } from './units-repository.ts';

/** The digests' reads, each a Query on a listing partition or index. */
export function createDigestSource(doc: DynamoDBDocumentClient, tableName: string): DigestSource {
  const units = createUnitsRepository(doc, tableName);
  const directory = createDirectoryRepository(doc, tableName);
  const obstacles = createObstaclesRepository(doc, tableName);
  const tasks = createTasksRepository(doc, tableName);
  const dossiers = createDossiersRepository(doc, tableName);
  /** Obstacles from their listing copies, without the search text the copies carry. */
  const listedObstacles = async (input: Parameters<typeof queryItems>[1]) =>
    (await queryItems<Obstacle & { searchText?: string }>(doc, input)).map(
      ({ searchText: _s, ...obstacle }) => obstacle,
    );
  return {
    units: () => units.listUnits(),
    orgs: () => directory.listOrgs(),
    leaders: () => directory.listLeaders(),
    obstaclesCreatedBetween: (unitId, status, from, to) =>
      listedObstacles({
        TableName: tableName,
        KeyConditionExpression: from
          ? 'PK = :pk AND SK BETWEEN :from AND :to'
          : 'PK = :pk AND SK <= :to',
        ExpressionAttributeValues: {
          ':pk': keys.obstacleListingPartition(unitId, status),
          ':to': `${to}\uffff`,
          ...(from ? { ':from': from } : {}),
        },
      }),
    obstaclesEnteredStatusBetween: (unitId, status, from, to) =>
      listedObstacles({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.obstacleStatusChanges(unitId, status),
          ':from': from,
          ':to': `${to}\uffff`,
        },
      }),
    obstaclesInStatus: (unitId, status) =>
      drain((after) => obstacles.list({ unitId, status }, { after, limit: 100 })),
    openTasksDueBefore: (assignee, date) =>
      drain((after) => tasks.list({ assignee, dueBefore: date }, { after, limit: 100 })),
    reportsOfDay: (date) => dossiers.listByDate(date),
  };
}

/** Each ladder level is written once: the condition on the item refuses a second write. */
export function createEscalationRecorder(
  doc: DynamoDBDocumentClient,
  tableName: string,
): EscalationRecorder {
  const tasks = createTasksRepository(doc, tableName);
  return {
    recordTaskLevel: (task: Task, level, at) =>
      // Each level gets its own event id from the monotonic factory: levels recorded in one
      // run share their `at`, and still sort in the order they were reached.
      tasks.recordEscalation(task, level, new Date(at).toISOString(), newUlid(Date.parse(at))),
    async recordObstacleEscalation(obstacle, at) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.obstacleEscalation(obstacle.id, obstacle.version),
              entity: entity.obstacleEvent,
              obstacleId: obstacle.id,
              version: obstacle.version,
              at: new Date(at).toISOString(),
              by: systemActor,
              action: 'escalate',
              from: obstacle.status,
              to: obstacle.status,
              note: 'Chưa được tiếp nhận: chuyển Văn phòng thành phố',
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
