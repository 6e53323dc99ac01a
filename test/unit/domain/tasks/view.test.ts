import { describe, expect, it } from 'vitest';
import { vietnamCalendar as calendar } from '#shared/domain/calendar/vietnam.ts';
import { taskStats, viewTask } from '#shared/domain/tasks.ts';
import { sampleTask } from '../../../../bench/fixtures/records.ts';

const base = sampleTask({
  description: 'Tổng hợp',
  assignees: [{ kind: 'org', id: 'van-phong-thanh-uy', name: 'Văn phòng Thành ủy', role: 'lead' }],
  createdBy: { sub: 'd', name: 'Đoàn', role: 'delegation' },
  version: 2,
  updatedAt: '2025-07-07T01:30:00Z',
});

describe('task views and figures', () => {
  it('is not overdue on its due date, and one working day overdue the next working day', () => {
    const days: [today: string, overdue: boolean, overdueWorkingDays: number][] = [
      ['2025-07-18', false, 0],
      ['2025-07-19', false, 0],
      ['2025-07-21', true, 1],
      ['2025-07-23', true, 3],
    ];
    for (const [today, overdue, overdueWorkingDays] of days) {
      expect(viewTask(base, today, calendar), today).toMatchObject({ overdue, overdueWorkingDays });
    }
  });

  it('is never overdue once finished or cancelled', () => {
    for (const status of ['done', 'verified', 'cancelled'] as const) {
      expect(
        viewTask({ ...base, status, completedOn: '2025-07-25' }, '2025-08-30', calendar).overdue,
      ).toBe(false);
    }
  });

  it('counts on time against the original due date even after an approved extension', () => {
    const extended = {
      ...base,
      currentDue: '2025-08-01',
      status: 'done' as const,
      completedOn: '2025-07-25',
    };
    expect(viewTask(extended, '2025-07-25', calendar).onTime).toBe(false);
    const early = { ...base, status: 'verified' as const, completedOn: '2025-07-17' };
    const stats = taskStats([extended, early, { ...base, id: 'open' }], '2025-07-22', calendar);
    expect(stats).toEqual({
      asOf: '2025-07-22',
      total: 3,
      open: 1,
      overdue: 1,
      finished: 2,
      cancelled: 0,
      onTimeRate: { numerator: 1, denominator: 2, value: 0.5 },
    });
  });
});
