/**
 * Photo evidence over HTTP: an upload asked for on the API, sent by a browser's form to the
 * local S3 endpoint under its presigned POST, registered on the obstacle, listed, read
 * through a presigned GET; another commune gets 404 for all of it; and the evidence rule
 * refuses a resolution of a facilities obstacle without a photo.
 */
import { describe, expect, it } from 'vitest';
import { newUlid } from '#shared/ids.ts';
import {
  askUpload as askUploadOn,
  photo,
  registerOnce,
  registration,
  sendForm,
} from './attachment-helpers.ts';
import { apiUrl, asCityOffice, asCommune, asDelegation, call, post, tokens } from './helpers.ts';
import { reportOk, transition } from './obstacle-helpers.ts';
import { act, assign } from './task-helpers.ts';

const { commune, otherCommune, office, delegation } = await tokens({
  delegation: asDelegation(),
  commune: asCommune('nguyen-giap'),
  otherCommune: asCommune('an-phu'),
  office: asCityOffice(),
});

const origin = apiUrl.replace(/\/api$/, '');

/** A facilities obstacle of Nguyên Giáp, acknowledged and in progress (version 3). */
async function inProgress() {
  const created = await reportOk(commune, { category: 'facilities', severity: 'high' });
  expect((await transition(office, created.id, '"1"', { action: 'acknowledge' })).status).toBe(200);
  expect((await transition(commune, created.id, '"2"', { action: 'start' })).status).toBe(200);
  return created.id;
}

const askUpload = (token: string, id: string, body: Record<string, unknown> = {}) =>
  askUploadOn(token, `/obstacles/${id}`, body);

