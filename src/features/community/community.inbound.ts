import { createHash } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { InboundEmailHandler } from '../../feature-module';
import { users } from '../../platform/auth/auth.table';
import type { Actor } from '../../platform/auth/actor';
import { AppError } from '../../platform/http/errors';
import { validate } from '../../platform/http/forms';
import { replySchema } from './community.schemas';
import { replyToThread } from './community.usecases';

/**
 * A verified reply by email (the notifications module checked the token and the
 * sender) becomes a post through the same use case as the web form: locked
 * threads, suspensions, rate limits and the new-member link limit all apply.
 * The Message-ID is the idempotency key, so a redelivered email posts once.
 */
export const replyByEmail: InboundEmailHandler = async (deps, email) => {
  const db = deps.database.db;
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      email: users.email,
      role: users.role,
    })
    .from(users)
    .where(and(eq(users.id, email.userId), isNull(users.deletedAt)))
    .limit(1);
  const actor: Actor | undefined = rows[0];
  if (!actor)
    throw new AppError(
      'forum.email_unknown_sender',
      403,
      'This reply address belongs to an account that no longer exists.',
    );
  if (!/^\d{1,9}$/.test(email.targetId))
    throw new AppError('forum.thread_not_found', 404, 'The thread this reply is for does not exist.');
  const form = validate(replySchema, { body: email.text });
  if (!form.ok) {
    throw new AppError(
      'forum.email_empty',
      400,
      `Your reply was not posted: ${form.errors.body ?? 'it could not be read'} (quoted text and signatures are removed before posting).`,
    );
  }
  const key = createHash('sha256').update(`email:${email.messageId}`).digest('base64url').slice(0, 43);
  const result = await replyToThread({
    db,
    actor,
    now: deps.clock.now(),
    threadId: Number(email.targetId),
    body: form.data.body,
    idempotencyKey: key,
    via: 'email',
  });
  if (!result.ok)
    throw new AppError(
      'forum.email_rejected',
      400,
      `Your reply was not posted: ${Object.values(result.errors).join(' ')}`,
    );
};
