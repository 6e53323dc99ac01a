import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID: 48 bits of milliseconds then 80 random bits, in Crockford base32. Ids sort by
 * creation time, so "newest first" needs no extra attribute, and they are safe in URLs.
 */
export function newUlid(nowMs: number = Date.now()): string {
  const time = ulidTime(nowMs);
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += alphabet[(bytes[i] ?? 0) % 32];
  return time + random;
}

/** The 10-character time part of a ULID. */
export function ulidTime(ms: number): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time;
}

/** A fixed ULID for reference data: the same on every seed run. */
export function fixedUlid(iso: string, serial: number): string {
  let tail = '';
  let n = serial;
  for (let i = 0; i < 16; i++) {
    tail = alphabet[n % 32] + tail;
    n = Math.floor(n / 32);
  }
  return ulidTime(Date.parse(iso)) + tail;
}
