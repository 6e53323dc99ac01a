import { useState } from 'preact/hooks';
import type { Unit } from '#shared/schemas/units.ts';
import { VisitInput } from '#shared/schemas/visits.ts';
import * as z from '#shared/schemas/zod.ts';
import { SavedOnPhone } from '../../components/outbox-status.tsx';
import {
  DateField,
  dateFormatError,
  ErrorSummary,
  Loading,
  ProblemNotice,
  TextArea,
  useDraft,
} from '../../components/ui.tsx';
import { useCreate } from '../../lib/create.ts';
import { byVietnamese, formatDate, parseDate, today } from '../../lib/format.ts';
import { useResource } from '../../lib/resource.ts';
import { useCaller } from '../../lib/session.tsx';
import { useSubmit } from '../../lib/submit.ts';

const labels = {
  date: 'Ngày kiểm tra',
  unitIds: 'Xã, phường',
  purpose: 'Mục đích',
  leaderIds: 'Lãnh đạo',
};

export function VisitNew() {
  const caller = useCaller();
  const units = useResource<{ items: Unit[] }>('/units');
  const [chosen, setChosen] = useState<string[]>([]);
  const [leaders, setLeaders] = useState<string[]>(caller.leaderIds);
  const { errors, problem, busy, submit: send } = useSubmit();
  const { draft, setDraft, field } = useDraft({ date: formatDate(today()), purpose: '' }, errors);
  const { saved, setSaved, create } = useCreate('visit', '/visits');

  const toggle = (list: string[], id: string) =>
    list.includes(id) ? list.filter((x) => x !== id) : [...list, id];

  const submit = async (e: Event) => {
    e.preventDefault();
    const iso = parseDate(draft.date);
    setSaved(false);
    await send(
      z.built(VisitInput),
      { leaderIds: leaders, date: iso ?? draft.date, unitIds: chosen, purpose: draft.purpose },
      async (value) => {
        if ((await create(`Chuyến kiểm tra ngày ${formatDate(value.date)}`, value)) === 'kept') {
          // Kept on the phone: the next visit is written on a blank form.
          setDraft((d) => ({ ...d, purpose: '' }));
          setChosen([]);
        }
      },
      iso ? {} : { date: dateFormatError },
    );
  };

  return (
    <>
      <h1>Ghi chuyến kiểm tra</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <ProblemNotice error={problem} />
      {saved ? <SavedOnPhone /> : null}
      <form onSubmit={submit} noValidate>
        {caller.leaderIds.length > 1 ? (
          <fieldset id="f-leaderIds">
            <legend>Lãnh đạo</legend>
            {caller.leaderIds.map((id) => (
              <div class="choice" key={id}>
                <input
                  type="checkbox"
                  id={`leader-${id}`}
                  checked={leaders.includes(id)}
                  onChange={() => setLeaders(toggle(leaders, id))}
                />
                <label for={`leader-${id}`}>{id}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <DateField {...field('date')} label="Ngày kiểm tra" hint="dd/mm/yyyy" />
        <fieldset id="f-unitIds" class={errors.unitIds ? 'field invalid' : 'field'}>
          <legend>Xã, phường được kiểm tra</legend>
          {errors.unitIds ? <span class="error-message">{errors.unitIds}</span> : null}
          {units.loading ? <Loading /> : null}
          {[...(units.data?.items ?? [])].sort(byVietnamese((u) => u.name)).map((u) => (
            <div class="choice" key={u.id}>
              <input
                type="checkbox"
                id={`unit-${u.id}`}
                checked={chosen.includes(u.id)}
                onChange={() => setChosen(toggle(chosen, u.id))}
              />
              <label for={`unit-${u.id}`}>{u.name}</label>
            </div>
          ))}
        </fieldset>
        <TextArea {...field('purpose')} label="Mục đích" />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Lưu chuyến kiểm tra
          </button>
        </div>
      </form>
    </>
  );
}
