import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { type DigestRunDeps, type Mailer, runDigest } from '#shared/domain/digests/run.ts';
import { createOutboxMailer } from '#shared/notify/mailers.ts';
import { createDigestSource, createEscalationRecorder } from '#shared/store/digest-source.ts';
import { toDocumentClient } from '#shared/store/document-client.ts';
import { createDigestsRepository } from '#shared/store/entities/digest.ts';
import { createDirectoryRepository } from '#shared/store/entities/directory.ts';
import { createTasksRepository } from '#shared/store/entities/task.ts';
import { asDelegation, call, tokenFor } from './helpers.ts';
import { assign, testOrg } from './task-helpers.ts';

const doc = toDocumentClient(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }));
const table = inject('tableName');
const directory = createDirectoryRepository(doc, table);
const tasks = createTasksRepository(doc, table);
const store = createDigestsRepository(doc, table);

/** A mailer that records every message, and fails for the recipients named. */
function recordingMailer(failFor: string[] = []) {
  const sent: { id: string; to: string[]; subject: string }[] = [];
  const mailer: Mailer = {
    async send(message) {
      if (failFor.some((email) => message.to.includes(email))) {
        throw Object.assign(new Error('Maximum sending rate exceeded'), {
          name: 'TooManyRequestsException',
        });
      }
      sent.push(message);
    },
  };
  return { mailer, sent };
}

function deps(mailer: Mailer): DigestRunDeps {
  return {
    source: createDigestSource(doc, table),
    store,
    mailer,
    escalations: createEscalationRecorder(doc, table),
    calendar: vietnamCalendar,
    cityOffice: async () =>
      (await directory.getOrg('van-phong-thanh-uy')) as NonNullable<
        Awaited<ReturnType<typeof directory.getOrg>>
      >,
    baseUrl: 'https://thaogo.haiphong.example',
    now: () => new Date().toISOString(),
  };
}

const sectionLines = (
  digest: { sections: { title: string; lines: { text: string }[] }[] },
  title: string,
) => digest.sections.find((s) => s.title === title)?.lines.map((l) => l.text) ?? [];

