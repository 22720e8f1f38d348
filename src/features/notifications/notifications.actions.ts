import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import { AppError } from '../../platform/http/errors';
import { findWatchById, getSettings, saveSettings } from './notifications.repository';
import type { EmailTokenRow } from './notifications.tokens';

/** What an unsubscribe link does, in words, before and after. */
export interface UnsubscribePlan {
  before: string;
  after: string;
  apply(tx: DbOrTx, now: Date): Promise<void>;
}

async function pauseAll(tx: DbOrTx, userId: number, now: Date): Promise<void> {
  const settings = await getSettings(tx, userId);
  await saveSettings(tx, userId, { ...settings, emailPaused: true }, now);
}

/**
 * One-click unsubscribe (RFC 8058) stops exactly the stream the email came from:
 * a watch's email (a category watch is removed, since mailing-list mode would
 * still email it; other watches keep notifying in the hub), the daily digest,
 * or, for email addressed to the person, all email.
 */
export async function planUnsubscribe(db: DbOrTx, token: EmailTokenRow): Promise<UnsubscribePlan> {
  const userId = token.userId;
  if (token.scope.startsWith('watch:')) {
    const watch = await findWatchById(db, Number(token.scope.slice('watch:'.length)));
    if (watch && watch.userId === userId) {
      const name = watch.label ? `“${watch.label}”` : `this ${watch.targetType}`;
      if (watch.targetType === 'category') {
        return {
          before: `Stop watching the forum category ${name}: no more email or notifications about its posts.`,
          after: `You no longer watch the forum category ${name}.`,
          apply: async (tx) => {
            await tx.execute(sql`delete from subscriptions where id = ${watch.id} and user_id = ${userId}`);
          },
        };
      }
      return {
        before: `Stop email about the ${watch.targetType} ${name}. You will still see its notifications in the hub.`,
        after: `No more email about the ${watch.targetType} ${name}; its notifications still appear in the hub.`,
        apply: async (tx) => {
          await tx.execute(
            sql`update subscriptions set delivery = 'in_app' where id = ${watch.id} and user_id = ${userId}`,
          );
        },
      };
    }
    return {
      before: 'You no longer watch what this email was about. Unsubscribing will pause all email from the hub.',
      after: 'All email from the hub is paused.',
      apply: (tx, now) => pauseAll(tx, userId, now),
    };
  }
  if (token.scope === 'digest') {
    return {
      before: 'Stop the daily digest: what it listed will appear in the hub only.',
      after: 'No more daily digests; those notifications appear in the hub only.',
      apply: async (tx, now) => {
        await tx.execute(
          sql`update subscriptions set delivery = 'in_app' where user_id = ${userId} and delivery = 'digest'`,
        );
        const settings = await getSettings(tx, userId);
        if (settings.defaultDelivery === 'digest')
          await saveSettings(tx, userId, { ...settings, defaultDelivery: 'in_app' }, now);
      },
    };
  }
  return {
    before:
      'Pause all email from the hub. Notifications will still appear in the hub, and account email (such as password resets) still arrives.',
    after: 'All email from the hub is paused.',
    apply: (tx, now) => pauseAll(tx, userId, now),
  };
}

/** A link that is not (or no longer) an unsubscribe link. */
export function unknownUnsubscribeLink(): AppError {
  return new AppError(
    'notifications.unknown_unsubscribe_link',
    404,
    'This unsubscribe link is not valid. Sign in to change your email preferences.',
    {
      title: 'Link not recognised',
    },
  );
}
