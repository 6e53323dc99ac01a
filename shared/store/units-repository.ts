import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { UnitStore } from '../domain/units.ts';
import type { Unit } from '../schemas/units.ts';
import { entity, keys, stripKeys } from './keys.ts';
import { putIfAbsent } from './put-if-absent.ts';
import { queryItems } from './query.ts';

export function createUnitsRepository(doc: DynamoDBDocumentClient, tableName: string): UnitStore {
  return {
    async listUnits() {
      return queryItems<Unit>(doc, {
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.unitsPartition, ':prefix': 'UNIT#' },
      });
    },

    async getUnit(unitId) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.unit(unitId) }),
      );
      return Item ? stripKeys<Unit>(Item) : undefined;
    },

    putUnitIfAbsent(unit) {
      return putIfAbsent(doc, tableName, { ...keys.unit(unit.id), entity: entity.unit, ...unit });
    },
  };
}
