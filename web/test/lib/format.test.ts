import { describe, expect, it } from 'vitest';
import {
  byVietnamese,
  dueText,
  formatDate,
  formatInstant,
  parseDate,
} from '../../src/lib/format.ts';

describe('dates as officials write them', () => {
  it('shows dd/mm/yyyy and Viet Nam time', () => {
    expect(formatDate('2025-07-04')).toBe('04/07/2025');
    expect(formatInstant('2025-07-04T02:30:00.000Z')).toBe('04/07/2025 09:30');
    expect(formatInstant('2025-07-04T18:00:00.000Z')).toBe('05/07/2025 01:00');
  });

  it('reads dd/mm/yyyy typed by a person, and refuses a day that does not exist', () => {
    expect(parseDate('4/7/2025')).toBe('2025-07-04');
    expect(parseDate(' 25/07/2025 ')).toBe('2025-07-25');
    expect(parseDate('31/02/2025')).toBeUndefined();
    expect(parseDate('07-04-2025')).toBeUndefined();
  });
});

describe('due dates in working days', () => {
  it('counts working days left, skipping the weekend', () => {
    // Friday 18 July 2025 → Friday 25 July 2025: Mon–Fri of the next week.
    expect(dueText('2025-07-25', { asOf: '2025-07-18' })).toEqual({
      text: 'còn 5 ngày làm việc',
      tone: 'ok',
    });
    expect(dueText('2025-07-21', { asOf: '2025-07-18' })).toEqual({
      text: 'còn 1 ngày làm việc',
      tone: 'warn',
    });
  });

  it('skips a public holiday (2 September 2025)', () => {
    expect(dueText('2025-09-03', { asOf: '2025-08-29' }).text).toBe('còn 1 ngày làm việc');
  });

  it('says overdue in working days, from the server figure when given', () => {
    expect(dueText('2025-07-18', { asOf: '2025-07-22' }).text).toBe('quá hạn 2 ngày làm việc');
    expect(dueText('2025-07-18', { asOf: '2025-07-22', overdueWorkingDays: 3 })).toEqual({
      text: 'quá hạn 3 ngày làm việc',
      tone: 'bad',
    });
    expect(dueText('2025-07-18', { asOf: '2025-07-18' }).text).toBe('hạn hôm nay');
  });
});

describe('Vietnamese order', () => {
  it('sorts by the vi collation, not by code point', () => {
    const names = ['Ái Quốc', 'An Phú', 'Đông Hải', 'Dương Kinh', 'Ẩn Danh'].map((name) => ({
      name,
    }));
    const sorted = [...names].sort(byVietnamese((u) => u.name)).map((u) => u.name);
    expect(sorted.indexOf('Dương Kinh')).toBeLessThan(sorted.indexOf('Đông Hải'));
    expect(sorted[sorted.length - 1]).toBe('Đông Hải');
  });
});
