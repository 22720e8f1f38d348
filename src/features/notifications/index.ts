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
 * - `notifyPostWatchers(db, post, now)`: tell everyone watching a public forum post's thread, category (or a parent),
 *   topics or article, by the most specific watch, once per person ever (people with a `mention:<postId>`
 *   notification are skipped). The community loads the post and calls it from its fan-out job.
 * - `replyAddress(tx, { userId, scope })`: a new `reply+TOKEN@domain` address. It works for 90 days, and stops at the
 *   account's next password or email change (read from the `user.password_changed`, `user.password_reset`,
 *   `user.email_changed` and `user.credentials_revoked` events, so accounts need not call anything).
 * - `revokeReplyTokens(tx, { userId, now })`: end all of a member's reply addresses now, in the caller's transaction.
 * - `watchControl(c, { targetType, targetId, next? })`: the watch button for a page, loaded and rendered
 *   (a sign-in link for anonymous readers, the same for all of them). Place its result in your view,
 *   e.g. `watch={await watchControl(c, { targetType: 'thread', targetId: String(thread.id) })}`.
 *   `WatchForm` is the bare view if you load the state yourself.
 * - `queueArticleFanout(tx, { kind, articleId, title, url, actorId, message, changeKey, now })`: call in the transaction
 *   that edits or reverts an article or adds a file to it; the article's watchers (not muted, not the actor) hear of
 *   it once per change key.
 * - `provideWatchSubjects(targetType, source)`: the owner of a kind of watch target (threads, categories: community;
 *   topics, articles: library) says, from its index.ts, how watches of it are named and linked and whether they exist.
 * Article pages get a "Watch this article" action through the module's articleExtension.
 * - `unreadNotices(db, userId, { kinds, limit })`: the newest unread notifications of those kinds (e.g. 'mention',
 *   'forum.reply') for a personal overview; each `href` opens it and marks it read. Bounded by `limit`.
 * - `subjectSeen({ db, userId, kind, subjectType, subjectId, now })`: the person has seen the subject itself (opened a
 *   conversation): their unread notifications of that kind about it become read.
 * - `FORUM_NOTICE_KINDS`: the kinds the forum sends (a new thread or reply in something watched, a mention, an accepted answer).
 * - `provideDigestNotes(name, { recipients, notesFor })`: a feature adds lines of its own to members' email digests
 *   (learning: "N cards due for review" for members who asked); those members get a digest at their hour even when
 *   nothing else is in it. Notifications reads none of the feature's tables.
 */
export { notificationsModule, watchControl } from './notifications.module';
export { queueArticleFanout } from './notifications.articles';
/** "Content in a topic": any feature tells a topic's watchers of something new or substantially changed in it. */
export { queueTopicContent, TOPIC_CONTENT_KINDS, type TopicContentNotice } from './notifications.topics';
export { provideWatchSubjects, type WatchSubject, type WatchSubjectSource } from './notifications.subjects';
export { type DigestNote, type DigestNoteSource, provideDigestNotes } from './notifications.digest-notes';
export { notifyPostWatchers, type WatchedPost } from './notifications.fanout';
export { notify, replyAddress, setThreadMuted, subjectSeen, unwatch, watch } from './notifications.usecases';
export { WatchForm, type WatchFormProps } from './views/watch-form';
export { stripQuotedReply } from './reply-text';
export { revokeReplyTokens } from './notifications.tokens';
export type { ArticleChange, Delivery, NotifyInput, WatchInput, WatchTarget } from './notifications.models';
export { DELIVERIES, DELIVERY_LABELS, WATCH_TARGETS } from './notifications.models';
export { FORUM_NOTICE_KINDS, type UnreadNoticeItem, unreadNotices } from './notifications.overview';
