import { describe, expect, it } from 'vitest';
import { asCityOffice, asCommune, asDelegation, call, tokens } from './helpers.ts';

const { anLao, anPhu, delegation, office } = await tokens({
  anLao: asCommune('an-lao'),
  anPhu: asCommune('an-phu'),
  delegation: asDelegation(),
  office: asCityOffice(),
});

const figures = (overrides: Record<string, unknown> = {}) => ({
  received: 10,
  resolved: 4,
  resolvedOnTime: 4,
  overdue: 0,
  citizenVisits: 12,
  ...overrides,
});

function put(token: string, unitId: string, date: string, body: object, ifMatch?: string) {
  return call(`/units/${unitId}/dossier-reports/${date}`, {
    token,
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    body: JSON.stringify(body),
  });
}

describe('daily dossier reports', () => {
  it('replaces a resubmitted day and keeps the first figures in history', async () => {
    const first = await put(anLao, 'an-lao', '2026-03-02', figures());
    expect(first.status).toBe(201);
    expect(first.headers.get('etag')).toBe('"1"');
    expect(first.json).toMatchObject({ backlogIn: 0, backlogOut: 6, version: 1 });

    const blind = await put(anLao, 'an-lao', '2026-03-02', figures({ received: 11 }));
    expect(blind.status).toBe(428);
    const stale = await put(anLao, 'an-lao', '2026-03-02', figures({ received: 11 }), '"7"');
    expect(stale.status).toBe(412);

    const corrected = await put(anLao, 'an-lao', '2026-03-02', figures({ received: 11 }), '"1"');
    expect(corrected.status).toBe(200);
    expect(corrected.json).toMatchObject({ received: 11, backlogOut: 7, version: 2 });

    const listed = await call('/units/an-lao/dossier-reports?from=2026-03-01&to=2026-03-31', {
      token: delegation,
    });
    expect(listed.json.items).toHaveLength(1);
    expect(listed.json.items[0].received).toBe(11);
    const history = await call('/units/an-lao/dossier-reports/2026-03-02/history', {
      token: office,
    });
    expect(
      history.json.items.map((r: { version: number; received: number }) => [r.version, r.received]),
    ).toEqual([
      [1, 10],
      [2, 11],
    ]);
  });

  it('carries the backlog into the next day and checks against it', async () => {
    const monday = await put(
      anLao,
      'an-lao',
      '2026-03-09',
      figures({ received: 20, resolved: 5, resolvedOnTime: 5 }),
    );
    const carried = monday.json.backlogOut as number;
    expect(carried).toBe(monday.json.backlogIn + 20 - 5);
    const tooMany = await put(
      anLao,
      'an-lao',
      '2026-03-10',
      figures({ received: 0, resolved: carried + 1, resolvedOnTime: 0 }),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0]).toEqual({
      field: 'body.resolved',
      message: `Resolved (${carried + 1}) exceeds received (0) plus the backlog carried in (${carried})`,
    });
    const ok = await put(
      anLao,
      'an-lao',
      '2026-03-10',
      figures({ received: 0, resolved: carried, resolvedOnTime: carried }),
    );
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ backlogIn: carried, backlogOut: 0 });
  });

  const refusals: [string, string, object, string][] = [
    [
      'more resolved than in hand',
      '2026-03-16',
      figures({ received: 0, resolved: 100_000, resolvedOnTime: 0 }),
      'body.resolved',
    ],
    [
      'more on time than resolved',
      '2026-03-17',
      figures({ resolvedOnTime: 5 }),
      'body.resolvedOnTime',
    ],
    [
      'more overdue than pending',
      '2026-03-18',
      figures({ received: 0, resolved: 0, resolvedOnTime: 0, overdue: 100_000 }),
      'body.overdue',
    ],
    ['a negative number', '2026-03-19', figures({ received: -1 }), 'body.received'],
    ['a fraction', '2026-03-20', figures({ received: 2.5 }), 'body.received'],
    ['an unknown field', '2026-03-23', figures({ rejected: 1 }), 'body.rejected'],
    ['a day in the future', '2099-01-05', figures(), 'path.date'],
    ['a date that does not exist', '2026-02-30', figures(), 'path.date'],
  ];
  for (const [what, date, body, field] of refusals) {
    it(`answers 400 naming ${field} for ${what}, and writes nothing`, async () => {
      const result = await put(anLao, 'an-lao', date, body);
      expect(result.status, JSON.stringify(result.json)).toBe(400);
      expect(result.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      if (!date.startsWith('2099') && date !== '2026-02-30') {
        const listed = await call(`/units/an-lao/dossier-reports?from=${date}&to=${date}`, {
          token: anLao,
        });
        expect(listed.json.items).toEqual([]);
      }
    });
  }

  for (const date of ['0000-06-02', '0001-06-02', '2024-12-31']) {
    it(`L4: refuses ${date}, outside the holiday calendar, naming path.date, and writes nothing`, async () => {
      const hongAn = await asCommune('hong-an');
      const result = await put(hongAn, 'hong-an', date, figures());
      expect(result.status, JSON.stringify(result.json)).toBe(400);
      expect(result.json.errors).toEqual([
        {
          field: 'path.date',
          message: `Year ${Number(date.slice(0, 4))} is outside the holiday calendar (2025–2027)`,
        },
      ]);
      const listed = await call(`/units/hong-an/dossier-reports?from=${date}&to=${date}`, {
        token: delegation,
      });
      expect(listed.json.items).toEqual([]);
      const history = await call(`/units/hong-an/dossier-reports/${date}/history`, {
        token: delegation,
      });
      expect(history.status).toBe(404);
    });
  }

  it('L4: a correction of an earlier day carries into the later days, which are checked against it', async () => {
    const hongAn = await asCommune('hong-an');
    const day = (date: string, received: number, resolved: number, ifMatch?: string) =>
      put(
        hongAn,
        'hong-an',
        date,
        figures({ received, resolved, resolvedOnTime: resolved }),
        ifMatch,
      );
    expect((await day('2026-05-04', 10, 0)).status).toBe(201);
    expect((await day('2026-05-05', 0, 0)).status).toBe(201);
    // Monday had 4 in, not 10: Tuesday now carries 4, its own version untouched.
    expect((await day('2026-05-04', 4, 0, '"1"')).status).toBe(200);
    const listed = async () =>
      (
        await call('/units/hong-an/dossier-reports?from=2026-05-01&to=2026-05-31', {
          token: delegation,
        })
      ).json.items.map(
        (r: { date: string; backlogIn: number; backlogOut: number; version: number }) => [
          r.date,
          r.backlogIn,
          r.backlogOut,
          r.version,
        ],
      );
    expect(await listed()).toEqual([
      ['2026-05-04', 0, 4, 2],
      ['2026-05-05', 4, 4, 1],
    ]);
    // Wednesday cannot resolve 8 of the 4 in hand.
    const tooMany = await day('2026-05-06', 0, 8);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors).toEqual([
      {
        field: 'body.resolved',
        message: 'Resolved (8) exceeds received (0) plus the backlog carried in (4)',
      },
    ]);
    expect((await day('2026-05-06', 0, 4)).status).toBe(201);
    // Now Monday cannot drop to 3: Wednesday resolved 4.
    const fewer = await day('2026-05-04', 3, 0, '"2"');
    expect(fewer.status).toBe(400);
    expect(fewer.json.errors).toEqual([
      {
        field: 'body.received',
        message:
          'Would leave the report of 2026-05-06 with more resolved (4) than received (0) plus the backlog carried in (3)',
      },
    ]);
    expect(await listed()).toEqual([
      ['2026-05-04', 0, 4, 2],
      ['2026-05-05', 4, 4, 1],
      ['2026-05-06', 4, 0, 1],
    ]);
  });

  it('lets a commune submit and read its own unit only (404 otherwise)', async () => {
    expect((await put(anPhu, 'an-lao', '2026-03-24', figures())).status).toBe(404);
    expect((await call('/units/an-lao/dossier-reports', { token: anPhu })).status).toBe(404);
    expect((await call('/units/an-lao/brief', { token: anPhu })).status).toBe(404);
    expect((await call('/units/an-lao/summary', { token: anPhu })).status).toBe(404);
    expect(
      (await call('/units/an-lao/dossier-reports/2026-03-02/history', { token: anPhu })).status,
    ).toBe(404);
    expect((await call('/units/an-phu/brief', { token: anPhu })).status).toBe(200);
    expect((await put(delegation, 'an-lao', '2026-03-24', figures())).status).toBe(403);
    expect((await call('/units/scorecard', { token: anPhu })).status).toBe(403);
  });
});

