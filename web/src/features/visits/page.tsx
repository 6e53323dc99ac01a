import { useState } from 'preact/hooks';
import { directiveStateLabels } from '#shared/domain/labels.ts';
import { FindingInput, type FindingView, type VisitView } from '#shared/schemas/visits.ts';
import * as z from '#shared/schemas/zod.ts';
import { Attachments, LocalFile, PhotoPicker } from '../../components/attachments.tsx';
import { ObstacleStatusTag, TaskStatusTag } from '../../components/items.tsx';
import { SavedOnPhone } from '../../components/outbox-status.tsx';
import {
  ErrorSummary,
  Loading,
  numberOrText,
  ProblemNotice,
  ReadFailure,
  Select,
  TextArea,
  TextField,
} from '../../components/ui.tsx';
import { newIdempotencyKey } from '../../lib/api.ts';
import { photoEntry } from '../../lib/attachments.ts';
import { formatDate } from '../../lib/format.ts';
import { submit as submitChange } from '../../lib/outbox/index.ts';
import { maxPhotosPerItem, type PreparedFile } from '../../lib/photos.ts';
import { useResource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';
import { useSubmit } from '../../lib/submit.ts';
import {
  emptyReport,
  type ReportDraft,
  ReportFields,
  reportBody,
} from '../obstacles/report-fields.tsx';

const kindLabels = {
  commendation: 'Khen ngợi',
  concern: 'Tồn tại, hạn chế',
  directive: 'Chỉ đạo',
} as const;
type Kind = keyof typeof kindLabels;

const labels: Record<string, string> = {
  kind: 'Loại ghi nhận',
  text: 'Nội dung',
  unitId: 'Xã, phường',
  'tasks.0.dueInWorkingDays': 'Hạn (ngày làm việc)',
  'tasks.0.assignees': 'Đơn vị chủ trì',
  'obstacle.category': 'Lĩnh vực',
  'obstacle.title': 'Tiêu đề khó khăn',
};

/**
 * A finding, fast on a phone: the visited commune is preselected, a directive's task goes
 * to it as lead with the finding's text as its title, so a directive with one task due in
 * N working days is: choose "Chỉ đạo", type the text, type N, save.
 */
function FindingForm({ visit, onSaved }: { visit: VisitView; onSaved: () => void }) {
  const single = visit.units.length === 1 ? visit.units[0]?.id : undefined;
  const [kind, setKind] = useState<Kind>('directive');
  const [text, setText] = useState('');
  const [unitId, setUnitId] = useState(single ?? visit.units[0]?.id ?? '');
  const [days, setDays] = useState('');
  const [coordinators, setCoordinators] = useState<string[]>([]);
  const [report, setReport] = useState<ReportDraft>(emptyReport);
  const { errors, problem, busy, submit: send } = useSubmit();
  const [key, setKey] = useState(newIdempotencyKey);
  const [saved, setSaved] = useState(false);
  const [onPhone, setOnPhone] = useState(false);
  const [photos, setPhotos] = useState<(PreparedFile & { caption?: string })[]>([]);

  const body = () => {
    const base = { kind, text, unitId: unitId || undefined };
    if (kind === 'concern') {
      const fields = reportBody({
        ...report,
        title: report.title || text.slice(0, 200),
        description: report.description || text,
      });
      return { ...base, obstacle: fields };
    }
    if (kind === 'directive') {
      const lead = { kind: 'unit' as const, id: unitId };
      return {
        ...base,
        tasks: [
          {
            assignees: [
              lead,
              ...coordinators
                .filter((c) => c !== unitId)
                .map((id) => ({ kind: 'unit' as const, id })),
            ],
            lead,
            dueInWorkingDays: numberOrText(days),
          },
        ],
      };
    }
    return base;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    setOnPhone(false);
    await send(z.built(FindingInput), body(), async (value) => {
      const reply = await submitChange(
        {
          kind: 'finding',
          label: `Ghi nhận: ${value.text.slice(0, 80)}`,
          path: `/visits/${visit.id}/findings`,
          method: 'POST',
          body: value,
          idempotencyKey: key,
        },
        // The photos go after the finding, onto the finding the server made.
        photos.map((p) => photoEntry(`/visits/${visit.id}/findings/{dependsOn}`, p, p.caption)),
      );
      setText('');
      setPhotos([]);
      setDays('');
      setReport(emptyReport);
      setCoordinators([]);
      setKey(newIdempotencyKey());
      // Sent: the visit shows it; kept on the phone: it goes when the network is back.
      if (reply.sent) {
        setSaved(true);
        onSaved();
      } else {
        setOnPhone(true);
      }
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="finding-title">
      <h2 id="finding-title">Thêm ghi nhận</h2>
      {saved ? (
        <p class="notice ok" role="status">
          Đã lưu ghi nhận.
        </p>
      ) : null}
      {onPhone ? <SavedOnPhone /> : null}
      <ErrorSummary errors={errors} labels={labels} />
      <ProblemNotice error={problem} />
      <fieldset id="f-kind">
        <legend>Loại ghi nhận</legend>
        {(Object.keys(kindLabels) as Kind[]).map((k) => (
          <div class="choice" key={k}>
            <input
              type="radio"
              name="kind"
              id={`kind-${k}`}
              value={k}
              checked={kind === k}
              onChange={() => setKind(k)}
            />
            <label for={`kind-${k}`}>{kindLabels[k]}</label>
          </div>
        ))}
      </fieldset>
      {visit.units.length > 1 ? (
        <Select
          name="unitId"
          label="Xã, phường"
          value={unitId}
          onInput={setUnitId}
          error={errors.unitId}
          options={visit.units.map((u) => [u.id, u.name])}
          blank={kind === 'directive' ? undefined : 'Chung cho các xã, phường'}
        />
      ) : null}
      <TextArea
        name="text"
        label="Nội dung"
        value={text}
        onInput={setText}
        error={errors.text}
        rows={3}
      />
      <fieldset>
        <legend>Ảnh kèm ghi nhận</legend>
        {photos.length ? (
          <ul class="cards evidence-list">
            {photos.map((p, i) => (
              <LocalFile
                key={i}
                file={p}
                onRemove={() => setPhotos((all) => all.filter((_, j) => j !== i))}
              />
            ))}
          </ul>
        ) : null}
        <PhotoPicker
          id="finding-photos"
          room={maxPhotosPerItem - photos.length}
          onPicked={(files, caption) =>
            setPhotos((all) => [...all, ...files.map((f) => ({ ...f, caption }))])
          }
        />
      </fieldset>
      {kind === 'directive' ? (
        <>
          <TextField
            name="tasks.0.dueInWorkingDays"
            label="Hạn hoàn thành (số ngày làm việc)"
            hint="Không tính thứ Bảy, Chủ nhật và ngày lễ."
            inputMode="numeric"
            class="narrow"
            value={days}
            onInput={setDays}
            error={errors['tasks.0.dueInWorkingDays'] ?? errors['tasks.0.dueDate']}
          />
          {visit.units.length > 1 ? (
            <fieldset>
              <legend>Đơn vị phối hợp</legend>
              {visit.units
                .filter((u) => u.id !== unitId)
                .map((u) => (
                  <div class="choice" key={u.id}>
                    <input
                      type="checkbox"
                      id={`coord-${u.id}`}
                      checked={coordinators.includes(u.id)}
                      onChange={() =>
                        setCoordinators((c) =>
                          c.includes(u.id) ? c.filter((x) => x !== u.id) : [...c, u.id],
                        )
                      }
                    />
                    <label for={`coord-${u.id}`}>{u.name}</label>
                  </div>
                ))}
            </fieldset>
          ) : null}
        </>
      ) : null}
      {kind === 'concern' ? (
        <details open>
          <summary>Khó khăn sẽ được mở cho xã, phường</summary>
          <ReportFields draft={report} onChange={setReport} errors={errors} prefix="obstacle." />
        </details>
      ) : null}
      <div class="actions">
        <button type="submit" disabled={busy}>
          Lưu ghi nhận
        </button>
      </div>
    </form>
  );
}

/** A finding's photos, read when the reader opens them (a visit has many findings). */
function FindingPhotos({ path, canAdd }: { path: string; canAdd: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Ảnh minh chứng</summary>
      {open ? <Attachments itemPath={path} canAdd={canAdd} /> : null}
    </details>
  );
}

function Finding({
  finding,
  visitId,
  canAdd,
}: {
  finding: FindingView;
  visitId: string;
  canAdd: boolean;
}) {
  return (
    <li>
      <strong>{kindLabels[finding.kind as Kind]}</strong>
      {finding.state ? ` (${directiveStateLabels[finding.state]})` : ''}: {finding.text}
      {finding.obstacle ? (
        <div class="meta">
          <a href={`/obstacles/${finding.obstacle.id}`}>{finding.obstacle.title}</a>
          <ObstacleStatusTag status={finding.obstacle.status} />
        </div>
      ) : null}
      {finding.tasks?.map((t) => (
        <div class="meta" key={t.id}>
          <a href={`/tasks/${t.id}`}>{t.title}</a>
          <TaskStatusTag status={t.status} />
          <span>hạn {formatDate(t.currentDue)}</span>
        </div>
      ))}
      <FindingPhotos path={`/visits/${visitId}/findings/${finding.id}`} canAdd={canAdd} />
    </li>
  );
}

export function VisitPage({ visitId }: { visitId: string }) {
  const caller = useCaller();
  const visit = useResource<VisitView>(`/visits/${visitId}`);
  if (visit.error && !visit.data) return <ReadFailure error={visit.error} />;
  const v = visit.data;
  if (!v) return <Loading />;
  // The delegation of a leader of the visit records its findings and their photos.
  const mine =
    caller.role === 'delegation' && v.leaders.some((l) => caller.leaderIds.includes(l.id));
  return (
    <>
      <h1>Chuyến kiểm tra {formatDate(v.date)}</h1>
      <dl class="summary">
        <dt>Lãnh đạo</dt>
        <dd>{v.leaders.map((l) => `${l.name} (${l.title})`).join('; ')}</dd>
        <dt>Xã, phường</dt>
        <dd>
          {v.units.map((u, i) => (
            <span key={u.id}>
              {i ? ', ' : ''}
              <a href={`/units/${u.id}`}>{u.name}</a>
            </span>
          ))}
        </dd>
        <dt>Mục đích</dt>
        <dd>{v.purpose}</dd>
        <dt>Tổng hợp chỉ đạo</dt>
        <dd id="rollup">{v.rollup.text}</dd>
      </dl>
      {mine ? <FindingForm visit={v} onSaved={visit.reload} /> : null}
      <h2>Ghi nhận</h2>
      {v.groups.map((g) => (
        <section key={g.unitId ?? 'all'} aria-label={g.unitName}>
          <h3>{g.unitName}</h3>
          <ul class="cards">
            {g.findings.map((f) => (
              <Finding key={f.id} finding={f} visitId={v.id} canAdd={mine} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
