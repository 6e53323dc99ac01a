/**
 * The dossier-report entity: a unit's report of a day, each of its versions, and the
 * unit's revision that every write raises; their keys, reads and writes
 * (docs/architecture.md#dossier-reports).
 */
import type { DossierStore } from '../../domain/dossiers.ts';
import {
  AlreadyExistsError,
  PreconditionFailedError,
  WriteConflictError,
} from '../../domain/errors.ts';
import { DossierReport } from '../../schemas/dossiers.ts';
import { entity, type ItemKey, itemReader, type TableArgs } from '../item.ts';
import { getItem, type QueryInput, queryAll, queryPage } from '../reads.ts';
import { cancellationCodes, maxTransactionItems, transact } from '../transactions.ts';

export const dossierKeys = {
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
} as const;

// The report, its history entry and the unit's revision take three of a transaction's items.
const maxCarried = maxTransactionItems - 3;

export function createDossiersRepository(...[doc, tableName, log]: TableArgs): DossierStore {
  const read = itemReader(DossierReport, entity.dossierReport, log);
  const readVersion = itemReader(DossierReport, entity.dossierReportVersion, log);
  const get = (unitId: string, date: string) =>
    getItem(doc, tableName, dossierKeys.dossierReport(unitId, date), read);
  const ofUnit = (unitId: string, condition: string, date: string) => ({
    TableName: tableName,
    KeyConditionExpression: `PK = :pk AND SK ${condition} :date`,
    ExpressionAttributeValues: { ':pk': dossierKeys.dossierReportsOfUnit(unitId), ':date': date },
    ConsistentRead: true,
  });
  const queryReports = (input: QueryInput) => queryAll(doc, input, read);

  return {
    get,

    async chain(unitId, date) {
      // The revision first: a write landing after this read raises it, so a plan made on
      // the reports read next cannot land over that write (see DossierStore.write).
      const revision = await getItem(
        doc,
        tableName,
        dossierKeys.dossierRevision(unitId),
        (item) => item.revision,
      );
      const [existing, before, after] = await Promise.all([
        get(unitId, date),
        queryPage(doc, { ...ofUnit(unitId, '<', date), ScanIndexForward: false }, read, {
          limit: 1,
        }),
        // One more than a write can carry, so a correction of a day long past reads a
        // bounded page, not the years since.
        queryPage(doc, ofUnit(unitId, '>', date), read, { limit: maxCarried + 1 }),
      ]);
      return {
        revision: typeof revision === 'number' ? revision : 0,
        previous: before.items[0],
        existing,
        later: after.items,
      };
    },

    maxCarried,

    async write({ report, expectedVersion, carried, revision }) {
      try {
        await transact(doc, [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...dossierKeys.dossierReport(report.unitId, report.date),
                entity: entity.dossierReport,
                GSI2PK: dossierKeys.dossierReportsOfDay(report.date),
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
                ...dossierKeys.dossierReportVersion(report.unitId, report.date, report.version),
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
                ...dossierKeys.dossierRevision(report.unitId),
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
              Key: dossierKeys.dossierReport(later.unitId, later.date),
              UpdateExpression: 'SET backlogIn = :in, backlogOut = :out',
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: {
                ':in': later.backlogIn,
                ':out': later.backlogOut,
                ':version': later.version,
              },
            },
          })),
        ]);
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
        : queryReports({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': dossierKeys.dossierReportsOfUnit(unitId),
              ':from': from,
              ':to': to,
            },
          }),

    history: (unitId, date) =>
      queryAll(
        doc,
        {
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: {
            ':pk': dossierKeys.dossierReportVersion(unitId, date, 0).PK,
          },
          ConsistentRead: true,
        },
        readVersion,
      ),

    listByDate: (date) =>
      queryReports({
        TableName: tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': dossierKeys.dossierReportsOfDay(date) },
      }),
  };
}
