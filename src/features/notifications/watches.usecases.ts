import { assertMayAct } from '../../platform/auth/standing';
import { authorize } from '../../platform/authz/policy';
import { recordEvent } from '../../platform/events/record';
import { httpErrors } from '../../platform/http/errors';
import type { Delivery, WatchTarget } from './notifications.models';
import * as repo from './notifications.repository';
import { setThreadMuted, unwatch, watch } from './notifications.usecases';
import type { UseCaseContext } from '../../platform/usecase';

/** Watch something (or change how to hear about it); the target must exist. Not while suspended. */
export async function watchTarget({
  db,
  actor,
  now,
  targetType,
  targetId,
  delivery,
}: UseCaseContext & { targetType: WatchTarget; targetId: string; delivery?: Delivery | undefined }): Promise<void> {
  await assertMayAct(db, actor, now);
  authorize(actor, actor !== null);
  if (!(await repo.watchableLabel(db, targetType, targetId))) throw httpErrors.notFound(targetType);
  const chosen = delivery ?? (await repo.getSettings(db, actor.id)).defaultDelivery;
  await db.transaction(async (tx) => {
    await watch(tx, { userId: actor.id, targetType, targetId, delivery: chosen, now });
    await recordEvent(tx, {
      type: 'notifications.watched',
      actorId: actor.id,
      subjectType: targetType,
      subjectId: targetId,
      data: { delivery: chosen },
    });
  });
}

/** Stop watching. Allowed while suspended: hearing less is always allowed. */
export async function unwatchTarget({
  db,
  actor,
  targetType,
  targetId,
}: Omit<UseCaseContext, 'now'> & { targetType: WatchTarget; targetId: string }): Promise<void> {
  authorize(actor, actor !== null);
  await db.transaction(async (tx) => {
    await unwatch(tx, { userId: actor.id, targetType, targetId });
    await recordEvent(tx, {
      type: 'notifications.unwatched',
      actorId: actor.id,
      subjectType: targetType,
      subjectId: targetId,
    });
  });
}

/** Mute a thread one started or replied to (or unmute it). Allowed while suspended: it only changes what the person hears. */
export async function muteThread({
  db,
  actor,
  now,
  threadId,
  muted,
}: UseCaseContext & { threadId: string; muted: boolean }): Promise<void> {
  authorize(actor, actor !== null);
  if (muted && !(await repo.watchableLabel(db, 'thread', threadId))) throw httpErrors.notFound('thread');
  await db.transaction(async (tx) => {
    await setThreadMuted(tx, { userId: actor.id, threadId, muted, now });
    await recordEvent(tx, {
      type: muted ? 'notifications.muted' : 'notifications.unmuted',
      actorId: actor.id,
      subjectType: 'thread',
      subjectId: threadId,
    });
  });
}
