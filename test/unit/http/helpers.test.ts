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
  it('folds tones, vowel marks and đ', () => {
    expect(foldForSearch('Nguyên  Giáp')).toBe('nguyen giap');
    expect(foldForSearch('ĐƯỜNG Liên Thôn')).toBe('duong lien thon');
    expect(foldForSearch('Nguye\u0302n')).toBe('nguyen');
  });
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
    expect(fixedUlid('2025-07-03T03:00:00Z', 1)).toBe(fixedUlid('2025-07-03T03:00:00Z', 1));
  });
});
