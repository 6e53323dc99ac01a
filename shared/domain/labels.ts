import type { ObstacleCategory, ObstacleStatus } from '../schemas/obstacles.ts';
import type { TaskStatus } from '../schemas/tasks.ts';
import type { DirectiveState } from '../schemas/visits.ts';
import { vietnamOffsetMs } from './calendar/vietnam.ts';

/** Vietnamese labels for what officials read: exports and digests. */
export const categoryLabels: Record<ObstacleCategory, string> = {
  staffing: 'Nhân sự, biên chế',
  facilities: 'Cơ sở vật chất',
  equipment: 'Trang thiết bị',
  roads: 'Giao thông kết nối',
  expertise: 'Chuyên môn, nghiệp vụ',
  'digital-infrastructure': 'Hạ tầng số',
  guidance: 'Hướng dẫn, văn bản',
  other: 'Khác',
};

export const statusLabels: Record<ObstacleStatus, string> = {
  reported: 'Mới báo cáo',
  acknowledged: 'Đã tiếp nhận',
  in_progress: 'Đang xử lý',
  resolution_proposed: 'Đề nghị xác nhận đã tháo gỡ',
  reopened: 'Mở lại',
  verified: 'Đã tháo gỡ (đã xác nhận)',
  withdrawn: 'Đã rút (không tháo gỡ)',
};

export const taskStatusLabels: Record<TaskStatus, string> = {
  assigned: 'Đã giao',
  in_progress: 'Đang thực hiện',
  done: 'Đã hoàn thành (chờ xác nhận)',
  verified: 'Đã xác nhận hoàn thành',
  cancelled: 'Đã hủy',
};

/** Where a directive stands, as a visit's roll-up counts it. */
export const directiveStateLabels: Record<DirectiveState, string> = {
  verified: 'đã xác nhận hoàn thành',
  done: 'đã hoàn thành',
  overdue: 'quá hạn',
  open: 'đang thực hiện',
  cancelled: 'đã hủy',
  untracked: 'chưa giao nhiệm vụ',
};

export const severityLabels = {
  low: 'Thấp',
  medium: 'Trung bình',
  high: 'Cao',
  critical: 'Rất cao',
};

export const measureLabels = {
  'posts-missing': 'Vị trí còn thiếu',
  'equipment-items': 'Thiết bị',
  'road-km': 'Km đường',
  rooms: 'Phòng làm việc',
};

/** `2025-07-04 09:30`, in Vietnam's time. */
export function formatLocalTime(iso: string): string {
  const ms = Date.parse(iso);
  // A read never fails on what is stored: a value that is no time shows as it is.
  if (Number.isNaN(ms)) return String(iso ?? '');
  return new Date(ms + vietnamOffsetMs).toISOString().slice(0, 16).replace('T', ' ');
}