describe('end-of-day digest, replaying 4 July 2025 at 17:00', () => {
  const { mailer, sent } = recordingMailer();
  let report: Awaited<ReturnType<typeof runDigest>>;

  beforeAll(async () => {
    report = await runDigest('end-of-day', '2025-07-04T17:00:00+07:00', deps(mailer));
  });

  it('stores and sends one digest per unit and one for the city office', async () => {
    expect(report).toMatchObject({
      period: '2025-07-04',
      composed: 6,
      stored: 6,
      sent: 6,
      failed: [],
    });
    const digests = await store.listPeriod('end-of-day', '2025-07-04');
    expect(digests.map((d) => d.recipient.key).sort()).toEqual([
      'org:van-phong-thanh-uy',
      'unit:ai-quoc',
      'unit:an-lao',
      'unit:an-phu',
      'unit:hong-an',
      'unit:nguyen-giap',
    ]);
    expect(sent.map((m) => m.to[0]).sort()).toEqual([
      'ttphvhc.ai-quoc@haiphong.example',
      'ttphvhc.an-lao@haiphong.example',
      'ttphvhc.an-phu@haiphong.example',
      'ttphvhc.hong-an@haiphong.example',
      'ttphvhc.nguyen-giap@haiphong.example',
      'vanphong.thanhuy@haiphong.example',
    ]);
  });

  it('lists the expected items for each unit', async () => {
    const byKey = new Map(
      (await store.listPeriod('end-of-day', '2025-07-04')).map((d) => [d.recipient.key, d]),
    );
    const hongAn = byKey.get('unit:hong-an') as NonNullable<ReturnType<typeof byKey.get>>;
    expect(sectionLines(hongAn, 'Vướng mắc mới trong ngày')).toEqual([
      'Thiếu chuyên môn cho nhiệm vụ mới về xây dựng, tài chính (Chuyên môn, nghiệp vụ)',
    ]);
    const nguyenGiap = byKey.get('unit:nguyen-giap') as NonNullable<ReturnType<typeof byKey.get>>;
    expect(sectionLines(nguyenGiap, 'Vướng mắc mới trong ngày')).toEqual([]);
    expect(sectionLines(nguyenGiap, 'Vướng mắc đang chờ xử lý')).toHaveLength(4);
    expect(sectionLines(nguyenGiap, 'Hồ sơ thủ tục hành chính trong ngày')).toEqual([
      'chưa báo cáo số liệu hồ sơ',
    ]);
    const aiQuoc = byKey.get('unit:ai-quoc') as NonNullable<ReturnType<typeof byKey.get>>;
    expect(sectionLines(aiQuoc, 'Hồ sơ thủ tục hành chính trong ngày')).toEqual([
      'tiếp nhận 32, giải quyết 32 (đúng hạn 32), quá hạn 0, 32 lượt công dân',
    ]);
    const city = byKey.get('org:van-phong-thanh-uy') as NonNullable<ReturnType<typeof byKey.get>>;
    expect(sectionLines(city, 'Đơn vị chưa báo cáo số liệu hồ sơ trong ngày')).toEqual([
      'An Lão',
      'An Phú',
      'Hồng An',
      'Nguyên Giáp',
    ]);
    expect(sectionLines(city, 'Vướng mắc mới trong ngày')).toHaveLength(2);
    // A unit's digest names only its own unit's items.
    for (const digest of byKey.values()) {
      if (digest.recipient.kind !== 'unit') continue;
      for (const item of digest.items) expect(item.unitIds).toContain(digest.recipient.id);
    }
  });

  it('sends nothing new when the same period runs again, or twice at once', async () => {
    const again = recordingMailer();
    const rerun = await runDigest('end-of-day', '2025-07-04T17:00:00+07:00', deps(again.mailer));
    expect(rerun).toMatchObject({ stored: 0, sent: 0, alreadySent: 6 });
    const together = recordingMailer();
    const [a, b] = await Promise.all([
      runDigest('end-of-day', '2025-07-03T17:00:00+07:00', deps(together.mailer)),
      runDigest('end-of-day', '2025-07-03T17:00:00+07:00', deps(together.mailer)),
    ]);
    expect(a.sent + b.sent).toBe(6);
    const recipients = together.sent.map((m) => m.to[0]);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(again.sent).toEqual([]);
  });

  it('does not resend the others when delivery to one recipient fails', async () => {
    const flaky = recordingMailer(['ttphvhc.an-lao@haiphong.example']);
    const first = await runDigest('end-of-day', '2025-07-02T17:00:00+07:00', deps(flaky.mailer));
    expect(first.failed).toEqual(['unit:an-lao']);
    expect(first.sent).toBe(5);
    const retry = recordingMailer();
    const second = await runDigest('end-of-day', '2025-07-02T17:00:00+07:00', deps(retry.mailer));
    expect(second).toMatchObject({ sent: 1, alreadySent: 5, failed: [] });
    expect(retry.sent.map((m) => m.to)).toEqual([['ttphvhc.an-lao@haiphong.example']]);
    const anLao = (await store.listPeriod('end-of-day', '2025-07-02')).find(
      (d) => d.recipient.key === 'unit:an-lao',
    );
    expect(anLao?.delivery).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('skips a day off: nothing is composed on 2 September', async () => {
    const holiday = await runDigest(
      'end-of-day',
      '2025-09-02T17:00:00+07:00',
      deps(recordingMailer().mailer),
    );
    expect(holiday.skipped).toContain('Quốc khánh');
    expect(holiday.composed).toBe(0);
  });
});

describe('escalation ladder on the seeded review task (due Friday 18 July 2025)', () => {
  const reviewTask = async () => {
    const all = await tasks.list(
      { assignee: 'org:van-phong-doan-dbqh-hdnd', dueBefore: '2025-07-19' },
      { limit: 10 },
    );
    return all.items.find((t) => t.title.startsWith('Rà soát, tổng hợp kiến nghị')) as NonNullable<
      (typeof all.items)[number]
    >;
  };
  const levelsInHistory = async (id: string) =>
    (await tasks.history(id))
      .filter((e) => e.action === 'escalate')
      .map((e) => [(e.scheduledFor ?? e.at).slice(0, 10), e.note]);

  it('reaches level 1 on the due date, 2 three working days later, 3 at seven, each once', async () => {
    const task = await reviewTask();
    const run = (day: string) =>
      runDigest('escalation', `${day}T08:00:00+07:00`, deps(recordingMailer().mailer));
    await run('2025-07-17');
    expect(await levelsInHistory(task.id)).toEqual([]);
    await run('2025-07-18');
    await run('2025-07-18');
    await run('2025-07-22');
    expect(await levelsInHistory(task.id)).toEqual([['2025-07-18', 'Cảnh báo mức 1']]);
    await run('2025-07-23');
    await run('2025-07-28');
    await run('2025-07-29');
    await run('2025-07-29');
    expect(await levelsInHistory(task.id)).toEqual([
      ['2025-07-18', 'Cảnh báo mức 1'],
      ['2025-07-23', 'Cảnh báo mức 2'],
      ['2025-07-29', 'Cảnh báo mức 3'],
    ]);
    const level3 = await store.get('escalation', '2025-07-29', 'leader:le-van-hieu');
    expect(level3?.items.map((i) => i.id)).toContain(task.id);
    const level2 = await store.get('escalation', '2025-07-23', 'org:van-phong-thanh-uy');
    expect(
      level2?.sections
        .find((s) => s.title === 'Nhiệm vụ cảnh báo mức 2 (quá hạn từ 3 ngày làm việc)')
        ?.lines.map((l) => l.link),
    ).toContain(`/tasks/${task.id}`);
  });

  it('counts working days across Tết 2026', async () => {
    const delegation = await asDelegation();
    const orgId = await testOrg('tet-ladder');
    const task = await assign(delegation, {
      assignees: [{ kind: 'org', id: orgId }],
      assignedOn: '2026-02-02',
      dueDate: '2026-02-13',
      dueInWorkingDays: undefined,
    });
    const run = (day: string) =>
      runDigest('escalation', `${day}T08:00:00+07:00`, deps(recordingMailer().mailer));
    expect((await run('2026-02-18')).skipped).toContain('Tết');
    await run('2026-02-13');
    await run('2026-02-24'); // 2 working days overdue (23, 24 February): still level 1
    await run('2026-02-25'); // 3: level 2
    await run('2026-03-04'); // 23–27 February, 2 and 3 March, 4 March: 8 ≥ 7: level 3
    const levels = (await tasks.history(task.id))
      .filter((e) => e.action === 'escalate')
      .map((e) => [(e.scheduledFor ?? e.at).slice(0, 10), e.note]);
    expect(levels).toEqual([
      ['2026-02-13', 'Cảnh báo mức 1'],
      ['2026-02-25', 'Cảnh báo mức 2'],
      ['2026-03-04', 'Cảnh báo mức 3'],
    ]);
    const office = await tokenFor({ role: 'city-office', orgId, sub: `it-${orgId}` });
    const view = await call(`/tasks/${task.id}`, { token: office });
    expect(view.json.escalationLevel).toBe(3);
    const listed = await call(`/tasks?assignee=org:${orgId}`, { token: office });
    expect(listed.json.items.map((t: { escalationLevel: number }) => t.escalationLevel)).toEqual([
      3,
    ]);
  });
});

describe('outbox', () => {
  it('writes files that open as mail: Vietnamese subject, plain text and HTML parts, links', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thaogo-outbox-'));
    await runDigest(
      'end-of-day',
      '2025-07-07T17:00:00+07:00',
      deps(createOutboxMailer(dir, 'Tháo gỡ <khong-tra-loi@haiphong.example>')),
    );
    const files = readdirSync(dir).sort();
    expect(files).toContain('2025-07-07-end-of-day-unit-nguyen-giap.eml');
    expect(files).toContain('2025-07-07-end-of-day-unit-nguyen-giap.html');
    const parsed = await PostalMime.parse(
      readFileSync(join(dir, '2025-07-07-end-of-day-unit-nguyen-giap.eml')),
    );
    expect(parsed.subject).toBe('[Tháo gỡ] Tổng hợp cuối ngày 07/07/2025 – Nguyên Giáp');
    expect(parsed.to?.[0]?.address).toBe('ttphvhc.nguyen-giap@haiphong.example');
    expect(parsed.from).toMatchObject({
      name: 'Tháo gỡ',
      address: 'khong-tra-loi@haiphong.example',
    });
    expect(parsed.text).toContain('Hồ sơ thủ tục hành chính trong ngày');
    expect(parsed.text).toContain('chưa báo cáo số liệu hồ sơ');
    expect(parsed.text).toContain('Hệ thống giao thông kết nối xuống cấp');
    expect(parsed.html).toContain('<meta name="viewport"');
    expect(parsed.html).toContain('https://thaogo.haiphong.example/');
  });
});

describe('links in a digest', () => {
  it.each([
    ['end-of-day', '2025-07-04T17:00:00+07:00', '2025-07-04'],
    ['escalation', '2025-07-18T08:00:00+07:00', '2025-07-18'],
    ['weekly', '2025-07-14T07:00:00+07:00', '2025-07-14'],
  ] as const)(
    '%s: every link opens the page of an item it names, in the app at the base URL',
    async (kind, at, period) => {
      await runDigest(kind, at, deps(recordingMailer().mailer));
      const digests = await store.listPeriod(kind, period);
      expect(digests.length).toBeGreaterThan(0);
      // The app's own routes, which mirror the API's resource paths (web/src routes).
      const appPage =
        /^https:\/\/thaogo\.haiphong\.example\/(obstacles|tasks)\/([0-9A-HJKMNP-TV-Z]{26})$/;
      let links = 0;
      for (const digest of digests) {
        const named = new Set(
          digest.items.map((i) => `${i.type === 'task' ? 'tasks' : 'obstacles'}/${i.id}`),
        );
        const hrefs = [...digest.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
        const inText = digest.text.match(/https?:\/\/\S+/g) ?? [];
        expect(inText, digest.recipient.key).toEqual(hrefs);
        for (const url of hrefs) {
          const [, route, id] = appPage.exec(url) ?? [];
          expect(route, `${digest.recipient.key}: ${url}`).toBeDefined();
          expect(named.has(`${route}/${id}`), `${digest.recipient.key}: ${url}`).toBe(true);
          links += 1;
        }
      }
      expect(links).toBeGreaterThan(0);
    },
  );
});

describe('GET /digests', () => {
  it("shows a commune its own unit's digests only, and an office that reads all every one", async () => {
    await runDigest('end-of-day', '2025-07-04T17:00:00+07:00', deps(recordingMailer().mailer));
    const commune = await tokenFor({ role: 'commune', unitId: 'an-phu', sub: 'it-digest-an-phu' });
    const own = await call('/digests?date=2025-07-04&kind=end-of-day', { token: commune });
    expect(own.json.items.map((d: { recipient: { key: string } }) => d.recipient.key)).toEqual([
      'unit:an-phu',
    ]);
    const office = await tokenFor({
      role: 'city-office',
      orgId: 'van-phong-thanh-uy',
      sub: 'it-digest-office',
    });
    const all = await call('/digests?date=2025-07-04&kind=end-of-day', { token: office });
    expect(all.json.items).toHaveLength(6);
    const other = all.json.items.find(
      (d: { recipient: { key: string } }) => d.recipient.key === 'unit:hong-an',
    );
    expect((await call(`/digests/${other.id}`, { token: commune })).status).toBe(404);
    expect((await call(`/digests/${other.id}`, { token: office })).json.recipient.name).toBe(
      'Hồng An',
    );
  });
});
