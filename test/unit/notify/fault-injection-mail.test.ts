import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type DigestRunDeps, runDigest } from '#shared/domain/digests/run.ts';
import { cityLeaders, memoryDigests, quietSource } from '../fixtures.ts';

const ses = mockClient(SESv2Client);

const throttled = 'do-manh-hien@haiphong.example';

/** A quiet week: the weekly digest still goes to every leader. */
const source = quietSource({ leaders: async () => cityLeaders });

const sentTo = () =>
  ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input.Destination?.ToAddresses);

describe('SES throttled on one recipient', () => {
  let deps: DigestRunDeps;

  beforeAll(async () => {
    // The mailer the digest functions build when deployed: MAIL_TRANSPORT=ses.
    vi.stubEnv('MAIL_TRANSPORT', 'ses');
    const { digestDeps } = await import('#functions/deps/digest-run.ts');
    deps = digestDeps;
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  beforeEach(() => ses.reset());

  it.each(['TooManyRequestsException', 'ThrottlingException'])(
    '%s on one address: the rerun sends to that recipient only, the others got exactly one mail',
    async (name) => {
      const store = memoryDigests();
      const run = () =>
        runDigest('weekly', '2025-07-14T07:00:00+07:00', { ...deps, source, store });
      ses.on(SendEmailCommand).resolves({ MessageId: 'm-ok' });
      ses
        .on(SendEmailCommand, { Destination: { ToAddresses: [throttled] } })
        .rejectsOnce(Object.assign(new Error('Maximum sending rate exceeded.'), { name }))
        .resolves({ MessageId: 'm-retried' });

      const first = await run();
      expect(first).toMatchObject({ stored: 3, sent: 2, failed: ['leader:do-manh-hien'] });
      const failed = [...store.items.values()].find(
        (d) => d.recipient.key === 'leader:do-manh-hien',
      );
      expect(failed?.delivery).toMatchObject({ status: 'failed', attempts: 1 });
      expect(failed?.delivery.lastError).toContain(name);
      expect(sentTo()).toHaveLength(3);

      const second = await run();
      expect(second).toMatchObject({ stored: 0, sent: 1, alreadySent: 2, failed: [] });
      expect(sentTo().slice(3)).toEqual([[throttled]]);

      // In total: one SendEmail to each of the others, two to the throttled one.
      const perAddress = new Map<string, number>();
      for (const to of sentTo())
        for (const a of to ?? []) perAddress.set(a, (perAddress.get(a) ?? 0) + 1);
      expect(Object.fromEntries(perAddress)).toEqual({
        'le-tien-chau@haiphong.example': 1,
        'do-manh-hien@haiphong.example': 2,
        'nguyen-van-tung@haiphong.example': 1,
      });
      expect(
        [...store.items.values()].map((d) => [
          d.recipient.key,
          d.delivery.status,
          d.delivery.attempts,
        ]),
      ).toEqual([
        ['leader:le-tien-chau', 'sent', 1],
        ['leader:do-manh-hien', 'sent', 2],
        ['leader:nguyen-van-tung', 'sent', 1],
      ]);
    },
  );
});
