/**
 * Photos on a visit's finding over HTTP: the delegation of a leader of the visit asks for an
 * upload, sends it to the local S3 endpoint, registers, lists and reads it; whoever sees the
 * visit (and the finding, as `GET /visits/{visitId}` shows it) reads them; another leader's
 * delegation may not add any (403), a commune the visit did not reach finds nothing (404);
 * a sixth file and the same upload twice are refused (409).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '#shared/domain/calendar/vietnam.ts';
import { newUlid } from '#shared/ids.ts';
import { askUpload, photo, registerOnce, registration, sendForm } from './attachment-helpers.ts';
import { apiUrl, asCityOffice, asCommune, asDelegation, call, post, tokens } from './helpers.ts';

const { delegation, otherDelegation, anPhu, aiQuoc, nguyenGiap, office } = await tokens({
  delegation: asDelegation(),
  otherDelegation: asDelegation(['le-van-hieu']),
  anPhu: asCommune('an-phu'),
  aiQuoc: asCommune('ai-quoc'),
  nguyenGiap: asCommune('nguyen-giap'),
  office: asCityOffice(),
});

const origin = apiUrl.replace(/\/api$/, '');
const today = vietnamCalendar.dateOf(new Date());

/** A visit of Lê Tiến Châu to An Phú and Ái Quốc, with a finding about An Phú: its path. */
async function findingOnVisit(unitId = 'an-phu') {
  const visit = await post('/visits', delegation, {
    leaderIds: ['le-tien-chau'],
    date: today,
    unitIds: ['an-phu', 'ai-quoc'],
    purpose: `Kiểm tra bộ phận một cửa ${randomUUID().slice(0, 6)}`,
  });
  expect(visit.status, visit.text).toBe(201);
  const finding = await post(`/visits/${visit.json.id}/findings`, delegation, {
    kind: 'commendation',
    unitId,
    text: 'Phòng tiếp dân sạch sẽ, sắp xếp gọn gàng',
  });
  expect(finding.status, finding.text).toBe(201);
  return {
    visitId: visit.json.id as string,
    findingId: finding.json.id as string,
    path: `/visits/${visit.json.id}/findings/${finding.json.id}`,
  };
}

/** Asks, sends and registers a photo on the finding as `token`: the registration's answer. */
async function attach(token: string, path: string) {
  const ticket = (await askUpload(token, path)).json;
  expect((await sendForm(ticket)).status).toBe(204);
  return post(`${path}/attachments`, token, registration(ticket));
}

describe('photos on a finding', () => {
  it('uploads through the presigned POST, registers, lists and reads the photo; whoever sees the finding reads it', async () => {
    const { findingId, path } = await findingOnVisit();

    const asked = await askUpload(delegation, path);
    expect(asked.status, asked.text).toBe(201);
    const ticket = asked.json;
    expect(ticket.url).toBe(`${origin}/local/s3/thaogo-local-uploads`);
    expect(ticket.key).toBe(
      `attachments/finding/${findingId}/${ticket.uploadId}/Phong-tiep-dan.jpg`,
    );
    expect(ticket.fields).toMatchObject({
      key: ticket.key,
      'x-amz-meta-uploader': 'it-delegation',
    });
    expect((await sendForm(ticket)).status).toBe(204);

    const added = await registerOnce(
      delegation,
      { itemType: 'finding', itemId: findingId, path },
      ticket,
      { sub: 'it-delegation', role: 'delegation' },
    );

    for (const token of [delegation, otherDelegation, anPhu, office]) {
      const listed = await call(`${path}/attachments`, { token });
      expect(listed.status, listed.text).toBe(200);
      expect(listed.json.items).toEqual([added]);
    }
    const link = await call(`${path}/attachments/${ticket.uploadId}`, { token: anPhu });
    expect(link.status, link.text).toBe(200);
    expect(link.headers.get('cache-control')).toBe('no-store');
    const file = await fetch(link.json.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(photo);
  });

  it("refuses another leader's delegation (403) and a commune (403) a photo, and writes nothing", async () => {
    const { path } = await findingOnVisit();
    expect((await askUpload(otherDelegation, path)).status).toBe(403);
    expect((await askUpload(anPhu, path)).status).toBe(403);
    // An upload of the visit's own delegation, which the other one tries to register.
    const ticket = (await askUpload(delegation, path)).json;
    expect((await sendForm(ticket)).status).toBe(204);
    const registered = await post(`${path}/attachments`, otherDelegation, registration(ticket));
    expect(registered.status).toBe(403);
    expect((await call(`${path}/attachments`, { token: delegation })).json.items).toEqual([]);
  });

  it('answers 404 to a commune the visit did not reach, to one the finding is not about, and for a finding not on the visit', async () => {
    const { visitId, path } = await findingOnVisit();
    const added = await attach(delegation, path);
    expect(added.status, added.text).toBe(201);
    const one = `${path}/attachments/${added.json.id}`;

    for (const target of [`${path}/attachments`, one]) {
      const refused = await call(target, { token: nguyenGiap });
      expect(refused.status).toBe(404);
      expect(refused.json.url).toBeUndefined();
      // Ái Quốc was visited, but the finding is about An Phú: GET /visits/{id} hides it too.
      expect((await call(target, { token: aiQuoc })).status).toBe(404);
    }
    const elsewhere = await findingOnVisit();
    const notHere = `/visits/${visitId}/findings/${elsewhere.findingId}/attachments`;
    expect((await call(notHere, { token: delegation })).status).toBe(404);
    expect((await askUpload(delegation, `/visits/${visitId}/findings/${newUlid()}`)).status).toBe(
      404,
    );
    expect((await call(`${path}/attachments/${newUlid()}`, { token: delegation })).status).toBe(
      404,
    );
  });

  it("refuses a key given for another finding's upload (400)", async () => {
    const { path } = await findingOnVisit();
    const other = await findingOnVisit();
    const ticket = (await askUpload(delegation, other.path)).json;
    expect((await sendForm(ticket)).status).toBe(204);
    const refused = await post(`${path}/attachments`, delegation, registration(ticket));
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].field).toBe('body.key');
  });

  it('holds at most 5 files on one finding', async () => {
    const { path } = await findingOnVisit();
    for (let i = 0; i < 5; i++) {
      const added = await attach(delegation, path);
      expect(added.status, added.text).toBe(201);
    }
    const sixth = await attach(delegation, path);
    expect(sixth.status).toBe(409);
    expect(sixth.json.type).toBe('urn:thaogo:problem:limit-reached');
    expect((await call(`${path}/attachments`, { token: delegation })).json.items).toHaveLength(5);
  });
});
