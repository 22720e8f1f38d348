import type { Db } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import { enqueue } from '../../platform/jobs/queue';
import { MAIL_QUEUE, mailPayload } from '../../platform/mail/mail-job';
import { formatDate } from '../../platform/ui/components';
import type { ContactPreference } from './people.models';
import { PHONE_A_FRIEND_REMINDER_DAYS } from './people.models';
import * as repo from './people.repository';

export const PHONE_A_FRIEND_REMINDER_QUEUE = 'people.phone-a-friend-reminders';

export type OptInStatus =
  | { state: 'out' }
  | {
      state: 'in';
      howICanHelp: string;
      preferredContact: ContactPreference;
      confirmedAt: Date;
      lapsesAt: Date;
      dueSoon: boolean;
    }
  | { state: 'lapsed'; howICanHelp: string; preferredContact: ContactPreference; lapsedAt: Date };

/** Where a person stands: a lapsed opt-in stays on record so they can renew it in one step. */
export async function optInStatus(db: Db, userId: number, now: Date): Promise<OptInStatus> {
  const row = await repo.findOptIn(db, userId);
  if (!row) return { state: 'out' };
  const preferredContact = row.preferredContact as ContactPreference;
  if (row.lapsesAt <= now)
    return { state: 'lapsed', howICanHelp: row.howICanHelp, preferredContact, lapsedAt: row.lapsesAt };
  const dueSoon = row.lapsesAt.getTime() - now.getTime() <= PHONE_A_FRIEND_REMINDER_DAYS * 86_400_000;
  return {
    state: 'in',
    howICanHelp: row.howICanHelp,
    preferredContact,
    confirmedAt: row.confirmedAt,
    lapsesAt: row.lapsesAt,
    dueSoon,
  };
}

/**
 * The scheduled job: a reminder two weeks before an opt-in lapses. The row
 * remembers which lapse date it reminded for, and the mail's dedupe key names
 * that date too, so no one hears twice about the same lapse, however often
 * the job runs or however many workers run it.
 */
export async function sendPhoneAFriendReminders({
  db,
  now,
  baseUrl,
}: {
  db: Db;
  now: Date;
  baseUrl: string;
}): Promise<number> {
  const until = new Date(now.getTime() + PHONE_A_FRIEND_REMINDER_DAYS * 86_400_000);
  const due = await repo.optInsNeedingReminder(db, now, until);
  let sent = 0;
  for (const row of due) {
    const claimed = await db.transaction(async (tx) => {
      if (!(await repo.claimReminder(tx, row.userId, row.lapsesAt))) return false;
      const lapse = row.lapsesAt.toISOString();
      await enqueue(
        tx,
        MAIL_QUEUE,
        mailPayload(reminderMail({ to: row.email, displayName: row.displayName, lapsesAt: row.lapsesAt, baseUrl })),
        {
          runAt: now,
          dedupeKey: `people.phone-a-friend-reminder:${row.userId}:${lapse}`,
        },
      );
      await recordEvent(tx, {
        type: 'phone_a_friend.reminded',
        actorId: null,
        subjectType: 'user',
        subjectId: row.userId,
        data: { lapsesAt: lapse },
      });
      return true;
    });
    if (claimed) sent++;
  }
  return sent;
}

function reminderMail({
  to,
  displayName,
  lapsesAt,
  baseUrl,
}: {
  to: string;
  displayName: string;
  lapsesAt: Date;
  baseUrl: string;
}) {
  const url = `${baseUrl}/account/phone-a-friend`;
  return {
    to,
    subject: 'Are you still happy to be a Phone a Friend contact?',
    text: [
      `Hello ${displayName},`,
      '',
      `You are listed in the ILL Commons Phone a Friend directory until ${formatDate(lapsesAt)}.`,
      'If you are still happy for colleagues to contact you, confirm your listing for another 12 months:',
      '',
      url,
      '',
      'If you do nothing, your listing lapses on that date and you will no longer appear in the directory.',
      'Your profile and messages are not affected.',
    ].join('\n'),
  };
}
