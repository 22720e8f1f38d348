import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/authz/policy';
import type { SafeHtml } from '../../platform/content/markdown';
import { renderMarkdownOffThread } from '../../platform/content/render-off-thread';
import type { DbOrTx } from '../../platform/db/database';
import { httpErrors } from '../../platform/http/errors';
import { enforce } from '../../platform/http/rate-limit';
import { ARTICLE_LIMITS } from './library.models';
import { libraryPolicies } from './library.policies';

/**
 * The editor's live preview asks after each pause in typing (400 ms): a person
 * rarely needs one every two seconds for a whole minute; a script rendering
 * pathological Markdown in a loop is held to that.
 */
export const PREVIEW_RULES = {
  perUser: { name: 'library:preview:user', limit: 30, windowSeconds: 60 },
  perIp: { name: 'library:preview:ip', limit: 60, windowSeconds: 60 },
};

/** Preview renders stop after this long (a pathological 100 KB text takes under a second). */
export const PREVIEW_TIMEOUT_MS = 3_000;

/** Per person (in this process): their latest preview request, settled when it is answered. */
const latest = new Map<number, { done: Promise<void> }>();

/**
 * One preview at a time per person, so nobody fills the shared queue alone;
 * the newest request waits for the one before, and those in between (which
 * the editor has already abandoned) are refused rather than rendered.
 */
async function oneAtATime<T>(userId: number, render: () => Promise<T>): Promise<T> {
  const before = latest.get(userId);
  let finish!: () => void;
  const mine = { done: new Promise<void>((resolve) => (finish = resolve)) };
  latest.set(userId, mine);
  try {
    await before?.done;
    if (latest.get(userId) !== mine) throw httpErrors.rateLimited(1);
    return await render();
  } finally {
    finish();
    if (latest.get(userId) === mine) latest.delete(userId);
  }
}

/**
 * Markdown as the article page will show it, rendered in the worker pool
 * (never on the event loop), rate limited per person and per address.
 */
export async function previewMarkdown({
  db,
  actor,
  ip,
  now,
  body,
}: {
  db: DbOrTx;
  actor: Actor | null;
  ip: string;
  now: Date;
  body: string;
}): Promise<SafeHtml> {
  authorize(actor, libraryPolicies.preview(actor));
  await enforce(db, now, [
    [PREVIEW_RULES.perUser, String(actor.id)],
    [PREVIEW_RULES.perIp, ip],
  ]);
  const source = body.slice(0, ARTICLE_LIMITS.body);
  if (source.trim() === '') return '' as SafeHtml;
  return oneAtATime(actor.id, () => renderMarkdownOffThread(source, PREVIEW_TIMEOUT_MS));
}
