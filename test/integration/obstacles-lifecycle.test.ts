import { beforeAll, describe, expect, it } from 'vitest';
import { visitIds } from '#infra/local/seed/seed-ids.ts';
import { asCityOffice, asCommune, asDelegation, call, tokens } from './helpers.ts';
import { reportOk, snapshot, transition } from './obstacle-helpers.ts';

const { commune, otherCommune, office, delegation } = await tokens({
  commune: asCommune('nguyen-giap'),
  otherCommune: asCommune('an-phu'),
  office: asCityOffice(),
  delegation: asDelegation(),
});

describe('an obstacle through its whole life cycle', () => {
  it('walks every transition, each recorded in history with who, when, from, to and note', async () => {
    // A category the evidence rule leaves out: this is the life cycle; photos are attachments.test.ts's.
    const created = await reportOk(commune, { category: 'guidance', severity: 'high' });
    expect(created).toMatchObject({ status: 'reported', version: 1, unitId: 'nguyen-giap' });

    const steps: [string, Record<string, unknown>, string][] = [
      [office, { action: 'acknowledge' }, 'acknowledged'],
      [commune, { action: 'start' }, 'in_progress'],
      [
        commune,
        { action: 'propose_resolution', note: 'Đã vá 2 km đường trục xã' },
        'resolution_proposed',
      ],
      [office, { action: 'reopen', reason: 'Còn 1 km chưa vá' }, 'reopened'],
      [commune, { action: 'start' }, 'in_progress'],
      [commune, { action: 'propose_resolution', note: 'Đã vá nốt 1 km' }, 'resolution_proposed'],
      [office, { action: 'verify' }, 'verified'],
    ];
    let etag = '"1"';
    for (const [token, body, expected] of steps) {
      const result = await transition(token, created.id, etag, body);
      expect(result.status, `${body.action}: ${JSON.stringify(result.json)}`).toBe(200);
      expect(result.json.status).toBe(expected);
      const next = result.headers.get('etag');
      expect(next).toBe(`"${result.json.version}"`);
      etag = next as string;
    }

    const { item, history } = await snapshot(office, created.id);
    expect(item).toMatchObject({
      status: 'verified',
      version: 8,
      resolutionNote: 'Đã vá nốt 1 km',
    });
    expect(history.items.map((e: { action: string }) => e.action)).toEqual([
      'report',
      'acknowledge',
      'start',
      'propose_resolution',
      'reopen',
      'start',
      'propose_resolution',
      'verify',
    ]);
    expect(history.items.map((e: { version: number }) => e.version)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(history.items[3]).toMatchObject({
      from: 'in_progress',
      to: 'resolution_proposed',
      note: 'Đã vá 2 km đường trục xã',
      by: { sub: 'it-commune-nguyen-giap', role: 'commune' },
    });
    expect(history.items[4]).toMatchObject({
      from: 'resolution_proposed',
      to: 'reopened',
      note: 'Còn 1 km chưa vá',
      by: { sub: 'it-office-van-phong-thanh-uy', role: 'city-office' },
    });
    for (const event of history.items) expect(Date.parse(event.at)).not.toBeNaN();

    // Verified is final: nothing more, not even a withdrawal.
    const after = await transition(commune, created.id, '"8"', { action: 'withdraw' });
    expect(after.status).toBe(409);
  });

  it('withdraws an obstacle: closed, not fixed', async () => {
    const created = await reportOk(delegation, { unitId: 'an-lao', visitId: visitIds.v2 });
    expect(created).toMatchObject({
      status: 'reported',
      source: { kind: 'visit', visitId: visitIds.v2 },
    });
    const result = await transition(delegation, created.id, '"1"', {
      action: 'withdraw',
      note: 'Trùng với vướng mắc đã báo',
    });
    expect(result.status).toBe(200);
    expect(result.json.status).toBe('withdrawn');
  });
});

describe('refusals leave the obstacle and its history unchanged', () => {
  let id: string;
  beforeAll(async () => {
    id = (await reportOk(commune)).id;
  });

  const cases: [
    string,
    () => Promise<{ status: number; json: { type?: string } }>,
    number,
    string,
  ][] = [
    [
      'an action the status does not allow',
      () => transition(office, id, '"1"', { action: 'verify' }),
      409,
      'invalid-transition',
    ],
    [
      'a stale ETag',
      () => transition(office, id, '"7"', { action: 'acknowledge' }),
      412,
      'stale-version',
    ],
    [
      'a weak ETag',
      () => transition(office, id, 'W/"1"', { action: 'acknowledge' }),
      412,
      'stale-version',
    ],
    [
      'no If-Match',
      () => transition(office, id, undefined, { action: 'acknowledge' }),
      428,
      'if-match-required',
    ],
    [
      "another commune's obstacle",
      () => transition(otherCommune, id, '"1"', { action: 'withdraw' }),
      404,
      'not-found',
    ],
    [
      'a role the action does not allow',
      () => transition(commune, id, '"1"', { action: 'acknowledge' }),
      403,
      'forbidden',
    ],
    [
      'a resolution proposed before work started',
      () => transition(commune, id, '"1"', { action: 'propose_resolution', note: 'Xong' }),
      409,
      'invalid-transition',
    ],
    [
      'an unknown action',
      () => transition(office, id, '"1"', { action: 'close' }),
      400,
      'validation',
    ],
    [
      'an unknown field',
      () => transition(office, id, '"1"', { action: 'acknowledge', status: 'verified' }),
      400,
      'validation',
    ],
  ];

  for (const [what, attempt, status, type] of cases) {
    it(`answers ${status} to ${what}`, async () => {
      const before = await snapshot(office, id);
      const result = await attempt();
      expect(result.status, JSON.stringify(result.json)).toBe(status);
      expect(result.json.type).toBe(`urn:thaogo:problem:${type}`);
      expect(await snapshot(office, id)).toEqual(before);
    });
  }

  it('answers 400 naming the note or reason an action needs, and writes nothing', async () => {
    const created = await reportOk(commune, { category: 'staffing' });
    await transition(office, created.id, '"1"', { action: 'acknowledge' });
    await transition(commune, created.id, '"2"', { action: 'start' });
    const before = await snapshot(office, created.id);
    const noNote = await transition(commune, created.id, '"3"', { action: 'propose_resolution' });
    expect(noNote.status).toBe(400);
    expect(noNote.json.errors).toEqual([
      { field: 'body.note', message: 'Required for this action' },
    ]);
    expect(await snapshot(office, created.id)).toEqual(before);

    await transition(commune, created.id, '"3"', { action: 'propose_resolution', note: 'Đã xong' });
    const mid = await snapshot(office, created.id);
    const noReason = await transition(office, created.id, '"4"', { action: 'reopen' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors).toEqual([
      { field: 'body.reason', message: 'Required for this action' },
    ]);
    expect(await snapshot(office, created.id)).toEqual(mid);
  });
});

describe('concurrent changes', () => {
  it('lets exactly one of two transitions with the same ETag through; the other gets 412', async () => {
    const created = await reportOk(commune);
    const results = await Promise.all([
      transition(office, created.id, '"1"', { action: 'acknowledge' }),
      transition(commune, created.id, '"1"', { action: 'withdraw' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412]);
    const history = await call(`/obstacles/${created.id}/history`, { token: office });
    expect(history.json.items).toHaveLength(2);
    const winner = results.find((r) => r.status === 200);
    expect(history.json.items[1].to).toBe(winner?.json.status);
  });
});
