/**
 * The three visits of the reference case with their findings, linked to the seeded
 * obstacles and tasks: Lê Tiến Châu to An Phú and Ái Quốc, Lê Văn Hiệu to Hồng An and
 * An Lão, Đỗ Mạnh Hiến to Nguyên Giáp.
 */

import { fixedUlid } from '#shared/ids.ts';
import type { Finding, Visit } from '#shared/schemas/visits.ts';
import { seedObstacles } from './reference-obstacles.ts';
import { seedTasks } from './reference-tasks.ts';
import { findingIds, visitIds } from './seed-ids.ts';

const by = (sub: string, name: string) => ({ sub, name, role: 'delegation' });
const chau = by('seed-doan-kiem-tra-le-tien-chau', 'Đoàn kiểm tra của đồng chí Lê Tiến Châu');
const hieu = by('seed-doan-kiem-tra-le-van-hieu', 'Đoàn kiểm tra của đồng chí Lê Văn Hiệu');
const hien = by('seed-doan-kiem-tra-do-manh-hien', 'Đoàn kiểm tra của đồng chí Đỗ Mạnh Hiến');

const obstacle = (unitId: string, category: string) =>
  seedObstacles.find(
    (o) => (o.input.unitId ?? o.by.unitId) === unitId && o.input.category === category,
  )?.id as string;
const taskOf = (findingId: string) =>
  seedTasks.filter((t) => t.input.findingId === findingId).map((t) => t.id);

export interface SeedVisit {
  visit: {
    id: string;
    at: string;
    leaderIds: string[];
    date: string;
    unitIds: string[];
    purpose: string;
    by: Visit['createdBy'];
  };
  findings: Finding[];
}

function finding(
  visitId: string,
  id: string,
  at: string,
  createdBy: Finding['createdBy'],
  rest: Pick<Finding, 'kind' | 'text'> &
    Partial<Pick<Finding, 'unitId' | 'obstacleId' | 'taskIds'>>,
): Finding {
  return { id, visitId, createdBy, createdAt: at, taskIds: [], ...rest };
}

let serial = 400;
const nextId = (at: string) => fixedUlid(at, ++serial);

