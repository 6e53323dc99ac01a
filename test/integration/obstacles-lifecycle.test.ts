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

  // Who tries, with which If-Match, what body, and the status of the answer.
  const cases: [string, string, string | undefined, Record<string, unknown>, number][] = [
    ['an action the status does not allow', office, '"1"', { action: 'verify' }, 409],
    ['a stale ETag', office, '"7"', { action: 'acknowledge' }, 412],
    ['a weak ETag', office, 'W/"1"', { action: 'acknowledge' }, 412],
    ['no If-Match', office, undefined, { action: 'acknowledge' }, 428],
    ["another commune's obstacle", otherCommune, '"1"', { action: 'withdraw' }, 404],
    ['a role the action does not allow', commune, '"1"', { action: 'acknowledge' }, 403],
    [
      'a resolution proposed before work started',
      commune,
      '"1"',
      { action: 'propose_resolution', note: 'Xong' },
      409,
    ],
    ['an unknown action', office, '"1"', { action: 'close' }, 400],
    ['an unknown field', office, '"1"', { action: 'acknowledge', status: 'verified' }, 400],
  ];
  // Each status stands for one problem type among these refusals.
  const problemOf: Record<number, string> = {
    400: 'validation',
    403: 'forbidden',
    404: 'not-found',
    409: 'invalid-transition',
    412: 'stale-version',
    428: 'if-match-required',
  };

  for (const [what, token, etag, body, status] of cases) {
    it(`answers ${status} to ${what}`, async () => {
      const before = await snapshot(office, id);
      const result = await transition(token, id, etag, body);
      expect(result.status, JSON.stringify(result.json)).toBe(status);
      expect(result.json.type).toBe(`urn:thaogo:problem:${problemOf[status]}`);
      expect(await snapshot(office, id)).toEqual(before);
    });
  }

  it('answers 400 naming the note or reason an action needs, and writes nothing', async () => {
    const created = await reportOk(commune, { category: 'staffing' });
    /** Refused with a 400 naming `field`, and the obstacle and its history left as they were. */
    const refusedNaming = async (
      token: string,
      etag: string,
      body: Record<string, unknown>,
      field: string,
    ) => {
      const before = await snapshot(office, created.id);
      const result = await transition(token, created.id, etag, body);
      expect(result.status).toBe(400);
      expect(result.json.errors).toEqual([{ field, message: 'Required for this action' }]);
      expect(await snapshot(office, created.id)).toEqual(before);
    };
    await transition(office, created.id, '"1"', { action: 'acknowledge' });
    await transition(commune, created.id, '"2"', { action: 'start' });
    await refusedNaming(commune, '"3"', { action: 'propose_resolution' }, 'body.note');

    await transition(commune, created.id, '"3"', { action: 'propose_resolution', note: 'Đã xong' });
    await refusedNaming(office, '"4"', { action: 'reopen' }, 'body.reason');
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
