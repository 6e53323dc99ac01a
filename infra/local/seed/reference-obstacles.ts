/**
 * The obstacles of the reference case, in plausible states a few days after the visits.
 * Nguyên Giáp reported four (staffing, facilities, equipment, roads); the delegation
 * visiting Hồng An and An Lão recorded their lack of expertise for new duties. Where the
 * report gives no figure, the quantities are illustrative and say so.
 */
import type { Caller } from '#shared/domain/caller.ts';
import { fixedUlid } from '#shared/ids.ts';
import type { ObstacleAction, ObstacleInput } from '#shared/schemas/obstacles.ts';
import { commune, delegation, office } from './seed-callers.ts';
import { visitIds } from './seed-ids.ts';

export interface SeedObstacle {
  id: string;
  at: string;
  by: Caller;
  input: ObstacleInput;
  /** Actions applied after the report, each with who and when. */
  steps: { action: ObstacleAction; at: string; by: Caller; note?: string; reason?: string }[];
}

const nguyenGiap = commune('nguyen-giap', 'UBND xã Nguyên Giáp');
const cityOffice = office('van-phong-thanh-uy', 'Văn phòng Thành ủy');
const delegationV2 = delegation(
  'seed-doan-kiem-tra-le-van-hieu',
  'Đoàn kiểm tra của đồng chí Lê Văn Hiệu',
);

export const seedObstacles: SeedObstacle[] = [
  {
    id: fixedUlid('2025-07-03T03:00:00Z', 1),
    at: '2025-07-03T03:00:00Z',
    by: nguyenGiap,
    input: {
      category: 'staffing',
      title: 'Thiếu một số vị trí cán bộ, công chức',
      description:
        'Sau khi sắp xếp, xã chưa đủ công chức cho một số vị trí chuyên môn; cán bộ phải kiêm nhiệm nhiều việc. Số liệu chi tiết là minh họa.',
      severity: 'high',
      quantity: {
        measure: 'posts-missing',
        total: 4,
        lines: [
          { label: 'Công chức Địa chính – Xây dựng', amount: 2 },
          { label: 'Công chức Tư pháp – Hộ tịch', amount: 1 },
          { label: 'Công chức Văn hóa – Xã hội', amount: 1 },
        ],
      },
    },
    steps: [
      { action: 'acknowledge', at: '2025-07-04T02:00:00Z', by: cityOffice },
      { action: 'start', at: '2025-07-07T02:00:00Z', by: nguyenGiap },
    ],
  },
  {
    id: fixedUlid('2025-07-03T03:05:00Z', 2),
    at: '2025-07-03T03:05:00Z',
    by: nguyenGiap,
    input: {
      category: 'facilities',
      title: 'Cơ sở vật chất chưa đồng bộ, thiếu phòng làm việc',
      description:
        'Một số phòng làm việc còn thiếu, trụ sở chưa đáp ứng đủ cho bộ máy mới. Số phòng thiếu là minh họa.',
      severity: 'medium',
      quantity: { measure: 'rooms', total: 3 },
    },
    steps: [{ action: 'acknowledge', at: '2025-07-04T02:05:00Z', by: cityOffice }],
  },
  {
    id: fixedUlid('2025-07-03T03:10:00Z', 3),
    at: '2025-07-03T03:10:00Z',
    by: nguyenGiap,
    input: {
      category: 'equipment',
      title: 'Trang thiết bị còn thiếu hoặc đã cũ, lạc hậu',
      description:
        'Máy tính, máy in, máy quét tại bộ phận một cửa thiếu hoặc đã cũ. Số lượng là minh họa.',
      severity: 'medium',
      quantity: {
        measure: 'equipment-items',
        total: 8,
        lines: [
          { label: 'Máy tính để bàn', amount: 5 },
          { label: 'Máy quét tài liệu', amount: 2 },
          { label: 'Máy in', amount: 1 },
        ],
      },
    },
    steps: [],
  },
  {
    id: fixedUlid('2025-07-03T03:15:00Z', 4),
    at: '2025-07-03T03:15:00Z',
    by: nguyenGiap,
    input: {
      category: 'roads',
      title: 'Hệ thống giao thông kết nối xuống cấp',
      description:
        'Đường kết nối đã xuống cấp, gây khó khăn cho chỉ đạo, điều hành và cho người dân đi làm thủ tục hành chính. Chiều dài là minh họa.',
      severity: 'high',
      quantity: { measure: 'road-km', total: 6.5 },
    },
    steps: [{ action: 'acknowledge', at: '2025-07-04T02:10:00Z', by: cityOffice }],
  },
  {
    id: fixedUlid('2025-07-04T04:00:00Z', 5),
    at: '2025-07-04T04:00:00Z',
    by: delegationV2,
    input: {
      unitId: 'hong-an',
      visitId: visitIds.v2,
      category: 'expertise',
      title: 'Thiếu chuyên môn cho nhiệm vụ mới về xây dựng, tài chính',
      description:
        'Phường còn lúng túng với các nhiệm vụ mới được giao về xây dựng, tài chính và một số lĩnh vực chuyên ngành; cần hướng dẫn và bồi dưỡng.',
      severity: 'medium',
    },
    steps: [{ action: 'acknowledge', at: '2025-07-07T01:30:00Z', by: cityOffice }],
  },
  {
    id: fixedUlid('2025-07-04T04:30:00Z', 6),
    at: '2025-07-04T04:30:00Z',
    by: delegationV2,
    input: {
      unitId: 'an-lao',
      visitId: visitIds.v2,
      category: 'expertise',
      title: 'Thiếu chuyên môn cho nhiệm vụ mới về xây dựng, tài chính',
      description:
        'Xã còn lúng túng với các nhiệm vụ mới được giao về xây dựng, tài chính và một số lĩnh vực chuyên ngành; cần hướng dẫn và bồi dưỡng.',
      severity: 'medium',
    },
    steps: [],
  },
];
