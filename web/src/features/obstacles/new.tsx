import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ObstacleInput } from '#shared/schemas/obstacles.ts';
import type { Unit } from '#shared/schemas/units.ts';
import * as z from '#shared/schemas/zod.ts';
import { SavedOnPhone } from '../../components/outbox-status.tsx';
import { ErrorSummary, ProblemNotice, Select } from '../../components/ui.tsx';
import { newIdempotencyKey } from '../../lib/api.ts';
import { byVietnamese } from '../../lib/format.ts';
import { submit as submitChange } from '../../lib/outbox/index.ts';
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
  const [key, setKey] = useState(newIdempotencyKey);
  const [saved, setSaved] = useState(false);
  const units = useResource<{ items: Unit[] }>(caller.role === 'delegation' ? '/units' : undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      ...reportBody(draft),
      ...(caller.role === 'delegation' ? { unitId: unitId || undefined } : {}),
    };
    setSaved(false);
    await send(z.built(ObstacleInput), body, async (value) => {
      const reply = await submitChange<{ id: string }>({
        kind: 'obstacle',
        label: `Báo cáo khó khăn: ${value.title}`,
        path: '/obstacles',
        method: 'POST',
        body: value,
        idempotencyKey: key,
      });
      if (reply.sent) {
        location.route(`/obstacles/${reply.data.id}`);
        return;
      }
      // Kept on the phone: a blank form for the next report, with a key of its own.
      setSaved(true);
      setDraft(emptyReport);
      setKey(newIdempotencyKey());
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
