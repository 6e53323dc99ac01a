import { useEffect, useState } from 'preact/hooks';
import { etagOf } from '#shared/domain/versioning.ts';
import { type DossierReport, DossierReportInput } from '#shared/schemas/dossiers.ts';
import type { Obstacle } from '#shared/schemas/obstacles.ts';
import * as z from '#shared/schemas/zod.ts';
import { Empty, ObstacleItem } from '../../components/items.tsx';
import { SavedOnPhone } from '../../components/outbox-status.tsx';
import {
  ErrorSummary,
  Loading,
  numberOrText,
  ProblemNotice,
  TextField,
} from '../../components/ui.tsx';
import { ApiError } from '../../lib/api.ts';
import { formatDate, today } from '../../lib/format.ts';
import { submit as submitChange } from '../../lib/outbox/index.ts';
import { useResource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';
import { useSubmit } from '../../lib/submit.ts';

const fields = [
  ['received', 'Hồ sơ tiếp nhận trong ngày'],
  ['resolved', 'Hồ sơ đã giải quyết'],
  ['resolvedOnTime', 'Trong đó, giải quyết đúng hạn'],
  ['overdue', 'Hồ sơ quá hạn còn tồn cuối ngày'],
  ['citizenVisits', 'Lượt công dân đến giao dịch (nếu có)'],
] as const;
type Field = (typeof fields)[number][0];

/** The end-of-day meeting ("họp cuối mỗi ngày"): the day's new obstacles and the day's figures. */
export function Dossier() {
  const caller = useCaller();
  const unitId = caller.unitId ?? '';
  const day = today();
  const path = `/units/${unitId}/dossier-reports/${day}`;
  const reports = useResource<{ items: DossierReport[] }>(`/units/${unitId}/dossier-reports`, {
    from: day,
    to: day,
  });
  const obstacles = useResource<{ items: Obstacle[] }>('/obstacles', { unitId, limit: 100 });
  const existing = reports.data?.items.find((r) => r.date === day);
  const [values, setValues] = useState<Record<Field, string>>({
    received: '',
    resolved: '',
    resolvedOnTime: '',
    overdue: '',
    citizenVisits: '',
  });
  const [etag, setEtag] = useState<string>();
  const { errors, problem, submit: send } = useSubmit();
  const [saved, setSaved] = useState(false);
  const [onPhone, setOnPhone] = useState(false);

  useEffect(() => {
    if (!existing) return;
    setValues({
      received: String(existing.received),
      resolved: String(existing.resolved),
      resolvedOnTime: String(existing.resolvedOnTime),
      overdue: String(existing.overdue),
      citizenVisits: existing.citizenVisits === undefined ? '' : String(existing.citizenVisits),
    });
    setEtag(etagOf(existing));
  }, [existing?.version]);

  const todays = (obstacles.data?.items ?? []).filter(
    (o) =>
      o.createdAt && new Date(o.createdAt).getTime() >= new Date(`${day}T00:00:00+07:00`).getTime(),
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    setOnPhone(false);
    const body = Object.fromEntries(fields.map(([name]) => [name, numberOrText(values[name])]));
    await send(z.built(DossierReportInput), body, async (value) => {
      try {
        const reply = await submitChange<DossierReport>({
          kind: 'dossier',
          label: `Số liệu hồ sơ ngày ${formatDate(day)}`,
          path,
          method: 'PUT',
          body: value,
          ifMatch: existing ? etag : undefined,
        });
        if (!reply.sent) {
          setOnPhone(true);
          return;
        }
        setEtag(reply.etag);
        setSaved(true);
        reports.reload();
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) reports.reload();
        throw error;
      }
    });
  };

  return (
    <>
      <h1>Họp cuối ngày {formatDate(day)}</h1>
      <h2>Khó khăn mới trong ngày</h2>
      {obstacles.loading ? <Loading /> : null}
      {obstacles.data && !todays.length ? <Empty>Hôm nay chưa có khó khăn mới.</Empty> : null}
      <ul class="cards">
        {todays.map((o) => (
          <ObstacleItem key={o.id} obstacle={o} />
        ))}
      </ul>
      <h2>Số liệu hồ sơ hành chính trong ngày</h2>
      {existing ? <p class="notice ok">Đã gửi số liệu hôm nay; sửa rồi lưu lại nếu cần.</p> : null}
      {saved ? (
        <p class="notice ok" role="status">
          Đã lưu số liệu ngày {formatDate(day)}.
        </p>
      ) : null}
      {onPhone ? <SavedOnPhone /> : null}
      <ErrorSummary errors={errors} labels={Object.fromEntries(fields)} />
      <ProblemNotice error={problem} />
      <form onSubmit={submit} noValidate>
        {fields.map(([name, label]) => (
          <TextField
            key={name}
            name={name}
            label={label}
            inputMode="numeric"
            class="narrow"
            value={values[name]}
            onInput={(v) => setValues((all) => ({ ...all, [name]: v }))}
            error={errors[name]}
          />
        ))}
        <div class="actions">
          <button type="submit">{existing ? 'Lưu số liệu đã sửa' : 'Gửi số liệu'}</button>
        </div>
      </form>
    </>
  );
}
