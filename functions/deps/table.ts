/**
 * The table, reached once per container, with what every function that reaches it needs
 * beside it: the caller directory (the units, offices and leaders its callers' claims may
 * name, checked through one cached read per container, see shared/http/handler.ts) and the
 * structured log that notes a stored item read as stored. Every other module of
 * functions/deps/ builds on this one; the functions without table access (health, the
 * OpenAPI document) import none of them and carry no database client.
 */
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { cachedCallerDirectory, installCallerDirectory } from '#shared/http/caller-directory.ts';
import { logger } from '#shared/http/logger.ts';
import { createKnownIdsLoader } from '#shared/store/caller-directory.ts';
import { documentClient, tableConfig } from '#shared/store/client.ts';
import type { StoreLog, TableArgs } from '#shared/store/item.ts';

installCallerDirectory(
  cachedCallerDirectory(createKnownIdsLoader(documentClient, tableConfig.tableName)),
);

const log: StoreLog = (message, fields) => logger.warn(message, fields);

/** What every repository is built with: the client, the table's name and the log. */
export const table: TableArgs = [documentClient, tableConfig.tableName, log];

/** The wall clock, read by the use cases through their `now` port only. */
export const now = () => new Date().toISOString();

/** Today in Viet Nam: the day a read is as of unless it asks for another. */
export const today = () => vietnamCalendar.dateOf(now());
