import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config/config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  headers?: Record<string, string>;
  /** RFC 2369/8058 list headers, e.g. { unsubscribe: { url, comment } }. */
  list?: SendMailOptions['list'];
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string; file?: string }>;
}

export interface MailerOptions {
  from: string;
  smtp: SmtpConfig | undefined;
  /** Where .eml files go when there is no SMTP server. */
  outboxDir: string;
}

/**
 * SMTP when configured; otherwise each message is written as an .eml file so
 * nothing is lost in development and tests can read what was sent.
 */
export function createMailer(options: MailerOptions): Mailer {
  // nodemailer is loaded on the first message, not at start-up.
  let transporter: Promise<Transporter> | undefined;
  const transport = (settings: Parameters<typeof import('nodemailer').createTransport>[0]) => {
    transporter ??= import('nodemailer').then((m) => m.default.createTransport(settings));
    return transporter;
  };
  if (options.smtp) {
    const smtp = options.smtp;
    // Pooled: a burst (a forum fan-out, the daily digests) reuses a few connections instead of opening one
    // per message; a connection idle for a second is closed, so nothing lingers between bursts.
    const settings = {
      pool: true,
      idleTimeout: 1000,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    };
    return {
      async send(message) {
        const info = await (await transport(settings)).sendMail({ from: options.from, ...message } as SendMailOptions);
        return { messageId: String(info.messageId) };
      },
    };
  }
  const settings = { streamTransport: true, buffer: true, newline: 'unix' } as const;
  return {
    async send(message) {
      const info = await (await transport(settings)).sendMail({ from: options.from, ...message } as SendMailOptions);
      await fs.mkdir(options.outboxDir, { recursive: true });
      const file = path.join(
        options.outboxDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`,
      );
      await fs.writeFile(file, info.message as Buffer);
      return { messageId: String(info.messageId), file };
    },
  };
}
