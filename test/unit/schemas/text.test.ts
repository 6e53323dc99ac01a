import { describe, expect, it } from 'vitest';
import { foldForSearch } from '#shared/domain/search.ts';
import { hasVisibleCharacter } from '#shared/domain/text.ts';
import { Text } from '#shared/schemas/common.ts';
import { ObstacleInput, TransitionInput } from '#shared/schemas/obstacles.ts';
import { contracts } from '#shared/schemas/openapi.ts';
import {
  CommentInput,
  ExtensionDecisionInput,
  ExtensionRequestInput,
  TaskInput,
  TaskTransitionInput,
} from '#shared/schemas/tasks.ts';
import { FindingInput, VisitInput } from '#shared/schemas/visits.ts';
import * as z from '#shared/schemas/zod.ts';

/** "Nguyên Giáp" typed with combining marks, as some phone keyboards send it. */
const nfd = ' Nguye\u0302n Gia\u0301p\u0303 '.normalize('NFD');
const nfc = 'Nguyên Giáp\u0303'.normalize('NFC');

type Path = (string | number)[];

function setAt(body: unknown, path: Path, value: unknown) {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

function getAt(body: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], body);
}

const obstacle = {
  category: 'staffing',
  title: 'Thiếu công chức',
  description: 'Còn thiếu 4 vị trí',
  severity: 'high',
  quantity: { measure: 'posts-missing', total: 2, lines: [{ label: 'Kế toán', amount: 2 }] },
};
const task = {
  title: 'Rà soát nhân sự',
  description: 'Báo cáo số công chức còn thiếu',
  assignees: [{ kind: 'unit', id: 'nguyen-giap' }],
  dueInWorkingDays: 10,
};
const finding = {
  kind: 'directive',
  text: 'Bổ sung máy tính',
  obstacle: {
    category: 'equipment',
    title: 'Thiếu máy',
    description: 'Chỉ 2 máy',
    severity: 'low',
  },
  tasks: [
    {
      title: 'Mua máy',
      description: 'Mua 3 máy',
      assignees: [{ kind: 'unit', id: 'an-phu' }],
      dueInWorkingDays: 5,
    },
  ],
};

/** Every free-text field a client writes, in a body the schema otherwise accepts. */
const fields: [string, z.ZodMiniType, unknown, Path][] = [
  ['obstacle title', ObstacleInput, obstacle, ['title']],
  ['obstacle description', ObstacleInput, obstacle, ['description']],
  ['quantity line label', ObstacleInput, obstacle, ['quantity', 'lines', 0, 'label']],
  ['resolution note', TransitionInput, { action: 'propose_resolution', note: 'x' }, ['note']],
  ['reopen reason', TransitionInput, { action: 'reopen', reason: 'x' }, ['reason']],
  ['task title', TaskInput, task, ['title']],
  ['task description', TaskInput, task, ['description']],
  ['completion note', TaskTransitionInput, { action: 'complete', note: 'x' }, ['note']],
  ['cancel reason', TaskTransitionInput, { action: 'cancel', reason: 'x' }, ['reason']],
  ['comment', CommentInput, { text: 'x' }, ['text']],
  [
    'extension reason',
    ExtensionRequestInput,
    { requestedDue: '2025-08-01', reason: 'x' },
    ['reason'],
  ],
  ['extension decision note', ExtensionDecisionInput, { decision: 'reject', note: 'x' }, ['note']],
  [
    'visit purpose',
    VisitInput,
    { leaderIds: ['le-tien-chau'], date: '2025-07-03', unitIds: ['an-phu'], purpose: 'x' },
    ['purpose'],
  ],
  ['finding text', FindingInput, finding, ['text']],
  ['finding obstacle title', FindingInput, finding, ['obstacle', 'title']],
  ['finding obstacle description', FindingInput, finding, ['obstacle', 'description']],
  ['directive task title', FindingInput, finding, ['tasks', 0, 'title']],
  ['directive task description', FindingInput, finding, ['tasks', 0, 'description']],
];

