import { describe, expect, it } from 'vitest';
import { compareVietnamese, sortByVietnamese, toNfc } from '#shared/domain/text.ts';

describe('Vietnamese text', () => {
  it('sorts by the Vietnamese alphabet: Ă and Â after A, Đ after D, tones secondary', () => {
    const names = ['Đông Hải', 'Âu Cơ', 'Dương Kinh', 'Ăn Quả', 'An Lão', 'Ái Quốc', 'Bạch Đằng'];
    expect(sortByVietnamese(names, (name) => name)).toEqual([
      'Ái Quốc',
      'An Lão',
      'Ăn Quả',
      'Âu Cơ',
      'Bạch Đằng',
      'Dương Kinh',
      'Đông Hải',
    ]);
  });

  it('treats a decomposed name as the same name once composed', () => {
    const decomposed = 'Nguye\u0302n Gia\u0301p';
    expect(decomposed).not.toBe('Nguyên Giáp');
    expect(toNfc(decomposed)).toBe('Nguyên Giáp');
    expect(compareVietnamese(toNfc(decomposed), 'Nguyên Giáp')).toBe(0);
  });
});
