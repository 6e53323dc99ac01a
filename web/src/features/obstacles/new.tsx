import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ObstacleInput } from '#shared/schemas/obstacles.ts';
import type { Unit } from '#shared/schemas/units.ts';
import * as z from '#shared/schemas/zod.ts';
import { ErrorSummary, ProblemNotice, Select } from '../../components/ui.tsx';
import { ApiError, api, newIdempotencyKey } from '../../lib/api.ts';
import { byVietnamese } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';
import { check, type FieldErrors } from '../../lib/validation.ts';
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per report being written: a retry of the same report never makes a second one.
  const [key] = useState(newIdempotencyKey);
  const units = useResource<{ items: Unit[] }>(caller.role === 'delegation' ? '/units' : undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      ...reportBody(draft),
      ...(caller.role === 'delegation' ? { unitId: unitId || undefined } : {}),
    };
    const checked = check(z.built(ObstacleInput), body);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setProblem(undefined);
    setBusy(true);
    try {
      const reply = await api.post<{ id: string }>('/obstacles', {
        body: checked.value,
        idempotencyKey: key,
      });
      location.route(`/obstacles/${reply.data.id}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setErrors(stripBody(error.fields));
      setProblem(error);
    } finally {
      setBusy(false);
    }
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

/** The server names fields `body.title`; the form names them `title`. */
export function stripBody(fields: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.replace(/^body\./, ''), v]));
}
