import { describe, expect, it } from 'vitest';
import { DossierReportInput } from '#shared/schemas/dossiers.ts';
import { ObstacleInput } from '#shared/schemas/obstacles.ts';
import * as z from '#shared/schemas/zod.ts';
import { check } from '../../src/lib/validation.ts';

describe('the forms check with the API’s own schemas, in Vietnamese', () => {
  it('marks a typing mistake in the day’s figures on its field', () => {
    const result = check(z.built(DossierReportInput), {
      received: '4O',
      resolved: 35,
      resolvedOnTime: 33,
      overdue: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual(['received']);
    expect(result.errors.received).toMatch(/[Đđ]ầu vào không hợp lệ|không hợp lệ/);
  });

  it('accepts what the server accepts', () => {
    const result = check(z.built(DossierReportInput), {
      received: 40,
      resolved: 35,
      resolvedOnTime: 33,
      overdue: 1,
    });
    expect(result).toEqual({
      ok: true,
      value: { received: 40, resolved: 35, resolvedOnTime: 33, overdue: 1 },
    });
  });

  it('names every missing field of a report, and translates the schemas’ own messages', () => {
    const result = check(z.built(ObstacleInput), {
      title: '   ',
      description: '\u200b',
      severity: 'high',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['category', 'description', 'title']);
    expect(result.errors.description).toBe('Cần có nội dung (không chỉ khoảng trắng).');
  });
});