export const seedVisits: SeedVisit[] = [
  {
    visit: {
      id: visitIds.v1,
      at: '2025-07-04T01:00:00Z',
      leaderIds: ['le-tien-chau'],
      date: '2025-07-04',
      unitIds: ['an-phu', 'ai-quoc'],
      purpose:
        'Kiểm tra vận hành chính quyền địa phương hai cấp và Trung tâm Phục vụ hành chính công',
      by: chau,
    },
    findings: [
      finding(visitIds.v1, nextId('2025-07-04T03:00:00Z'), '2025-07-04T03:00:00Z', chau, {
        kind: 'commendation',
        unitId: 'an-phu',
        text: 'Thái độ phục vụ tận tình, trách nhiệm; 146 hồ sơ tiếp nhận từ 1 đến 3/7 đều giải quyết đúng hoặc trước hạn.',
      }),
      finding(visitIds.v1, nextId('2025-07-04T03:30:00Z'), '2025-07-04T03:30:00Z', chau, {
        kind: 'commendation',
        unitId: 'ai-quoc',
        text: 'Đến trưa 4/7 đã tiếp đón 188 lượt công dân; hồ sơ giải quyết đúng hoặc trước hạn, không có hồ sơ quá hạn.',
      }),
      finding(visitIds.v1, findingIds.v1EndOfDay, '2025-07-04T04:00:00Z', chau, {
        kind: 'directive',
        text: 'Mỗi ngày làm việc họp cuối ngày tổng hợp vướng mắc, báo cáo cấp có thẩm quyền những việc vượt thẩm quyền.',
        taskIds: taskOf(findingIds.v1EndOfDay),
      }),
      finding(visitIds.v1, findingIds.v1Volunteers, '2025-07-04T04:01:00Z', chau, {
        kind: 'directive',
        text: 'Tập huấn tình nguyện viên trẻ hướng dẫn người dân làm thủ tục.',
        taskIds: taskOf(findingIds.v1Volunteers),
      }),
      finding(visitIds.v1, findingIds.v1Zalo, '2025-07-04T04:02:00Z', chau, {
        kind: 'directive',
        text: 'Lập nhóm Zalo hoặc kênh trực tuyến để người dân chuẩn bị hồ sơ đầy đủ trước khi đến.',
        taskIds: taskOf(findingIds.v1Zalo),
      }),
    ],
  },
  {
    visit: {
      id: visitIds.v2,
      at: '2025-07-04T02:00:00Z',
      leaderIds: ['le-van-hieu'],
      date: '2025-07-04',
      unitIds: ['hong-an', 'an-lao'],
      purpose: 'Kiểm tra việc vận hành chính quyền địa phương sau khi thành lập',
      by: hieu,
    },
    findings: [
      finding(visitIds.v2, nextId('2025-07-04T03:00:00Z'), '2025-07-04T03:00:00Z', hieu, {
        kind: 'commendation',
        text: 'Sau bốn ngày, bộ máy đã được tổ chức; các xã, phường chủ động, có trách nhiệm.',
      }),
      finding(visitIds.v2, nextId('2025-07-04T04:00:00Z'), '2025-07-04T04:00:00Z', hieu, {
        kind: 'concern',
        unitId: 'hong-an',
        text: 'Lúng túng với nhiệm vụ mới về xây dựng, tài chính và các lĩnh vực chuyên ngành.',
        obstacleId: obstacle('hong-an', 'expertise'),
      }),
      finding(visitIds.v2, nextId('2025-07-04T04:30:00Z'), '2025-07-04T04:30:00Z', hieu, {
        kind: 'concern',
        unitId: 'an-lao',
        text: 'Lúng túng với nhiệm vụ mới về xây dựng, tài chính và các lĩnh vực chuyên ngành.',
        obstacleId: obstacle('an-lao', 'expertise'),
      }),
      finding(visitIds.v2, findingIds.v2Offices, '2025-07-04T09:00:00Z', hieu, {
        kind: 'directive',
        text: 'Văn phòng Thành ủy, Văn phòng Đoàn ĐBQH và HĐND phối hợp các sở, ngành rà soát, tổng hợp kiến nghị, báo cáo thành phố, hướng dẫn kịp thời.',
        taskIds: taskOf(findingIds.v2Offices),
      }),
    ],
  },
  {
    visit: {
      id: visitIds.v3,
      at: '2025-07-03T02:00:00Z',
      leaderIds: ['do-manh-hien'],
      date: '2025-07-03',
      unitIds: ['nguyen-giap'],
      purpose: 'Kiểm tra cơ sở hạ tầng và giải quyết thủ tục hành chính trên môi trường mạng',
      by: hien,
    },
    findings: [
      finding(visitIds.v3, nextId('2025-07-03T03:00:00Z'), '2025-07-03T03:00:00Z', hien, {
        kind: 'commendation',
        unitId: 'nguyen-giap',
        text: 'Sau 3 ngày tiếp nhận 90 hồ sơ, đã trả kết quả 68, không có hồ sơ quá hạn; hoạt động không gián đoạn.',
      }),
      ...(['staffing', 'facilities', 'equipment', 'roads'] as const).map((category, i) =>
        finding(visitIds.v3, nextId(`2025-07-03T04:0${i}:00Z`), `2025-07-03T04:0${i}:00Z`, hien, {
          kind: 'concern',
          unitId: 'nguyen-giap',
          text: seedObstacles.find((o) => o.id === obstacle('nguyen-giap', category))?.input
            .title as string,
          obstacleId: obstacle('nguyen-giap', category),
        }),
      ),
      finding(visitIds.v3, findingIds.v3Facilities, '2025-07-03T10:00:00Z', hien, {
        kind: 'directive',
        unitId: 'nguyen-giap',
        text: 'Khắc phục thiếu hụt cơ sở vật chất, phân công rõ nhiệm vụ, bồi dưỡng cán bộ, rà soát quy hoạch, chuẩn bị Đại hội Đảng bộ xã.',
        taskIds: taskOf(findingIds.v3Facilities),
      }),
    ],
  },
];
