/** The fields of an obstacle report: a commune's own, or a concern found on a visit. */
import { categoryLabels, measureLabels, severityLabels } from '#shared/domain/labels.ts';
import { countedMeasures, lengthMeasures, obstacleCategories } from '#shared/schemas/obstacles.ts';
import { choices, numberOrText, Select, TextArea, TextField } from '../../components/ui.tsx';
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
  /** A draft field's name, value and error: its path in the API's body is `path`. */
  const field = (name: keyof ReportDraft, path: string = name) => ({
    name: `${prefix}${path}`,
    value: draft[name],
    onInput: (value: string) => onChange({ ...draft, [name]: value }),
    error: errors[`${prefix}${path}`],
  });
  return (
    <>
      <Select
        {...field('category')}
        label="Lĩnh vực"
        blank="Chọn lĩnh vực"
        options={choices(obstacleCategories, categoryLabels)}
      />
      <TextField {...field('title')} label="Tiêu đề" />
      <TextArea
        {...field('description')}
        label="Mô tả"
        hint="Khó khăn là gì, ảnh hưởng thế nào, đã làm gì."
      />
      <Select {...field('severity')} label="Mức độ" options={Object.entries(severityLabels)} />
      <Select
        {...field('measure', 'quantity.measure')}
        label="Đơn vị đo (nếu có)"
        blank="Không"
        options={choices([...countedMeasures, ...lengthMeasures], measureLabels)}
      />
      {draft.measure ? (
        <TextField
          {...field('total', 'quantity.total')}
          label="Số lượng"
          inputMode="decimal"
          class="narrow"
        />
      ) : null}
    </>
  );
}
