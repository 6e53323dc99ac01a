/** Fixed ids of the reference visits and findings, so obstacles and tasks can point at them. */
import { fixedUlid } from '#shared/ids.ts';

export const visitIds = {
  v1: fixedUlid('2025-07-04T01:00:00Z', 201),
  v2: fixedUlid('2025-07-04T02:00:00Z', 202),
  v3: fixedUlid('2025-07-03T02:00:00Z', 203),
};

export const findingIds = {
  v1EndOfDay: fixedUlid('2025-07-04T04:00:00Z', 301),
  v1Volunteers: fixedUlid('2025-07-04T04:01:00Z', 302),
  v1Zalo: fixedUlid('2025-07-04T04:02:00Z', 303),
  v2Offices: fixedUlid('2025-07-04T09:00:00Z', 304),
  v3Facilities: fixedUlid('2025-07-03T10:00:00Z', 305),
};
