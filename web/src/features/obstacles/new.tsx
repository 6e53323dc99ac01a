import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ObstacleInput } from '#shared/schemas/obstacles.ts';
import type { Unit } from '#shared/schemas/units.ts';
import * as z from '#shared/schemas/zod.ts';
import { ErrorSummary, ProblemNotice, Select } from '../../components/ui.tsx';
import { api, newIdempotencyKey } from '../../lib/api.ts';
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
  const location = useLocation();
  const [draft, setDraft] = useState<ReportDraft>(emptyReport);
  const [unitId, setUnitId] = useState('');
  const { errors, problem, busy, submit: send } = useSubmit();
  // One key per report being written: a retry of the same report never makes a second one.
  const [key] = useState(newIdempotencyKey);
  const units = useResource<{ items: Unit[] }>(caller.role === 'delegation' ? '/units' : undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      ...reportBody(draft),
      ...(caller.role === 'delegation' ? { unitId: unitId || undefined } : {}),
    };
    await send(z.built(ObstacleInput), body, async (value) => {
      const reply = await api.post<{ id: string }>('/obstacles', {
        body: value,
        idempotencyKey: key,
      });
      location.route(`/obstacles/${reply.data.id}`);
    });
  };

  return (
    <>
      <h1>Báo cáo khó khăn, vướng mắc</h1>
      <ErrorSummary errors={errors} labels={{ ...reportLabels, unitId: 'Xã, phường' }} />
      <ProblemNotice error={problem} />
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
