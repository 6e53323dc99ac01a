/**
 * One DocumentClient per container, created at module scope so warm invocations reuse
 * its connections. The only place that knows how to reach the table; what a function
 * builds on it is composed in functions/deps/.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readTableConfig } from '../config.ts';
import { toDocumentClient } from './document-client.ts';

export const tableConfig = readTableConfig(process.env);

export const documentClient = toDocumentClient(
  new DynamoDBClient(tableConfig.endpoint ? { endpoint: tableConfig.endpoint } : {}),
);
