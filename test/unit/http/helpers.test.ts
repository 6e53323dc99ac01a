import { describe, expect, it } from 'vitest';
import { foldForSearch } from '#shared/domain/search.ts';
import { toCsv } from '#shared/http/csv.ts';
import { createCursorCodec, cursorScope } from '#shared/http/cursor.ts';
import { InvalidCursorError } from '#shared/http/errors.ts';
import { fixedUlid, newUlid } from '#shared/ids.ts';

describe('cursors', () => {
  const codec = createCursorCodec('k'.repeat(48));
  const scope = cursorScope('sub-1', 'listObstacles', { unitId: 'an-phu' });

  it('round-trips a position within its scope', () => {
    expect(codec.open(codec.seal('2025-07-04T00:00:00Z#01ABC', scope), scope)).toBe(
      '2025-07-04T00:00:00Z#01ABC',
    );
  });

  it('refuses another scope, another key, and any edit', () => {
    const cursor = codec.seal('pos', scope);
    expect(() =>
      codec.open(cursor, cursorScope('sub-2', 'listObstacles', { unitId: 'an-phu' })),
    ).toThrow(InvalidCursorError);
    expect(() => createCursorCodec('x'.repeat(48)).open(cursor, scope)).toThrow(InvalidCursorError);
    expect(() => codec.open(`${cursor}x`, scope)).toThrow(InvalidCursorError);
    expect(() => codec.open('a.b.c', scope)).toThrow(InvalidCursorError);
  });
});

describe('search folding', () => {
  // Runs of spaces, capitals and đ, and a vowel mark typed as a combining character.
  const folds: [string, string][] = [
    ['Nguyên  Giáp', 'nguyen giap'],
    ['ĐƯỜNG Liên Thôn', 'duong lien thon'],
    ['Nguye\u0302n', 'nguyen'],
  ];
  for (const [written, folded] of folds) {
    it(`folds tones, vowel marks and đ: ${JSON.stringify(written)}`, () => {
      expect(foldForSearch(written)).toBe(folded);
    });
  }
});

describe('CSV', () => {
  it('starts with a BOM, quotes every cell, doubles quotes, ends lines with CRLF', () => {
    expect(
      toCsv(
        ['Tên', 'Số'],
        [
          ['Ái "Quốc"', 3],
          [undefined, '=1+1'],
        ],
      ),
    ).toBe('\uFEFF"Tên","Số"\r\n"Ái ""Quốc""","3"\r\n"","\'=1+1"\r\n');
  });
});

describe('ids', () => {
  it('sort by creation time', () => {
    const earlier = newUlid(Date.parse('2025-07-03T00:00:00Z'));
    const later = newUlid(Date.parse('2025-07-04T00:00:00Z'));
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('gives reference data a fixed id: the time in ten base-32 digits, then the serial in sixteen', () => {
    // 2025-07-03T03:00:00Z is 1751511600000 ms, in base 32 the digits
    // 0 1 18 31 7 3 20 2 28 0, which the ULID alphabet (no I, L, O, U) writes 01JZ73M2W0.
    expect(fixedUlid('2025-07-03T03:00:00Z', 1)).toBe('01JZ73M2W00000000000000001');
    expect(fixedUlid('2025-07-03T03:00:00Z', 33)).toBe('01JZ73M2W00000000000000011');
    expect(fixedUlid('2025-07-03T03:00:01Z', 1)).toBe('01JZ73M3V80000000000000001');
    const serials = [1, 2, 10, 31, 32, 33, 1024].map((n) => fixedUlid('2025-07-03T03:00:00Z', n));
    expect(new Set(serials).size).toBe(serials.length);
    expect([...serials].reverse().sort()).toEqual(serials);
  });
});
