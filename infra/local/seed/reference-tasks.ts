/**
 * Follow-up tasks of the reference case. Lê Văn Hiệu gave the two city offices ten
 * working days from 4 July 2025 to compile the communes' proposals (due 18 July); Lê Tiến
 * Châu's directives to the service centers and Đỗ Mạnh Hiến's to Nguyên Giáp follow.
 * Due dates other than the first are plausible, not reported.
 */
import type { Caller } from '#shared/domain/caller.ts';
import { fixedUlid } from '#shared/ids.ts';
import type { TaskAction, TaskInput } from '#shared/schemas/tasks.ts';
import { seedObstacles } from './reference-obstacles.ts';
import { commune, delegation, office } from './seed-callers.ts';
import { findingIds, visitIds } from './seed-ids.ts';

export interface SeedTask {
  id: string;
  at: string;
  by: Caller;
  input: TaskInput;
  steps: { action: TaskAction; at: string; by: Caller; note?: string; reason?: string }[];
}

const obstacleId = (unitId: string, category: string) =>
  seedObstacles.find(
    (o) => (o.input.unitId ?? o.by.unitId) === unitId && o.input.category === category,
  )?.id as string;

const vanPhongThanhUy = office('van-phong-thanh-uy', 'Văn phòng Thành ủy');
const leTienChau = delegation(
  'seed-doan-kiem-tra-le-tien-chau',
  'Đoàn kiểm tra của đồng chí Lê Tiến Châu',
);

/** A directive of the Secretary's visit (visit 1) that both communes visited carry out. */
const toBothCommunesVisited = {
  assignees: [
    { kind: 'unit', id: 'an-phu' },
    { kind: 'unit', id: 'ai-quoc' },
  ],
  assignedBy: 'le-tien-chau',
  visitId: visitIds.v1,
} satisfies Partial<TaskInput>;

const meetingDuty =
  'Trung tâm Phục vụ hành chính công họp cuối ngày, tổng hợp các vướng mắc phát sinh trong ngày và báo cáo cấp có thẩm quyền những việc vượt thẩm quyền.';

/** A service center's end-of-day meeting: its own duty, its own task, due in five working days. */
function endOfDayMeeting(
  [unitId, serial]: readonly [string, number],
  at: string,
  by: Caller,
  given: Pick<TaskInput, 'description' | 'assignedBy' | 'visitId' | 'findingId'>,
): SeedTask {
  const { description, ...link } = given;
  return {
    id: fixedUlid(at, serial),
    at,
    by,
    input: {
      title: 'Họp cuối ngày tổng hợp vướng mắc và báo cáo cấp có thẩm quyền',
      description,
      assignees: [{ kind: 'unit', id: unitId }],
      ...link,
      dueInWorkingDays: 5,
    },
    steps: [],
  };
}

