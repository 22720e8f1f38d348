import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/platform/mail/mailer';
import { createTestApp, createUser, type TestApp } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { smtpListener } from '../helpers/mail';

describe('mail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof smtpListener>>;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await smtpListener();
    const mailer = createMailer({
      from: 'ILL Commons <hub@ill-commons.test>',
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: undefined, pass: undefined },
      outboxDir: '/nonexistent',
    });
    t = await createTestApp({ mailer });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('delivers the password-reset email to a real SMTP listener, and its link works', async () => {
    const user = await createUser(t.database, { email: 'reset.me@library.test' });
    await new TestClient(t.app).post('/reset', { email: user.email }, { from: '/reset' });
    expect(await t.drainJobs()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const message = { ...smtp.envelopes[0]!, raw: smtp.received[0]! };
    expect(message.to).toEqual(['reset.me@library.test']);
    expect(message.from).toBe('hub@ill-commons.test');
    const parsed = await simpleParser(message.raw);
    expect(parsed.subject).toBe('Reset your ILL Commons password');
    const link = parsed.text?.match(/http:\/\/localhost(\/reset\/[\w-]+)/)?.[1];
    expect(link).toBeDefined();
    expect((await new TestClient(t.app).get(link!)).status).toBe(200);
  });

  it('keeps a message queued and retries it when the SMTP server is down', async () => {
    await smtp.close();
    const user = await createUser(t.database, { email: 'retry.me@library.test' });
    await new TestClient(t.app).post('/reset', { email: user.email }, { from: '/reset' });
    await t.drainJobs();
    const rows = await t.database.db.execute(
      `select status, attempts, last_error from jobs where payload->>'to' = 'retry.me@library.test'` as never,
    );
    const job = (rows as unknown as { rows: Array<{ status: string; attempts: number; last_error: string }> }).rows[0]!;
    expect(job.status).toBe('pending');
    expect(job.attempts).toBe(1);
    expect(job.last_error).toMatch(/ECONNREFUSED|connect/i);
  });
});

describe('mail without SMTP settings', () => {
  it('writes each message as an .eml file under the data directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-outbox-'));
    const mailer = createMailer({ from: 'ILL Commons <hub@ill-commons.test>', smtp: undefined, outboxDir: dir });
    const { file } = await mailer.send({ to: 'someone@library.test', subject: 'Hello', text: 'Body text' });
    expect(path.dirname(file!)).toBe(dir);
    const parsed = await simpleParser(fs.readFileSync(file!));
    expect(parsed.subject).toBe('Hello');
    expect(parsed.text?.trim()).toBe('Body text');
  });
});
