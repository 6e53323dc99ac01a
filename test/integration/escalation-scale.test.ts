import { beforeAll, describe, expect, it } from 'vitest';
import { bulkPut } from '#infra/local/bulk-put.ts';
import { ensureTable } from '#infra/local/table.ts';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { type Mailer, runDigest } from '#shared/domain/digests/run.ts';
import { createDigestSource, createEscalationRecorder } from '#shared/store/digest-source.ts';
import { createDigestsRepository } from '#shared/store/entities/digest.ts';
import { escalationScaleItems } from '../../bench/fixtures/escalation-data.ts';
import { countingClient } from './measure.ts';

/**
 * 10,000 open tasks and 100,000 closed ones in a table of their own: the escalation run
 * reads the sparse due-date index and the unacknowledged-obstacle listing, nothing else.
 */
describe('escalation at city scale', () => {
  const { client, doc, counts, reset } = countingClient();
  const tableName = `thaogo-escalation-${Date.now()}`;
  beforeAll(async () => {
    await ensureTable(client, tableName);
    const items = escalationScaleItems(tableName, 10_000, 100_000);
    const started = Date.now();
    await bulkPut(doc, tableName, items, (n) =>
      console.info(
        `bulk load: ${n} items written (${Math.round((Date.now() - started) / 1000)} s)`,
      ),
    );
  }, 900_000);

  it('reads at most 1.1 items per item it reports', async () => {
    const sent: string[] = [];
    const mailer: Mailer = { send: async (m) => void sent.push(m.id) };
    reset();
    const store = createDigestsRepository(doc, tableName);
    const report = await runDigest('escalation', '2025-07-15T08:00:00+07:00', {
      source: createDigestSource(doc, tableName),
      store,
      mailer,
      escalations: createEscalationRecorder(doc, tableName),
      calendar: vietnamCalendar,
      cityOffice: async () => ({
        id: 'van-phong-thanh-uy',
        name: 'Văn phòng Thành ủy',
        kind: 'party-office',
        head: { title: 't', email: 'vp@haiphong.example' },
      }),
      baseUrl: 'https://thaogo.haiphong.example',
      now: () => new Date().toISOString(),
    });
    const digests = await store.listPeriod('escalation', '2025-07-15');
    const reported = report.itemsFound;
    expect(reported).toBe(10_000);
    // A leader's digest lists the first 100 at each level and says how many more there are.
    const leader = digests.find((d) => d.recipient.key === 'leader:le-van-hieu');
    expect(leader?.sections[0]?.lines.at(-1)?.text).toBe(
      '… và 9.900 mục khác, xem đầy đủ trên hệ thống Tháo gỡ',
    );
    expect(report.escalationsRecorded).toBe(0);
    expect(counts.scans).toBe(0);
    // The reads of the run itself: digests read back after sending are not counted here.
    const runReads = counts.scanned - digests.length;
    console.info(
      `escalation: ${runReads} items read for ${reported} items reported (${(runReads / reported).toFixed(3)}), ${digests.length} digests`,
    );
    expect(runReads / reported).toBeLessThanOrEqual(1.1);
  });
});
