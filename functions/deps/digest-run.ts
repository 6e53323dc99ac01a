/**
 * What a scheduled digest run needs, built once per container: the reads and writes of
 * the table, the mailer and the mail settings (a missing setting fails the function at
 * cold start, not on its first digest).
 */
import { readMailConfig } from '#shared/config.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import type { DigestRunDeps } from '#shared/domain/digests/run.ts';
import { createMailer } from '#shared/notify/mailers.ts';
import { createDigestSource, createEscalationRecorder } from '#shared/store/digest-source.ts';
import { createDigestsRepository } from '#shared/store/entities/digest.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { now, table } from './table.ts';

const mail = readMailConfig(process.env);
const directory = createDirectoryRepository(...table);

export const digestDeps: DigestRunDeps = {
  source: createDigestSource(...table),
  store: createDigestsRepository(...table),
  escalations: createEscalationRecorder(...table),
  mailer: createMailer(mail),
  calendar: vietnamCalendar,
  cityOffice: async () => {
    const org = await directory.getOrg(mail.CITY_OFFICE_ORG);
    if (!org) throw new Error(`CITY_OFFICE_ORG names no office: ${mail.CITY_OFFICE_ORG}`);
    return org;
  },
  baseUrl: mail.APP_BASE_URL,
  now,
};
