import { useState } from 'preact/hooks';
import { ObstacleInput } from '#shared/schemas/obstacles.ts';
import type { Unit } from '#shared/schemas/units.ts';
import * as z from '#shared/schemas/zod.ts';
import { SavedOnPhone } from '../../components/outbox-status.tsx';
import { ErrorSummary, ProblemNotice, Select } from '../../components/ui.tsx';
import { useCreate } from '../../lib/create.ts';
import { byVietnamese } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';
import { useSubmit } from '../../lib/submit.ts';
import {
  emptyReport,
  type ReportDraft,
  ReportFields,
  reportBody,
  reportLabels,
} from './report-fields.tsx';

export function ObstacleNew() {
  const caller = useCaller();
  const [draft, setDraft] = useState<ReportDraft>(emptyReport);
  const [unitId, setUnitId] = useState('');
  const { errors, problem, busy, submit: send } = useSubmit();
  const { saved, setSaved, create } = useCreate('obstacle', '/obstacles');
  const units = useResource<{ items: Unit[] }>(caller.role === 'delegation' ? '/units' : undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      ...reportBody(draft),
      ...(caller.role === 'delegation' ? { unitId: unitId || undefined } : {}),
    };
    setSaved(false);
    await send(z.built(ObstacleInput), body, async (value) => {
      // Kept on the phone: a blank form for the next report.
      if ((await create(`Báo cáo khó khăn: ${value.title}`, value)) === 'kept') {
        setDraft(emptyReport);
      }
    });
  };

  return (
    <>
      <h1>Báo cáo khó khăn, vướng mắc</h1>
      <ErrorSummary errors={errors} labels={{ ...reportLabels, unitId: 'Xã, phường' }} />
      <ProblemNotice error={problem} />
      {saved ? <SavedOnPhone /> : null}
      <form onSubmit={submit} noValidate>
        {caller.role === 'delegation' ? (
          <Select
            name="unitId"
            label="Xã, phường"
            blank="Chọn xã, phường"
            value={unitId}
            onInput={setUnitId}
            error={errors.unitId}
            options={[...(units.data?.items ?? [])]
              .sort(byVietnamese((u) => u.name))
              .map((u) => [u.id, u.name])}
          />
        ) : null}
        <ReportFields draft={draft} onChange={setDraft} errors={errors} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Gửi báo cáo
          </button>
        </div>
      </form>
    </>
  );
}
