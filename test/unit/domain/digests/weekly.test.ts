import { describe, expect, it } from 'vitest';
import { vietnamCalendar as calendar } from '#shared/domain/calendar/vietnam.ts';
import { composeWeekly, type DigestSource } from '#shared/domain/digests/compose.ts';
import type { Obstacle } from '#shared/schemas/obstacles.ts';
import { sampleObstacle } from '../../../../bench/fixtures/records.ts';

const staffing = (unitId: string, unitName: string, posts: number): Obstacle =>
  sampleObstacle({
    id: `01JZ${unitId.toUpperCase().replace(/-/g, '').padEnd(22, '0')}`.slice(0, 26),
    unitId,
    unitName,
    quantity: { measure: 'posts-missing', total: posts },
    status: 'acknowledged',
    version: 2,
    reportedBy: { sub: 's', name: 's', role: 'commune' },
    updatedAt: '2025-07-04T03:00:00Z',
    statusChangedAt: '2025-07-04T03:00:00Z',
  });

describe('weekly leadership digest', () => {
  it('names a category open in three units at once as systemic, with the posts missing summed', async () => {
    const open = [
      staffing('nguyen-giap', 'Nguyên Giáp', 4),
      staffing('an-lao', 'An Lão', 2),
      staffing('hong-an', 'Hồng An', 3),
    ];
    const source: DigestSource = {
      units: async () => [],
      orgs: async () => [],
      leaders: async () => [
        {
          id: 'le-tien-chau',
          name: 'Lê Tiến Châu',
          title: 't',
          titleEn: 't',
          email: 'ltc@haiphong.example',
        },
      ],
      obstaclesCreatedBetween: async () => [],
      obstaclesInStatus: async (_unit, status) => open.filter((o) => o.status === status),
      obstaclesEnteredStatusBetween: async () => [],
      openTasksDueBefore: async () => [],
      reportsOfDay: async () => [],
    };
    const [draft] = await composeWeekly('2025-07-14', source, calendar);
    expect(draft?.recipient.key).toBe('leader:le-tien-chau');
    expect(draft?.sections[0]).toEqual({
      title: 'Vấn đề mang tính hệ thống',
      lines: [
        {
          text: 'Nhân sự, biên chế: chưa tháo gỡ tại 3 đơn vị (An Lão, Hồng An, Nguyên Giáp) – tổng cộng: vị trí còn thiếu 9',
        },
      ],
    });
    const [fewer] = await composeWeekly('2025-07-14', source, calendar, 4);
    expect(fewer?.sections[0]?.lines).toEqual([]);
  });
});