/** Texts a reader sees nothing of. */
const blanks = [
  '',
  '   ',
  '\t\n',
  '\u200B',
  '\u200B\u200C\u200D',
  '\uFEFF',
  '\u2060',
  '\u00AD',
  '\u0301',
  ' \u0302\u0303 ',
  '\u3164',
  '\u2800',
  '\u200E\u200F',
];

describe('L1: one text schema for every free text', () => {
  it.each(fields)('L1: stores the %s composed (NFC) and trimmed', (_, schema, body, path) => {
    const parsed = schema.parse(setAt(body, path, nfd));
    expect(getAt(parsed, path)).toBe(nfc);
    expect((getAt(parsed, path) as string).normalize('NFC')).toBe(getAt(parsed, path));
  });

  it.each(fields)('L1: refuses a %s with no visible character', (_, schema, body, path) => {
    for (const blank of blanks) {
      const result = schema.safeParse(setAt(body, path, blank));
      expect(result.success, JSON.stringify(blank)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path.join('.'));
    }
  });

  it('L1: keeps a text that shows something among invisible characters', () => {
    // The last: a code point this runtime does not know yet, as a newer emoji would be.
    for (const text of ['Tốt ❤️', '👍🏽', 'A\u200Bb', '\u200BĐã nhận', '5', '\u{2FFFD}']) {
      expect(hasVisibleCharacter(text), JSON.stringify(text)).toBe(true);
      expect(Text(100).parse(text)).toBe(text.trim());
    }
    expect(Text(100).safeParse('\u200B').error?.issues[0]?.message).toBe(
      'Must contain a visible character',
    );
  });

  it('L1: every string a request body or query carries is the text schema, an id or a date', () => {
    // Keys whose values are opaque tokens or ids, compared byte for byte, never shown.
    const opaque = new Set(['cursor', 'visitId', 'findingId']);
    const unchecked: string[] = [];
    const texts: string[] = [];
    const walk = (schema: z.ZodMiniType, at: string, seen: Set<unknown>) => {
      if (seen.has(schema)) return;
      seen.add(schema);
      // biome-ignore lint/suspicious/noExplicitAny: zod's definitions differ per schema type
      const def = (schema as any)._zod.def;
      const checks = (def.checks ?? []) as { _zod: { def: { check: string } } }[];
      const kinds = checks.map((check) => check._zod.def.check);
      switch (def.type) {
        case 'string':
          if (kinds.includes('string_format') || opaque.has(at.split('.').pop() ?? '')) return;
          (kinds.includes('overwrite') ? texts : unchecked).push(at);
          return;
        case 'object':
          for (const [key, child] of Object.entries(def.shape)) {
            walk(child as z.ZodMiniType, `${at}.${key}`, seen);
          }
          return;
        case 'optional':
        case 'nullable':
        case 'default':
        case 'prefault':
          return walk(def.innerType, at, seen);
        case 'array':
          return walk(def.element, `${at}[]`, seen);
        case 'union':
          for (const option of def.options) walk(option, at, seen);
          return;
        case 'lazy':
          return walk(def.getter(), at, seen);
        case 'pipe':
          return walk(def.in, at, seen);
        case 'record':
          return walk(def.valueType, `${at}{}`, seen);
        default:
          return;
      }
    };
    for (const contract of contracts) {
      for (const part of ['body', 'query'] as const) {
        const schema = contract[part];
        if (schema) walk(schema, `${contract.name}.${part}`, new Set());
      }
    }
    expect(texts).toContain('createObstacle.body.quantity.lines[].label');
    expect(texts).toContain('decideExtension.body.note');
    expect(unchecked).toEqual([]);
  });

  it('L1: the JSON Schema of a free text is still a string with its bounds', () => {
    expect(z.toJSONSchema(Text(200, 3))).toMatchObject({
      type: 'string',
      minLength: 3,
      maxLength: 200,
    });
  });

  it('L1: search folding drops zero-width characters', () => {
    expect(foldForSearch('Nguy\u200Bên\uFEFF  Gi\u2060áp')).toBe('nguyen giap');
    expect(foldForSearch('\u200BĐường\u00AD liên thôn')).toBe('duong lien thon');
  });
});
