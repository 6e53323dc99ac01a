import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from './errors.ts';

/**
 * Opaque, tamper-proof list cursors. The position is signed together with the scope of
 * the list it came from (caller, route, filters): a cursor edited by hand, or taken from
 * another caller or another filter, fails the check and is refused with 400.
 */
export function createCursorCodec(secret: string) {
  const mac = (scope: string, payload: string) =>
    createHmac('sha256', secret).update(scope).update('\n').update(payload).digest();

  return {
    seal(position: string, scope: string): string {
      const payload = Buffer.from(JSON.stringify({ v: 1, p: position })).toString('base64url');
      return `${payload}.${mac(scope, payload).toString('base64url')}`;
    },

    open(cursor: string, scope: string): string {
      const [payload, signature, extra] = cursor.split('.');
      if (!payload || !signature || extra !== undefined) throw invalid();
      const expected = mac(scope, payload);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        v?: number;
        p?: unknown;
      };
      if (decoded.v !== 1 || typeof decoded.p !== 'string') throw invalid();
      return decoded.p;
    },
  };
}

function invalid() {
  return new InvalidCursorError(
    'This cursor was not issued for this list. Start again from the first page.',
  );
}

/** What a cursor is bound to: who asked, on which route, with which filters. */
export function cursorScope(sub: string, route: string, filter: object): string {
  return JSON.stringify([sub, route, filter]);
}
