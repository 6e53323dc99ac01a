import type { AddressInfo } from 'node:net';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSesMailer, createSmtpMailer } from '#shared/notify/mailers.ts';

const message = {
  id: 'x',
  to: ['ttphvhc.an-phu@haiphong.example'],
  subject: '[Tháo gỡ] Tổng hợp cuối ngày 04/07/2025 – An Phú',
  text: 'Vướng mắc mới trong ngày (0)',
  html: '<p>Vướng mắc mới trong ngày (0)</p>',
};

describe('SMTP mailer', () => {
  const received: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        done();
      });
    },
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers a digest with its Vietnamese subject and both parts', async () => {
    const { port } = server.server.address() as AddressInfo;
    await createSmtpMailer(
      `smtp://127.0.0.1:${port}`,
      'Tháo gỡ <khong-tra-loi@haiphong.example>',
    ).send(message);
    expect(received).toHaveLength(1);
    const parsed = await PostalMime.parse(received[0] as Buffer);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text?.trim()).toBe(message.text);
    expect(parsed.html).toContain('<p>Vướng mắc mới trong ngày (0)</p>');
  });

  it('is the mailer the digest functions use when MAIL_TRANSPORT is smtp', async () => {
    const { port } = server.server.address() as AddressInfo;
    process.env.MAIL_TRANSPORT = 'smtp';
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const { digestDeps } = await import('#functions/deps/digest-run.ts');
    await digestDeps.mailer.send({ ...message, to: ['ttphvhc.an-lao@haiphong.example'] });
    expect(received).toHaveLength(2);
    const parsed = await PostalMime.parse(received[1] as Buffer);
    expect(parsed.to?.[0]?.address).toBe('ttphvhc.an-lao@haiphong.example');
  });
});

describe('SES mailer', () => {
  it('sends one SendEmail with UTF-8 subject, text and HTML', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await createSesMailer(
      'khong-tra-loi@haiphong.example',
      new SESv2Client({ region: 'ap-southeast-1' }),
    ).send(message);
    const [call] = ses.commandCalls(SendEmailCommand);
    expect(call?.args[0].input).toMatchObject({
      FromEmailAddress: 'khong-tra-loi@haiphong.example',
      Destination: { ToAddresses: message.to },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
        },
      },
    });
  });
});
