/**
 * Notifications: watches, in-app notifications, email (immediate, daily
 * digest, mailing-list mode), one-click unsubscribe and reply by email.
 *
 * Public API (import only from here):
 * - `notify(tx, { userIds, kind, actorId, subjectType, subjectId, url, title, excerpt?, markdown?, subjectTitle?, context?, dedupeKey?, now })`:
 *   an in-app notification per person (never the actor, deleted or system accounts) plus email by their
 *   settings (default: email at once). `excerpt` is plain text; pass `markdown` (a post's or message's source)
 *   and the email carries it whole (text, and HTML rendered with absolute links), and its text becomes the
 *   excerpt when you give none. `subjectTitle` (thread/article title) and `context` (e.g. category name) group
 *   the daily digest. Emails about subjectType "thread" or "conversation" carry a
 *   reply-by-email address (scope "<subjectType>:<subjectId>") when INBOUND_EMAIL_DOMAIN is set, so you
 *   normally never call `replyAddress` yourself. A dedupe key makes it once per person, ever.
 * - `watch(tx, { userId, targetType, targetId, delivery?, now })`: without delivery, an existing watch or mute
 *   is kept (safe for automatic watches). targetId: thread/category/article id as a string, topic slug.
 * - `queuePostFanout(tx, { threadId, postId, categoryId, topicSlugs, articleId, authorId, now })`: call in the
 *   posting transaction, and again when a held post is approved (the job skips posts that are not published
 *   and never notifies anyone twice; people with a `mention:<postId>` notification are skipped).
 * - `replyAddress(tx, { userId, scope })`: a new `reply+TOKEN@domain` address. It works for 90 days, and stops at the
 *   account's next password or email change (read from the `user.password_changed`, `user.password_reset`,
 *   `user.email_changed` and `user.credentials_revoked` events, so accounts need not call anything).
 * - `revokeReplyTokens(tx, { userId, now })`: end all of a member's reply addresses now, in the caller's transaction.
 * - `watchControl(c, { targetType, targetId, next? })`: the watch button for a page, loaded and rendered
 *   (a sign-in link for anonymous readers, the same for all of them). Place its result in your view,
 *   e.g. `watch={await watchControl(c, { targetType: 'thread', targetId: String(thread.id) })}`.
 *   `WatchForm` is the bare view if you load the state yourself.
 * Article pages get a "Watch this article" action through the module's articleExtension.
 */
export { notificationsModule, watchControl } from './notifications.module';
export { notify, queuePostFanout, replyAddress, setThreadMuted, unwatch, watch } from './notifications.usecases';
export { WatchForm, type WatchFormProps } from './views/watch-form';
export { stripQuotedReply } from './reply-text';
export { revokeReplyTokens } from './notifications.tokens';
export type { Delivery, NotifyInput, PostFanoutInput, WatchInput, WatchTarget } from './notifications.models';
export { DELIVERIES, DELIVERY_LABELS, WATCH_TARGETS } from './notifications.models';