describe('figures on the seeded reference case, computed by hand', () => {
  it('summarises Nguyên Giáp as of 21 July 2025', async () => {
    const summary = await call('/units/nguyen-giap/summary?asOf=2025-07-21', { token: delegation });
    expect(summary.status).toBe(200);
    // Four obstacles reported on 3 July, none closed. Working days after 3 July up to 21 July:
    // 4 July (1), 7–11 July (5), 14–18 July (5), 21 July (1) = 12, so all are 8–20 days old.
    expect(summary.json.openObstacles).toEqual({
      total: 4,
      byCategory: { staffing: 1, facilities: 1, equipment: 1, roads: 1 },
      byAge: [
        { label: 'Dưới 3 ngày làm việc', minWorkingDays: 0, maxWorkingDays: 2, count: 0 },
        { label: '3–7 ngày làm việc', minWorkingDays: 3, maxWorkingDays: 7, count: 0 },
        { label: '8–20 ngày làm việc', minWorkingDays: 8, maxWorkingDays: 20, count: 4 },
        { label: 'Trên 20 ngày làm việc', minWorkingDays: 21, maxWorkingDays: null, count: 0 },
      ],
    });
    // Two open tasks: the end-of-day meetings (due 11 July, 6 working days overdue on 21 July:
    // 14–18 and 21 July) and the facilities directive (due 29 August).
    expect(summary.json.tasks).toEqual({ open: 2, overdue: 1 });
    // 35 + 30 + 25 = 90 received; 20 + 24 + 24 = 68 resolved, all on time: 68 / 68.
    // As of 21 July the 7-day window (15–21 July) holds no report.
    expect(summary.json.dossiers.last30Days).toMatchObject({
      reports: 3,
      received: 90,
      resolved: 68,
      onTimeRate: { numerator: 68, denominator: 68, value: 1 },
    });
    expect(summary.json.dossiers.last7Days).toMatchObject({
      reports: 0,
      onTimeRate: { numerator: 0, denominator: 0, value: null },
    });
    expect(summary.json.lastVisit).toMatchObject({ date: '2025-07-03', leaders: ['Đỗ Mạnh Hiến'] });
  });

  it('briefs a delegation going to Nguyên Giáp on 21 July 2025', async () => {
    const brief = await call('/units/nguyen-giap/brief?asOf=2025-07-21', { token: delegation });
    expect(
      brief.json.openObstacles.map((o: { category: string; ageWorkingDays: number }) => [
        o.category,
        o.ageWorkingDays,
      ]),
    ).toEqual([
      ['staffing', 12],
      ['facilities', 12],
      ['equipment', 12],
      ['roads', 12],
    ]);
    expect(brief.json.overdueTasks).toEqual([
      expect.objectContaining({
        currentDue: '2025-07-11',
        overdueWorkingDays: 6,
        status: 'assigned',
      }),
    ]);
    // The one directive of the 3 July visit: its task is in progress, due 29 August: open.
    expect(brief.json.pendingDirectives).toHaveLength(1);
    expect(brief.json.pendingDirectives[0]).toMatchObject({
      visitDate: '2025-07-03',
      state: 'open',
      leaders: ['Đỗ Mạnh Hiến'],
    });
    expect(brief.json.dossiers30Days).toMatchObject({
      received: 90,
      resolved: 68,
      resolvedOnTime: 68,
    });
    // 3 → 21 July: 18 calendar days, 12 working days.
    expect(brief.json.lastVisit).toMatchObject({ daysSince: 18, workingDaysSince: 12 });
  });

  it('ranks the units over the 30 days to 4 July 2025', async () => {
    const card = await call('/units/scorecard?asOf=2025-07-04', { token: office });
    expect(card.json).toMatchObject({ from: '2025-06-05', days: 30, minResolved: 30 });
    // Working days 5 June – 4 July 2025: 2 + 5 + 5 + 5 + 1 + 4 = 22.
    const rows = card.json.rows.map(
      (r: {
        rank: number | null;
        unitId: string;
        onTimeRate: { numerator: number; denominator: number };
        reportingRate: { numerator: number; denominator: number };
      }) => [
        r.rank,
        r.unitId,
        `${r.onTimeRate.numerator}/${r.onTimeRate.denominator}`,
        `${r.reportingRate.numerator}/${r.reportingRate.denominator}`,
      ],
    );
    // All on time: ties go to the larger volume, 188 > 146 > 68.
    expect(rows).toEqual([
      [1, 'ai-quoc', '188/188', '4/22'],
      [2, 'an-phu', '146/146', '3/22'],
      [3, 'nguyen-giap', '68/68', '3/22'],
      [null, 'an-lao', '0/0', '0/22'],
      [null, 'hong-an', '0/0', '0/22'],
    ]);
    const strict = await call('/units/scorecard?asOf=2025-07-04&minResolved=100', {
      token: office,
    });
    const nguyenGiap = strict.json.rows.find((r: { unitId: string }) => r.unitId === 'nguyen-giap');
    expect(nguyenGiap.rank).toBeNull();
    expect(nguyenGiap.note).toContain('68');
  });
});
