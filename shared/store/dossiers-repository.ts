import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DossierStore } from '../domain/dossiers.ts';
import { AlreadyExistsError, PreconditionFailedError } from '../domain/errors.ts';
import type { DossierReport } from '../schemas/dossiers.ts';
import { entity, keys, stripKeys } from './keys.ts';
import { queryItems } from './query.ts';
import { cancellationCodes } from './transactions.ts';

export function createDossiersRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
): DossierStore {
  const queryAll = (input: Parameters<typeof queryItems>[1]) =>
    queryItems<DossierReport>(doc, input);

  return {
    async get(unitId, date) {
      const { Item } = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.dossierReport(unitId, date),
          ConsistentRead: true,
        }),
      );
      return Item ? stripKeys<DossierReport>(Item) : undefined;
    },

    async previousBefore(unitId, date) {
      const { Items } = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND SK < :date',
          ExpressionAttributeValues: { ':pk': keys.dossierReportsOfUnit(unitId), ':date': date },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      return Items?.[0] ? stripKeys<DossierReport>(Items[0]) : undefined;
    },

    async put(report, expectedVersion) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.dossierReport(report.unitId, report.date),
                    entity: entity.dossierReport,
                    GSI2PK: keys.dossierReportsOfDay(report.date),
                    GSI2SK: report.unitId,
                    ...report,
                  },
                  ...(expectedVersion === undefined
                    ? { ConditionExpression: 'attribute_not_exists(PK)' }
                    : {
                        ConditionExpression: 'version = :expected',
                        ExpressionAttributeValues: { ':expected': expectedVersion },
                      }),
                },
              },
              {
                // Every version is kept, so a correction never erases what was first reported.
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.dossierReportVersion(report.unitId, report.date, report.version),
                    entity: entity.dossierReportVersion,
                    ...report,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        const codes = cancellationCodes(error);
        if (
          codes?.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')
        ) {
          // A first report (no If-Match) lost to one filed meanwhile: a conflict, not a
          // stale precondition, since the client sent none.
          if (expectedVersion === undefined) {
            throw new AlreadyExistsError(
              `The report of ${report.date} was filed meanwhile; read it, then correct it with If-Match.`,
            );
          }
          throw new PreconditionFailedError(
            'The report changed meanwhile; read it again before correcting it.',
          );
        }
        throw error;
      }
    },

    // DynamoDB refuses a BETWEEN whose bounds are reversed; such a range holds no report.
    list: async (unitId, from, to) =>
      from > to
        ? []
        : queryAll({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': keys.dossierReportsOfUnit(unitId),
              ':from': from,
              ':to': to,
            },
          }),

    history: (unitId, date) =>
      queryAll({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.dossierReportVersion(unitId, date, 0).PK },
        ConsistentRead: true,
      }),

    listByDate: (date) =>
      queryAll({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.dossierReportsOfDay(date) },
      }),
  };
}
