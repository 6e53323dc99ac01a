import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomPart(): number[] {
  const bytes = randomBytes(16);
  return Array.from({ length: 16 }, (_, i) => (bytes[i] ?? 0) % 32);
}

/**
 * A ULID factory: 48 bits of milliseconds then 80 random bits, in Crockford base32. Ids
 * sort by creation time, so "newest first" needs no extra attribute, and they are safe in
 * URLs. Within one millisecond the factory is monotonic (the random part of the previous
 * id plus one), so events made in the same instant, such as two escalation levels of one
 * run, still sort in the order they were made.
 */
export function createUlidFactory(random: () => number[] = randomPart) {
  let lastMs = -1;
  let last: number[] = [];
  return (nowMs: number = Date.now()): string => {
    if (nowMs === lastMs) {
      last = [...last];
      let i = last.length - 1;
      while (i >= 0 && last[i] === 31) last[i--] = 0;
      if (i < 0) throw new Error('ULID random part overflowed within one millisecond');
      last[i] = (last[i] ?? 0) + 1;
    } else {
      lastMs = nowMs;
      last = random();
    }
    return ulidTime(nowMs) + last.map((digit) => alphabet[digit]).join('');
  };
}

/** The process's ULID factory: monotonic within each millisecond. */
export const newUlid = createUlidFactory();

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
