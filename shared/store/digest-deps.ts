import { readMailConfig } from '../config.ts';
import { vietnamCalendar } from '../domain/calendar/vietnam.ts';
import type { DigestRunDeps } from '../domain/digests/run.ts';
import { createMailer } from '../notify/mailers.ts';
import { documentClient, tableConfig } from './client.ts';
import { createDigestSource, createEscalationRecorder } from './digest-source.ts';
import { createDigestsRepository } from './digests-repository.ts';
import { createDirectoryRepository } from './directory-repository.ts';

const mail = readMailConfig(process.env);
const directory = createDirectoryRepository(documentClient, tableConfig.tableName);

/** What a scheduled digest run needs, built once per container. */
export const digestDeps: DigestRunDeps = {
  source: createDigestSource(documentClient, tableConfig.tableName),
  store: createDigestsRepository(documentClient, tableConfig.tableName),
  escalations: createEscalationRecorder(documentClient, tableConfig.tableName),
  mailer: createMailer(mail),
  calendar: vietnamCalendar,
  cityOffice: async () => {
    const org = await directory.getOrg(mail.CITY_OFFICE_ORG);
    if (!org) throw new Error(`CITY_OFFICE_ORG names no office: ${mail.CITY_OFFICE_ORG}`);
    return org;
  },
  baseUrl: mail.APP_BASE_URL,
  now: () => new Date().toISOString(),
};