describe('photo evidence on an obstacle', () => {
  it('uploads through the presigned POST, registers, lists and reads the photo; the rule then lets the resolution through', async () => {
    const id = await inProgress();

    const refused = await transition(commune, id, '"3"', {
      action: 'propose_resolution',
      note: 'Đã lợp lại mái phòng tiếp dân',
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([
      { field: 'attachments', message: 'At least 1 photo required (0 attached)' },
    ]);

    const asked = await askUpload(commune, id);
    expect(asked.status, asked.text).toBe(201);
    const ticket = asked.json;
    expect(ticket.url).toBe(`${origin}/local/s3/thaogo-local-uploads`);
    expect(ticket.key).toBe(`attachments/obstacle/${id}/${ticket.uploadId}/Phong-tiep-dan.jpg`);
    expect(ticket.maxBytes).toBe(5 * 1024 * 1024);
    expect(ticket.fields).toMatchObject({
      key: ticket.key,
      'Content-Type': 'image/jpeg',
      'x-amz-meta-uploader': 'it-commune-nguyen-giap',
    });
    expect(Date.parse(ticket.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000);

    const uploaded = await sendForm(ticket);
    expect(uploaded.status, await uploaded.clone().text()).toBe(204);

    const added = await registerOnce(
      commune,
      { itemType: 'obstacle', itemId: id, path: `/obstacles/${id}` },
      ticket,
      { sub: 'it-commune-nguyen-giap', role: 'commune' },
    );

    const listed = await call(`/obstacles/${id}/attachments`, { token: office });
    expect(listed.status).toBe(200);
    expect(listed.json.items).toEqual([added]);

    const history = await call(`/obstacles/${id}/history`, { token: office });
    expect(history.json.items.map((e: { action: string }) => e.action)).toEqual([
      'report',
      'acknowledge',
      'start',
      'attach',
    ]);

    const link = await call(`/obstacles/${id}/attachments/${ticket.uploadId}`, { token: office });
    expect(link.status, link.text).toBe(200);
    expect(link.json.url.startsWith(`${origin}/local/s3/thaogo-local-uploads/`)).toBe(true);
    expect(Date.parse(link.json.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60 * 1000);
    const file = await fetch(link.json.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(photo);
    const tampered = await fetch(
      link.json.url.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'0'.repeat(64)}`),
    );
    expect(tampered.status).toBe(403);

    const proposed = await transition(commune, id, '"3"', {
      action: 'propose_resolution',
      note: 'Đã lợp lại mái phòng tiếp dân',
      attachments: [ticket.uploadId],
    });
    expect(proposed.status, proposed.text).toBe(200);
    expect(proposed.json.status).toBe('resolution_proposed');
    // The office that verifies reads which photo backs the proposal.
    const after = await call(`/obstacles/${id}/history`, { token: office });
    expect(after.json.items.at(-1)).toMatchObject({
      action: 'propose_resolution',
      attachments: [ticket.uploadId],
    });
  });

  it('refuses a proposal naming an attachment the obstacle does not carry, on body.attachments', async () => {
    const id = await inProgress();
    const ticket = (await askUpload(commune, id)).json;
    expect((await sendForm(ticket)).status).toBe(204);
    expect((await post(`/obstacles/${id}/attachments`, commune, registration(ticket))).status).toBe(
      201,
    );
    const other = await inProgress();
    const elsewhere = (await askUpload(commune, other)).json;
    expect((await sendForm(elsewhere)).status).toBe(204);
    expect(
      (await post(`/obstacles/${other}/attachments`, commune, registration(elsewhere))).status,
    ).toBe(201);

    const refused = await transition(commune, id, '"3"', {
      action: 'propose_resolution',
      note: 'Đã lợp lại mái phòng tiếp dân',
      attachments: [ticket.uploadId, elsewhere.uploadId],
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([
      { field: 'body.attachments', message: `Not attached to this item: ${elsewhere.uploadId}` },
    ]);
    const tooMany = await transition(commune, id, '"3"', {
      action: 'propose_resolution',
      note: 'x',
      attachments: Array.from({ length: 6 }, () => ticket.uploadId),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0].field).toBe('body.attachments');
    const snapshot = await call(`/obstacles/${id}`, { token: commune });
    expect(snapshot.json.status).toBe('in_progress');
  });

  it("answers 404 to another commune for the obstacle's attachments, one of them, and an upload", async () => {
    const id = await inProgress();
    const ticket = (await askUpload(commune, id)).json;
    expect((await sendForm(ticket)).status).toBe(204);
    const added = await post(`/obstacles/${id}/attachments`, commune, registration(ticket));
    expect(added.status, added.text).toBe(201);

    const list = await call(`/obstacles/${id}/attachments`, { token: otherCommune });
    expect(list.status).toBe(404);
    const one = await call(`/obstacles/${id}/attachments/${ticket.uploadId}`, {
      token: otherCommune,
    });
    expect(one.status).toBe(404);
    expect(one.json.url).toBeUndefined();
    expect((await askUpload(otherCommune, id)).status).toBe(404);
    expect(
      (await post(`/obstacles/${id}/attachments`, otherCommune, registration(ticket))).status,
    ).toBe(404);
  });

  it('refuses to register what was not uploaded as announced, and writes nothing', async () => {
    const id = await inProgress();
    const ticket = (await askUpload(commune, id)).json;

    const missing = await post(`/obstacles/${id}/attachments`, commune, registration(ticket));
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([
      { field: 'body.key', message: 'No file was uploaded under this key' },
    ]);

    expect((await sendForm(ticket)).status).toBe(204);
    const wrongSize = await post(
      `/obstacles/${id}/attachments`,
      commune,
      registration(ticket, { size: 99 }),
    );
    expect(wrongSize.status).toBe(400);
    expect(wrongSize.json.errors[0].field).toBe('body.size');

    const elsewhere = await post(
      `/obstacles/${id}/attachments`,
      commune,
      registration(ticket, { key: `attachments/obstacle/${id}/other/x.jpg` }),
    );
    expect(elsewhere.status).toBe(400);

    const listed = await call(`/obstacles/${id}/attachments`, { token: commune });
    expect(listed.json.items).toEqual([]);
  });

  it('lets the local bucket refuse a file of another type than the ticket names', async () => {
    const id = await inProgress();
    const ticket = (await askUpload(commune, id)).json;
    const sent = await sendForm(
      { ...ticket, fields: { ...ticket.fields, 'Content-Type': 'text/html' } },
      photo,
      'text/html',
    );
    expect(sent.status).toBe(403);
    expect(await sent.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('refuses an upload of an unknown type or of more than 5 MB on the API already', async () => {
    const id = await inProgress();
    const exe = await askUpload(commune, id, { contentType: 'application/x-msdownload' });
    expect(exe.status).toBe(400);
    const big = await askUpload(commune, id, { size: 5 * 1024 * 1024 + 1 });
    expect(big.status).toBe(400);
  });

  it('holds at most 5 files on one item', async () => {
    const id = await inProgress();
    for (let i = 0; i < 5; i++) {
      const ticket = (await askUpload(commune, id)).json;
      expect((await sendForm(ticket)).status).toBe(204);
      const added = await post(`/obstacles/${id}/attachments`, commune, registration(ticket));
      expect(added.status, added.text).toBe(201);
    }
    const sixth = (await askUpload(commune, id)).json;
    expect((await sendForm(sixth)).status).toBe(204);
    const refused = await post(`/obstacles/${id}/attachments`, commune, registration(sixth));
    expect(refused.status).toBe(409);
    expect(refused.json.type).toBe('urn:thaogo:problem:limit-reached');
    const listed = await call(`/obstacles/${id}/attachments`, { token: commune });
    expect(listed.json.items).toHaveLength(5);
  });
});

describe('photo evidence on a task', () => {
  it('completes a task naming the photo its lead attached; the history shows it, an unknown one is refused', async () => {
    const task = await assign(delegation, { assignees: [{ kind: 'unit', id: 'nguyen-giap' }] });
    expect((await act(commune, task.id, '"1"', { action: 'start' })).status).toBe(200);
    const path = `/tasks/${task.id}`;
    const ticket = (await askUploadOn(commune, path)).json;
    expect((await sendForm(ticket)).status).toBe(204);
    expect((await post(`${path}/attachments`, commune, registration(ticket))).status).toBe(201);

    const complete = { action: 'complete', note: 'Đã sửa xong phòng tiếp dân' };
    const unknown = await act(commune, task.id, '"2"', { ...complete, attachments: [newUlid()] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].field).toBe('body.attachments');
    // Only a completion names its evidence: a cancel by the assigner that names one is refused.
    const cancel = await act(delegation, task.id, '"2"', {
      action: 'cancel',
      reason: 'Đã giao lại',
      attachments: [ticket.uploadId],
    });
    expect(cancel.status).toBe(400);
    expect(cancel.json.errors).toEqual([
      { field: 'body.attachments', message: 'Only complete names attachments' },
    ]);

    const done = await act(commune, task.id, '"2"', {
      ...complete,
      attachments: [ticket.uploadId],
    });
    expect(done.status, done.text).toBe(200);
    expect(done.json.status).toBe('done');
    const history = await call(`${path}/history`, { token: delegation });
    const completed = history.json.items.find((e: { action: string }) => e.action === 'complete');
    expect(completed).toMatchObject({ note: complete.note, attachments: [ticket.uploadId] });
  });
});
