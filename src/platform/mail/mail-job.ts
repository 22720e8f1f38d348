import type { JobHandler } from '../jobs/queue';
import type { MailMessage, Mailer } from './mailer';

/** Mail is always sent by a job, queued in the same transaction as the change that caused it. */
export const MAIL_QUEUE = 'mail.send';

export function mailJobHandler(mailer: Mailer): JobHandler {
  return async (payload) => {
    const message = payload as unknown as MailMessage;
    if (typeof message.to !== 'string' || typeof message.subject !== 'string' || typeof message.text !== 'string') {
      throw new Error('mail.send job payload is not a message');
    }
    await mailer.send(message);
  };
}

export function mailPayload(message: MailMessage): Record<string, unknown> {
  return { ...message };
}
