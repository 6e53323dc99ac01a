import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpFunctions, routeKey } from '#functions/manifest.ts';
import { asCityOffice, asCommune, asDelegation, call, callRaw } from './helpers.ts';

let token: string;
/** A JSON body of about `kb` KB, to try the route's 64 KB body cap. */
const paddedTo = (kb: number) => JSON.stringify({ padding: 'x'.repeat(kb * 1024) });
beforeAll(async () => {
  token = await asDelegation();
});

describe('GET /units', () => {
  it('returns the five seeded units in Vietnamese alphabetical order, names intact', async () => {
    const result = await call('/units', { token });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^application\/json/);
    const names = result.json.items.map((unit: { name: string }) => unit.name);
    // Ái sorts with A (tone marks are secondary), Đ after D, Â after A: ICU's Vietnamese order.
    expect(names).toEqual(['Ái Quốc', 'An Lão', 'An Phú', 'Hồng An', 'Nguyên Giáp']);
    for (const name of names) expect(name).toBe(name.normalize('NFC'));
  });

  it('carries the reference figures of An Phú', async () => {
    const result = await call('/units', { token: await asCommune('nguyen-giap') });
    const anPhu = result.json.items.find((unit: { id: string }) => unit.id === 'an-phu');
    expect(anPhu).toMatchObject({
      name: 'An Phú',
      kind: 'xa',
      areaKm2: 27.25,
      populationAtLeast: 35100,
      subUnits: { count: 20, kind: 'thon' },
      serviceCenter: { areaM2: 160, staff: 7 },
    });
    expect(anPhu.PK).toBeUndefined();
    expect(anPhu.entity).toBeUndefined();
  });

  it('sends the security headers', async () => {
    const result = await call('/units', { token });
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    expect(result.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(result.headers.get('x-powered-by')).toBeNull();
    const policy = result.headers.get('content-security-policy') ?? '';
    expect(policy.split(';').map((d) => d.trim())).toEqual(
      expect.arrayContaining(["default-src 'none'", "frame-ancestors 'none'"]),
    );
  });

  it('answers 400 naming an unknown query field', async () => {
    const result = await call('/units?colour=red', { token });
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.json.type).toBe('urn:thaogo:problem:validation');
    expect(result.json.errors).toEqual([{ field: 'query.colour', message: 'Unknown field' }]);
  });

  it('answers 413 to a 65 KB body', async () => {
    // fetch will not send a GET with a body; the route's body cap applies all the same.
    const result = await callRaw('/units', token, paddedTo(65));
    expect(result.status).toBe(413);
    expect(result.json).toMatchObject({
      status: 413,
      type: 'urn:thaogo:problem:payload-too-large',
    });
  });

  it('takes a body just under the cap without complaint about its size', async () => {
    const result = await callRaw('/units', token, paddedTo(60));
    expect(result.status).toBe(200);
  });
});

describe('GET /units/{unitId}', () => {
  it('returns one unit', async () => {
    const result = await call('/units/nguyen-giap', { token: await asCityOffice() });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ id: 'nguyen-giap', name: 'Nguyên Giáp', kind: 'xa' });
  });

  it('answers 404 problem+json for an unknown unit', async () => {
    const result = await call('/units/hoang-sa-khong-co', { token });
    expect(result.status).toBe(404);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.json).toMatchObject({ status: 404, type: 'urn:thaogo:problem:not-found' });
  });

  it('answers 400 naming the path field for an id that is no slug', async () => {
    const result = await call(`/units/${encodeURIComponent('Nguyên Giáp')}`, { token });
    expect(result.status).toBe(400);
    expect(result.json.errors.map((e: { field: string }) => e.field)).toEqual(['path.unitId']);
  });
});

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document listing every route', async () => {
    const result = await call('/openapi.json', { token });
    expect(result.status).toBe(200);
    const validator = new Validator();
    const outcome = await validator.validate(result.json);
    expect(outcome.errors ?? []).toEqual([]);
    expect(outcome.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const documented = Object.entries(result.json.paths as Record<string, object>).flatMap(
      ([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(
      httpFunctions()
        .map((fn) => routeKey(fn.route))
        .sort(),
    );
    expect(result.json.paths['/obstacles/{id}/transitions'].post.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
    );
  });
});
