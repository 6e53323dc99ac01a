import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { MailConfig } from '../config.ts';
import { type Mailer, parseDigestId } from '../domain/digests/run.ts';

/**
 * The local mailer: each message is written to the outbox folder as an .eml file (opens
 * in any mail client) and an .html file (opens in a browser). Nothing leaves the machine.
 * nodemailer composes the .eml, as it composes what the SMTP mailer sends: long Vietnamese
 * subjects folded into RFC 2047 words of at most 75 characters, bodies in base64 lines.
 * It is loaded on first use: it is left out of the Lambda bundles, and the outbox only
 * runs on one machine, where it is installed.
 */
export function createOutboxMailer(dir: string, from: string): Mailer {
  let MailComposer: typeof import('nodemailer/lib/mail-composer').default | undefined;
  return {
    async send(message) {
      MailComposer ??= (await import('nodemailer/lib/mail-composer')).default;
      const eml = await new MailComposer({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // Base64 words and bodies: Vietnamese is mostly non-ASCII, so quoted-printable
        // would be longer and no more readable.
        textEncoding: 'base64',
      })
        .compile()
        .build();
      await mkdir(dir, { recursive: true });
      const key = parseDigestId(message.id);
      // Readable names: 2025-07-04-end-of-day-unit-an-phu.eml
      const name = key
        ? `${key.period}-${key.kind}-${key.recipientKey.replace(':', '-')}`
        : message.id;
      await writeFile(join(dir, `${name}.eml`), eml);
      await writeFile(join(dir, `${name}.html`), message.html);
    },
  };
}

/** Amazon SES v2: one SendEmail per digest, plain text and HTML, UTF-8. */
export function createSesMailer(from: string, client = new SESv2Client({})): Mailer {
  return {
    async send(message) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: message.to },
          Content: {
            Simple: {
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: message.text, Charset: 'UTF-8' },
                Html: { Data: message.html, Charset: 'UTF-8' },
              },
            },
          },
        }),
      );
    },
  };
}

/**
 * Any SMTP server (`smtp://user:pass@host:587`), for a deployment that has its own mail.
 * nodemailer is loaded on first use, so the SES and outbox paths never pay for it at init.
 */
export function createSmtpMailer(url: string, from: string): Mailer {
  let transport: ReturnType<typeof import('nodemailer').createTransport> | undefined;
  return {
    async send(message) {
      transport ??= (await import('nodemailer')).createTransport(url);
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    },
  };
}

/** The mailer the configuration names; each branch has the settings it needs (see config). */
export function createMailer(config: MailConfig): Mailer {
  switch (config.MAIL_TRANSPORT) {
    case 'ses':
      return createSesMailer(config.MAIL_FROM);
    case 'smtp':
      return createSmtpMailer(config.SMTP_URL, config.MAIL_FROM);
    case 'outbox':
      return createOutboxMailer(config.OUTBOX_DIR, config.MAIL_FROM);
  }
}
