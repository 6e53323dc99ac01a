/** The fields of an obstacle report: a commune's own, or a concern found on a visit. */
import { categoryLabels, measureLabels, severityLabels } from '#shared/domain/labels.ts';
import { countedMeasures, lengthMeasures, obstacleCategories } from '#shared/schemas/obstacles.ts';
import { numberOrText, Select, TextArea, TextField } from '../../components/ui.tsx';
import type { FieldErrors } from '../../lib/validation.ts';

export interface ReportDraft {
  category: string;
  title: string;
  description: string;
  severity: string;
  measure: string;
  total: string;
}

export const emptyReport: ReportDraft = {
  category: '',
  title: '',
  description: '',
  severity: 'medium',
  measure: '',
  total: '',
};

export const reportLabels: Record<string, string> = {
  category: 'Lĩnh vực',
  title: 'Tiêu đề',
  description: 'Mô tả',
  severity: 'Mức độ',
  'quantity.measure': 'Đơn vị đo',
  'quantity.total': 'Số lượng',
};

/** The draft as the API's ObstacleInput fields (empty fields left out, for the schema to judge). */
export function reportBody(draft: ReportDraft) {
  return {
    category: draft.category || undefined,
    title: draft.title,
    description: draft.description,
    severity: draft.severity || undefined,
    quantity: draft.measure
      ? { measure: draft.measure, total: numberOrText(draft.total) }
      : undefined,
  };
}

export function ReportFields({
  draft,
  onChange,
  errors,
  prefix = '',
}: {
  draft: ReportDraft;
  onChange: (draft: ReportDraft) => void;
  errors: FieldErrors;
  prefix?: string;
}) {
  const set = (name: keyof ReportDraft) => (value: string) => onChange({ ...draft, [name]: value });
  const err = (name: string) => errors[`${prefix}${name}`];
  return (
    <>
      <Select
        name={`${prefix}category`}
        label="Lĩnh vực"
        blank="Chọn lĩnh vực"
        value={draft.category}
        onInput={set('category')}
        error={err('category')}
        options={obstacleCategories.map((c) => [c, categoryLabels[c]])}
      />
      <TextField
        name={`${prefix}title`}
        label="Tiêu đề"
        value={draft.title}
        onInput={set('title')}
        error={err('title')}
      />
      <TextArea
        name={`${prefix}description`}
        label="Mô tả"
        hint="Khó khăn là gì, ảnh hưởng thế nào, đã làm gì."
        value={draft.description}
        onInput={set('description')}
        error={err('description')}
      />
      <Select
        name={`${prefix}severity`}
        label="Mức độ"
        value={draft.severity}
        onInput={set('severity')}
        error={err('severity')}
        options={Object.entries(severityLabels)}
      />
      <Select
        name={`${prefix}quantity.measure`}
        label="Đơn vị đo (nếu có)"
        blank="Không"
        value={draft.measure}
        onInput={set('measure')}
        error={err('quantity.measure')}
        options={[...countedMeasures, ...lengthMeasures].map((m) => [m, measureLabels[m]])}
      />
      {draft.measure ? (
        <TextField
          name={`${prefix}quantity.total`}
          label="Số lượng"
          inputMode="decimal"
          class="narrow"
          value={draft.total}
          onInput={set('total')}
          error={err('quantity.total')}
        />
      ) : null}
    </>
  );
}
