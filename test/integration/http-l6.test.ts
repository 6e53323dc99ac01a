import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiUrl, asCityOffice, asCommune, call, tokens } from './helpers.ts';
import { obstacleBody, report } from './obstacle-helpers.ts';

const { commune, office } = await tokens({
  commune: asCommune('nguyen-giap'),
  office: asCityOffice(),
});

/** Sends raw bytes to the local API and reads the whole answer (fetch refuses such requests). */
function rawRequest(bytes: string): Promise<string> {
  const { hostname, port } = new URL(apiUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: hostname === 'localhost' ? '127.0.0.1' : hostname,
      port: Number(port),
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.write(bytes);
  });
}

function parseAnswer(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const at = line.indexOf(':');
      return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('L6: edges of the HTTP surface', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'L6: an unknown query key %s is refused like any other, naming it',
    async (key) => {
      for (const path of ['/obstacles', '/units']) {
        const result = await call(`${path}?${key}=1`, { token: office });
        expect(result.status, `${path}: ${result.text}`).toBe(400);
        expect(result.json.errors).toEqual([{ field: `query.${key}`, message: 'Unknown field' }]);
      }
    },
  );

  it('L6: a request line or headers over the limit get a problem+json 431', async () => {
    for (const request of [
      `GET /api/units?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      `GET /api/units HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'y'.repeat(20_000)}\r\n\r\n`,
    ]) {
      const answer = parseAnswer(await rawRequest(request));
      expect(answer.status).toBe(431);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
      expect(JSON.parse(answer.body)).toMatchObject({
        type: 'urn:thaogo:problem:headers-too-large',
        status: 431,
      });
    }
  });

  it('L6: a request that is not HTTP at all gets a problem+json 400', async () => {
    const answer = parseAnswer(await rawRequest('HELLO\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 400 });
  });

  it('L6: counted measures are whole numbers; a road may be fractional', async () => {
    for (const [measure, category] of [
      ['rooms', 'facilities'],
      ['posts-missing', 'staffing'],
      ['equipment-items', 'equipment'],
    ]) {
      const fraction = await report(
        commune,
        obstacleBody({ category, quantity: { measure, total: 0.1 } }),
      );
      expect(fraction.status, `${measure}: ${fraction.text}`).toBe(400);
      expect(fraction.json.errors.map((e: { field: string }) => e.field)).toEqual([
        'body.quantity.total',
      ]);
      const lines = await report(
        commune,
        obstacleBody({
          category,
          quantity: {
            measure,
            total: 1,
            lines: [
              { label: 'Tầng 1', amount: 0.5 },
              { label: 'Tầng 2', amount: 0.5 },
            ],
          },
        }),
      );
      expect(lines.status, `${measure}: ${lines.text}`).toBe(400);
      expect(lines.json.errors.map((e: { field: string }) => e.field)).toEqual([
        'body.quantity.lines.0.amount',
        'body.quantity.lines.1.amount',
      ]);
      const whole = await report(
        commune,
        obstacleBody({ category, quantity: { measure, total: 2 } }),
      );
      expect(whole.status, `${measure}: ${whole.text}`).toBe(201);
    }
    const road = await report(
      commune,
      obstacleBody({ category: 'roads', quantity: { measure: 'road-km', total: 0.5 } }),
    );
    expect(road.status, road.text).toBe(201);
  });
});
