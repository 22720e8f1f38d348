import type { Actor } from '../../platform/auth/actor';
import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import type { Db } from '../../platform/db/database';
import { recordEvent } from '../../platform/events/record';
import type { ContactPreference } from './people.models';
import { lapseDateFrom } from './people.models';
import { peoplePolicies } from './people.policies';
import * as repo from './people.repository';

/** Phone a Friend: opting in, confirming and leaving the directory of people willing to help. */

/** Opt in, or change what one said; either way it counts as a confirmation for the next 12 months. */
export async function joinPhoneAFriend({
  db,
  actor,
  now,
  input,
}: {
  db: Db;
  actor: Actor;
  now: Date;
  input: { howICanHelp: string; preferredContact: ContactPreference };
}): Promise<{ lapsesAt: Date }> {
  await assertMayAct(db, actor, now);
  authorize(actor, peoplePolicies.joinPhoneAFriend(actor));
  const lapsesAt = lapseDateFrom(now);
  await db.transaction(async (tx) => {
    const before = await repo.findOptIn(tx, actor.id);
    await repo.saveOptIn(tx, actor.id, input, now, lapsesAt);
    const type = before && before.lapsesAt > now ? 'phone_a_friend.updated' : 'phone_a_friend.opted_in';
    await recordEvent(tx, {
      type,
      actorId: actor.id,
      subjectType: 'user',
      subjectId: actor.id,
      data: { lapsesAt: lapsesAt.toISOString() },
    });
  });
  return { lapsesAt };
}

/** "Yes, I can still help": another 12 months from now. */
export async function confirmPhoneAFriend({
  db,
  actor,
  now,
}: {
  db: Db;
  actor: Actor;
  now: Date;
}): Promise<{ lapsesAt: Date } | undefined> {
  await assertMayAct(db, actor, now);
  authorize(actor, peoplePolicies.joinPhoneAFriend(actor));
  return db.transaction(async (tx) => {
    const row = await repo.findOptIn(tx, actor.id);
    if (!row) return undefined;
    const lapsesAt = lapseDateFrom(now);
    await repo.saveOptIn(
      tx,
      actor.id,
      { howICanHelp: row.howICanHelp, preferredContact: row.preferredContact },
      now,
      lapsesAt,
    );
    await recordEvent(tx, {
      type: 'phone_a_friend.confirmed',
      actorId: actor.id,
      subjectType: 'user',
      subjectId: actor.id,
      data: { lapsesAt: lapsesAt.toISOString() },
    });
    return { lapsesAt };
  });
}

/** Allowed while suspended: it only takes the person out of the directory. */
export async function leavePhoneAFriend({ db, actor }: { db: Db; actor: Actor }): Promise<void> {
  authorize(actor, peoplePolicies.joinPhoneAFriend(actor));
  await db.transaction(async (tx) => {
    if (await repo.deleteOptIn(tx, actor.id)) {
      await recordEvent(tx, {
        type: 'phone_a_friend.left',
        actorId: actor.id,
        subjectType: 'user',
        subjectId: actor.id,
      });
    }
  });
}
