import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asCityOffice, asCommune, asDelegation, call, tokenFor, tokens } from './helpers.ts';
import { obstacleBody, report, reportOk } from './obstacle-helpers.ts';

let ngId: string;

const { nguyenGiap, anPhu, office, delegation } = await tokens({
  nguyenGiap: asCommune('nguyen-giap'),
  anPhu: asCommune('an-phu'),
  office: asCityOffice(),
  delegation: asDelegation(),
});

beforeAll(async () => {
  ngId = (await reportOk(nguyenGiap)).id;
  await reportOk(anPhu);
});

function unitsOf(items: { unitId: string }[]) {
  return [...new Set(items.map((item) => item.unitId))];
}

describe("a commune cannot see or touch another commune's obstacle", () => {
  it('gets 404 on read and history, as for an obstacle that does not exist', async () => {
    const read = await call(`/obstacles/${ngId}`, { token: anPhu });
    const history = await call(`/obstacles/${ngId}/history`, { token: anPhu });
    const absent = await call('/obstacles/01JZ00000000000000000000ZZ', { token: anPhu });
    expect([read.status, history.status, absent.status]).toEqual([404, 404, 404]);
    expect(read.json.detail).toBe(`There is no obstacle "${ngId}".`);
    expect(Object.keys(read.json).sort()).toEqual(Object.keys(absent.json).sort());
  });

  it('lists its own unit only, whatever it asks for', async () => {
    const own = await call('/obstacles?limit=100', { token: anPhu });
    expect(own.status).toBe(200);
    expect(unitsOf(own.json.items)).toEqual(['an-phu']);
    const asked = await call('/obstacles?unitId=nguyen-giap', { token: anPhu });
    expect(asked.status).toBe(200);
    expect(asked.json.items).toEqual([]);
    const searched = await call('/obstacles?q=nguyen%20giap', { token: anPhu });
    expect(searched.json.items).toEqual([]);
  });

  it('exports its own unit only', async () => {
    const csv = await call('/obstacles/export.csv?unitId=nguyen-giap', { token: anPhu });
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(1); // the header alone
    const all = await call('/obstacles/export.csv', { token: anPhu });
    expect(all.text).not.toContain('Nguyên Giáp');
    expect(all.text).toContain('An Phú');
  });

  it('cannot report for another unit', async () => {
    const result = await report(anPhu, obstacleBody({ unitId: 'nguyen-giap' }));
    expect(result.status).toBe(403);
  });

  it("refuses a cursor taken from another caller's list, or edited by hand, with 400", async () => {
    const first = await call('/obstacles?limit=1', { token: office });
    const cursor = first.json.nextCursor as string;
    expect(cursor).toBeTruthy();
    const stolen = await call(`/obstacles?limit=1&cursor=${encodeURIComponent(cursor)}`, {
      token: anPhu,
    });
    expect(stolen.status).toBe(400);
    expect(stolen.json.type).toBe('urn:thaogo:problem:invalid-cursor');

    const [payload, signature] = cursor.split('.');
    const decoded = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...decoded, p: '9999' })).toString('base64url');
    const edited = await call(`/obstacles?limit=1&cursor=${forged}.${signature}`, {
      token: office,
    });
    expect(edited.status).toBe(400);

    const otherFilter = await call(
      `/obstacles?limit=1&status=reported&cursor=${encodeURIComponent(cursor)}`,
      {
        token: office,
      },
    );
    expect(otherFilter.status).toBe(400);
    const garbage = await call('/obstacles?cursor=not-a-cursor', { token: office });
    expect(garbage.status).toBe(400);
  });
});

describe('Idempotency-Key', () => {
  it('makes a retried POST return the first result and create nothing new', async () => {
    const key = randomUUID();
    const body = obstacleBody();
    const first = await report(nguyenGiap, body, { 'idempotency-key': key });
    const again = await report(nguyenGiap, body, { 'idempotency-key': key });
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => report(nguyenGiap, body, { 'idempotency-key': key })),
    );
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    for (const r of concurrent) expect(r.json.id).toBe(first.json.id);
    const found = await call(`/obstacles?unitId=nguyen-giap&q=${encodeURIComponent(body.title)}`, {
      token: office,
    });
    expect(found.json.items).toHaveLength(1);
  });

  it("does not give another user the first user's result", async () => {
    const key = randomUUID();
    const body = obstacleBody();
    const mine = await report(nguyenGiap, body, { 'idempotency-key': key });
    const colleague = await tokenFor({
      role: 'commune',
      unitId: 'nguyen-giap',
      sub: 'it-colleague',
    });
    const theirs = await report(colleague, body, { 'idempotency-key': key });
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.json.id).not.toBe(mine.json.id);
  });

  it('answers 422 to the same key with another body, and writes nothing', async () => {
    const key = randomUUID();
    await report(nguyenGiap, obstacleBody(), { 'idempotency-key': key });
    const other = obstacleBody();
    const result = await report(nguyenGiap, other, { 'idempotency-key': key });
    expect(result.status).toBe(422);
    expect(result.json.type).toBe('urn:thaogo:problem:idempotency-key-reused');
    const found = await call(`/obstacles?q=${encodeURIComponent(other.title)}`, { token: office });
    expect(found.json.items).toEqual([]);
  });
});

describe('bad input is refused with 400 and nothing is written', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['a field the schema does not know', { colour: 'red' }, 'body.colour'],
    ['a title of 10,000 characters', { title: 'x'.repeat(10_000) }, 'body.title'],
    ['a status on create', { status: 'verified' }, 'body.status'],
    ['an unknown category', { category: 'weather' }, 'body.category'],
    [
      'a quantity whose lines do not add up',
      {
        quantity: { measure: 'posts-missing', total: 3, lines: [{ label: 'Kế toán', amount: 1 }] },
      },
      'body.quantity.total',
    ],
  ];
  for (const [what, overrides, field] of cases) {
    it(`for ${what}`, async () => {
      const body = obstacleBody(overrides);
      const marker = `marker-${randomUUID().slice(0, 8)}`;
      const result = await report(nguyenGiap, { ...body, description: marker });
      expect(result.status).toBe(400);
      expect(result.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      const csv = await call('/obstacles/export.csv?unitId=nguyen-giap', { token: office });
      expect(csv.text).not.toContain(marker);
    });
  }

  it('for a delegation that names no unit, or an unknown one', async () => {
    const none = await report(delegation, obstacleBody());
    expect(none.json.errors).toEqual([
      { field: 'body.unitId', message: 'Required when a delegation reports' },
    ]);
    const unknown = await report(delegation, obstacleBody({ unitId: 'khong-ton-tai' }));
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].field).toBe('body.unitId');
  });

  it('415 for a body that is not JSON', async () => {
    const result = await call('/obstacles', {
      token: nguyenGiap,
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'Thiếu máy tính',
    });
    expect(result.status).toBe(415);
  });

  it('403 for a city office, which does not report obstacles', async () => {
    expect((await report(office, obstacleBody({ unitId: 'an-phu' }))).status).toBe(403);
  });
});
