import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DossierStore } from '../domain/dossiers.ts';
import {
  AlreadyExistsError,
  PreconditionFailedError,
  WriteConflictError,
} from '../domain/errors.ts';
import type { DossierReport } from '../schemas/dossiers.ts';
import { entity, keys, stripKeys } from './keys.ts';
import { queryItems } from './query.ts';
import { cancellationCodes } from './transactions.ts';

// The report, its history entry and the unit's revision take three of a transaction's 100.
const maxCarried = 97;

export function createDossiersRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
): DossierStore {
  const queryAll = (input: Parameters<typeof queryItems>[1]) =>
    queryItems<DossierReport>(doc, input);

  async function get(unitId: string, date: string) {
    const { Item } = await doc.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.dossierReport(unitId, date),
        ConsistentRead: true,
      }),
    );
    return Item ? stripKeys<DossierReport>(Item) : undefined;
  }

  return {
    get,

    async chain(unitId, date) {
      // The revision first: a write landing after this read raises it, so a plan made on
      // the reports read next cannot land over that write (see DossierStore.write).
      const { Item: head } = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.dossierRevision(unitId),
          ConsistentRead: true,
        }),
      );
      const [existing, before, after] = await Promise.all([
        get(unitId, date),
        doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND SK < :date',
            ExpressionAttributeValues: { ':pk': keys.dossierReportsOfUnit(unitId), ':date': date },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        ),
        // One more than a write can carry, so a correction of a day long past reads a
        // bounded page, not the years since.
        doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND SK > :date',
            ExpressionAttributeValues: { ':pk': keys.dossierReportsOfUnit(unitId), ':date': date },
            Limit: maxCarried + 1,
            ConsistentRead: true,
          }),
        ),
      ]);
      return {
        revision: typeof head?.revision === 'number' ? head.revision : 0,
        previous: before?.Items?.[0] ? stripKeys<DossierReport>(before.Items[0]) : undefined,
        existing,
        later: (after?.Items ?? []).map((item) => stripKeys<DossierReport>(item)),
      };
    },

    maxCarried,

    async write({ report, expectedVersion, carried, revision }) {
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
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.dossierRevision(report.unitId),
                    entity: entity.dossierRevision,
                    unitId: report.unitId,
                    revision: revision + 1,
                  },
                  ...(revision === 0
                    ? { ConditionExpression: 'attribute_not_exists(PK)' }
                    : {
                        ConditionExpression: 'revision = :revision',
                        ExpressionAttributeValues: { ':revision': revision },
                      }),
                },
              },
              // Only the carried backlog changes on a later report: its figures and its
              // version are the commune's, and stay.
              ...carried.map((later) => ({
                Update: {
                  TableName: tableName,
                  Key: keys.dossierReport(later.unitId, later.date),
                  UpdateExpression: 'SET backlogIn = :in, backlogOut = :out',
                  ConditionExpression: 'version = :version',
                  ExpressionAttributeValues: {
                    ':in': later.backlogIn,
                    ':out': later.backlogOut,
                    ':version': later.version,
                  },
                },
              })),
            ],
          }),
        );
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[0] === 'ConditionalCheckFailed') {
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
        // Another write of the unit's reports landed after the plan was read (the revision
        // or a later report moved), or held the same items at that instant: plan again.
        if (
          codes.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')
        ) {
          throw new WriteConflictError("The unit's reports changed since they were read");
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
