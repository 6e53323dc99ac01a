import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asCityOffice, asCommune, call, tokens } from './helpers.ts';
import { obstacleBody, report, transition } from './obstacle-helpers.ts';

const { commune, office } = await tokens({
  commune: asCommune('nguyen-giap'),
  office: asCityOffice(),
});

const decomposed = (text: string) => ` ${text.normalize('NFD')}  `;

describe('L1: free text over HTTP', () => {
  it('L1: stores the title, quantity labels and resolution note composed, and finds them by search', async () => {
    const tag = randomUUID().slice(0, 8);
    const created = await report(
      commune,
      obstacleBody({
        category: 'staffing',
        title: decomposed(`Thiếu công chức địa chính ${tag}`),
        quantity: {
          measure: 'posts-missing',
          total: 2,
          lines: [{ label: decomposed('Công chức Tư pháp – Hộ tịch'), amount: 2 }],
        },
      }),
    );
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as string;
    await transition(office, id, '"1"', { action: 'acknowledge' });
    await transition(commune, id, '"2"', { action: 'start' });
    const proposed = await transition(commune, id, '"3"', {
      action: 'propose_resolution',
      note: decomposed('Đã tuyển đủ người'),
    });
    expect(proposed.status, JSON.stringify(proposed.json)).toBe(200);

    const { json: stored } = await call(`/obstacles/${id}`, { token: office });
    expect(stored.title).toBe(`Thiếu công chức địa chính ${tag}`.normalize('NFC'));
    expect(stored.quantity.lines[0].label).toBe('Công chức Tư pháp – Hộ tịch'.normalize('NFC'));
    expect(stored.resolutionNote).toBe('Đã tuyển đủ người'.normalize('NFC'));
    const { json: history } = await call(`/obstacles/${id}/history`, { token: office });
    expect(history.items.at(-1).note).toBe('Đã tuyển đủ người'.normalize('NFC'));

    // A query pasted with a zero-width space and a byte-order mark still finds it.
    const query = encodeURIComponent(`\u200Bđịa chính ${tag}\uFEFF`);
    const spaced = await call(`/obstacles?q=${query}`, { token: office });
    expect(spaced.status, JSON.stringify(spaced.json)).toBe(200);
    expect(spaced.json.items.map((o: { id: string }) => o.id)).toEqual([id]);
  });

  it('L1: refuses a title, label or note a reader would see nothing of, naming the field', async () => {
    const blank = await report(commune, obstacleBody({ title: '\u200B\u200B\u200B' }));
    expect(blank.status).toBe(400);
    expect(blank.json.errors).toContainEqual({
      field: 'body.title',
      message: 'Must contain a visible character',
    });

    const label = await report(
      commune,
      obstacleBody({
        quantity: { measure: 'rooms', total: 1, lines: [{ label: '\u0301', amount: 1 }] },
      }),
    );
    expect(label.status).toBe(400);
    expect(label.json.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.quantity.lines.0.label',
    ]);

    const created = await report(commune, obstacleBody());
    const id = created.json.id as string;
    await transition(office, id, '"1"', { action: 'acknowledge' });
    await transition(commune, id, '"2"', { action: 'start' });
    const note = await transition(commune, id, '"3"', {
      action: 'propose_resolution',
      note: ' \u200B\uFEFF ',
    });
    expect(note.status).toBe(400);
    expect(note.json.errors.map((e: { field: string }) => e.field)).toEqual(['body.note']);
    const { json: after } = await call(`/obstacles/${id}`, { token: office });
    expect(after).toMatchObject({ status: 'in_progress', version: 3 });
  });
});
