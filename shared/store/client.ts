/**
 * One DocumentClient per container, created at module scope so warm invocations reuse
 * its connections. The only place that knows how to reach the table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readTableConfig } from '../config.ts';
import { cachedCallerDirectory, installCallerDirectory } from '../http/caller-directory.ts';
import { createKnownIdsLoader } from './caller-directory.ts';
import { toDocumentClient } from './document-client.ts';

export const tableConfig = readTableConfig(process.env);

export const documentClient = toDocumentClient(
  new DynamoDBClient(tableConfig.endpoint ? { endpoint: tableConfig.endpoint } : {}),
);

// Every function that reaches the table checks the units, offices and leaders its callers
// name against it, through one cached read per container (shared/http/handler.ts).
installCallerDirectory(
  cachedCallerDirectory(createKnownIdsLoader(documentClient, tableConfig.tableName)),
);
