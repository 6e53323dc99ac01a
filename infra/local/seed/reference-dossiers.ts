/**
 * Daily dossier figures of the reference case, spread over the days. The totals are the
 * reported ones: An Phú 146 received and resolved on time over 1–3 July 2025; Ái Quốc 188
 * citizens served to noon on 4 July, every dossier on time (the report gives visits, not
 * dossiers: one dossier a visit is our assumption); Nguyên Giáp 90 received and 68
 * returned in its first three days, none overdue. The split by day is illustrative.
 */
import type { DossierReportInput } from '#shared/schemas/dossiers.ts';

export interface SeedDossierReport {
  unitId: string;
  date: string;
  figures: DossierReportInput;
}

const onTime = (
  unitId: string,
  date: string,
  n: number,
  citizenVisits?: number,
): SeedDossierReport => ({
  unitId,
  date,
  figures: {
    received: n,
    resolved: n,
    resolvedOnTime: n,
    overdue: 0,
    ...(citizenVisits === undefined ? {} : { citizenVisits }),
  },
});

export const seedDossierReports: SeedDossierReport[] = [
  onTime('an-phu', '2025-07-01', 52),
  onTime('an-phu', '2025-07-02', 49),
  onTime('an-phu', '2025-07-03', 45),
  onTime('ai-quoc', '2025-07-01', 54, 54),
  onTime('ai-quoc', '2025-07-02', 52, 52),
  onTime('ai-quoc', '2025-07-03', 50, 50),
  onTime('ai-quoc', '2025-07-04', 32, 32),
  {
    unitId: 'nguyen-giap',
    date: '2025-07-01',
    figures: { received: 35, resolved: 20, resolvedOnTime: 20, overdue: 0 },
  },
  {
    unitId: 'nguyen-giap',
    date: '2025-07-02',
    figures: { received: 30, resolved: 24, resolvedOnTime: 24, overdue: 0 },
  },
  {
    unitId: 'nguyen-giap',
    date: '2025-07-03',
    figures: { received: 25, resolved: 24, resolvedOnTime: 24, overdue: 0 },
  },
];