export const seedTasks: SeedTask[] = [
  {
    id: fixedUlid('2025-07-04T09:00:00Z', 101),
    at: '2025-07-04T09:00:00Z',
    by: delegation('seed-doan-kiem-tra-le-van-hieu', 'Đoàn kiểm tra của đồng chí Lê Văn Hiệu'),
    input: {
      title: 'Rà soát, tổng hợp kiến nghị của các xã, phường và báo cáo thành phố',
      description:
        'Phối hợp với các sở, ngành liên quan rà soát, tổng hợp kiến nghị, đề xuất của các xã, phường; báo cáo thành phố xem xét tháo gỡ và hướng dẫn kịp thời để mô hình chính quyền hai cấp vận hành thông suốt.',
      assignees: [
        { kind: 'org', id: 'van-phong-thanh-uy' },
        { kind: 'org', id: 'van-phong-doan-dbqh-hdnd' },
      ],
      assignedBy: 'le-van-hieu',
      obstacleIds: [obstacleId('hong-an', 'expertise'), obstacleId('an-lao', 'expertise')],
      visitId: visitIds.v2,
      findingId: findingIds.v2Offices,
      dueInWorkingDays: 10,
    },
    steps: [{ action: 'start', at: '2025-07-07T01:30:00Z', by: vanPhongThanhUy }],
  },
  // The Secretary's end-of-day meeting is each service center's own duty: one task per
  // commune visited (a fanned-out directive), each its own lead.
  ...(
    [
      ['an-phu', 102],
      ['ai-quoc', 106],
    ] as const
  ).map((unit) =>
    endOfDayMeeting(unit, '2025-07-04T09:10:00Z', leTienChau, {
      description: `Mỗi ngày làm việc, ${meetingDuty}`,
      assignedBy: 'le-tien-chau',
      visitId: visitIds.v1,
      findingId: findingIds.v1EndOfDay,
    }),
  ),
  // The other service centers receive the same duty from Văn phòng Thành ủy, which passes
  // the Secretary's conclusion on to every commune; their tasks link to no visit.
  ...(
    [
      ['hong-an', 107],
      ['an-lao', 108],
      ['nguyen-giap', 109],
    ] as const
  ).map((unit) =>
    endOfDayMeeting(unit, '2025-07-04T09:30:00Z', vanPhongThanhUy, {
      description: `Thực hiện kết luận của đồng chí Bí thư Thành ủy: mỗi ngày làm việc, ${meetingDuty}`,
    }),
  ),
  {
    id: fixedUlid('2025-07-04T09:20:00Z', 103),
    at: '2025-07-04T09:20:00Z',
    by: leTienChau,
    input: {
      title: 'Tập huấn tình nguyện viên trẻ hướng dẫn người dân làm thủ tục',
      description:
        'Tổ chức tập huấn cho đoàn viên, thanh niên tình nguyện hướng dẫn người dân thực hiện thủ tục hành chính.',
      ...toBothCommunesVisited,
      findingId: findingIds.v1Volunteers,
      dueDate: '2025-07-31',
    },
    steps: [],
  },
  {
    id: fixedUlid('2025-07-04T09:30:00Z', 104),
    at: '2025-07-04T09:30:00Z',
    by: leTienChau,
    input: {
      title: 'Lập nhóm Zalo hướng dẫn người dân chuẩn bị hồ sơ đầy đủ',
      description:
        'Lập nhóm Zalo hoặc kênh trực tuyến khác để người dân chuẩn bị hồ sơ đầy đủ trước khi đến Trung tâm.',
      ...toBothCommunesVisited,
      findingId: findingIds.v1Zalo,
      dueInWorkingDays: 10,
    },
    steps: [
      { action: 'start', at: '2025-07-07T02:00:00Z', by: commune('an-phu', 'UBND xã An Phú') },
    ],
  },
  {
    id: fixedUlid('2025-07-03T10:00:00Z', 105),
    at: '2025-07-03T10:00:00Z',
    by: delegation('seed-doan-kiem-tra-do-manh-hien', 'Đoàn kiểm tra của đồng chí Đỗ Mạnh Hiến'),
    input: {
      title: 'Khắc phục thiếu hụt cơ sở vật chất, phân công nhiệm vụ, bồi dưỡng cán bộ',
      description:
        'Khắc phục thiếu hụt cơ sở vật chất; phân công nhiệm vụ rõ người, rõ việc; bồi dưỡng cán bộ; rà soát quy hoạch phát triển; chuẩn bị Đại hội Đảng bộ xã.',
      assignees: [{ kind: 'unit', id: 'nguyen-giap' }],
      assignedBy: 'do-manh-hien',
      obstacleIds: [
        obstacleId('nguyen-giap', 'facilities'),
        obstacleId('nguyen-giap', 'equipment'),
        obstacleId('nguyen-giap', 'staffing'),
      ],
      visitId: visitIds.v3,
      findingId: findingIds.v3Facilities,
      dueDate: '2025-08-29',
    },
    steps: [
      {
        action: 'start',
        at: '2025-07-07T03:00:00Z',
        by: commune('nguyen-giap', 'UBND xã Nguyên Giáp'),
      },
    ],
  },
];
