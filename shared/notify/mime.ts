import { randomUUID } from 'node:crypto';

/** RFC 2047 encoded word, so a Vietnamese subject survives every mail client. */
function encodeHeader(text: string): string {
  return /^[\x20-\x7e]*$/.test(text)
    ? text
    : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** `Tháo gỡ <a@b>` with its display name encoded, the address left as it is. */
function encodeAddress(address: string): string {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(address);
  return match?.[1] ? `${encodeHeader(match[1])} <${match[2]}>` : address;
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
}

/** A multipart/alternative message (plain text and HTML, UTF-8), as an .eml file holds it. */
export function buildMime(message: {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  date?: Date;
}): string {
  const boundary = `thaogo-${randomUUID()}`;
  return [
    `From: ${encodeAddress(message.from)}`,
    `To: ${message.to.join(', ')}`,
    `Subject: ${encodeHeader(message.subject)}`,
    `Date: ${(message.date ?? new Date()).toUTCString()}`,
    `Message-ID: <${randomUUID()}@thaogo>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
