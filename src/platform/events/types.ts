/**
 * Every event type the hub records, and whether it changes what anonymous readers see. A change that does drops
 * every process's cached public pages when its transaction commits (src/platform/cache/page-cache.ts), so the
 * answer is a property of the type, decided once here, never a flag each caller must remember. When unsure, say
 * yes: a needless drop costs one re-render, a missed one leaves readers on a stale page.
 * `recordEvent` accepts only these types; test/event-types.test.ts checks that every type recorded is listed.
 */
export const EVENT_TYPES = {
  // accounts (platform/auth and features/accounts)
  'user.signed_up': false,
  'user.signed_in': false,
  'user.signed_out': false,
  'user.password_reset_requested': false,
  'user.password_reset': false,
  'user.password_changed': false,
  'user.email_changed': false,
  'user.email_confirmed': false,
  'user.credentials_revoked': false,
  'user.role_changed': false,
  'user.data_exported': false,
  // Contributions stay, shown as "former member".
  'user.deleted': true,
  'user.blocked': false,
  'user.unblocked': false,
  // platform/content: stored HTML brought up to a newer renderer.
  'content.rendered': true,
  // library
  'article.created': true,
  'article.revised': true,
  'article.reverted': true,
  'article.protected': true,
  'article.unprotected': true,
  'attachment.uploaded': true,
  // community: held posts and threads are not public until a moderator approves them.
  'forum.thread.created': true,
  'forum.thread.held': false,
  'forum.post.created': true,
  'forum.post.held': false,
  'forum.post.edited': true,
  'forum.post.deleted': true,
  'forum.answer.accepted': true,
  'forum.answer.unaccepted': true,
  'forum.post.helpful': true,
  'forum.post.unhelpful': true,
  'forum.post.flagged': false,
  'moderation.post.deleted': true,
  'moderation.post.hidden': true,
  'moderation.post.restored': true,
  'moderation.post.approved': true,
  'moderation.answer.accepted': true,
  'moderation.answer.unaccepted': true,
  'moderation.flags.dismissed': false,
  'moderation.thread.locked': true,
  'moderation.thread.unlocked': true,
  'moderation.thread.pinned': true,
  'moderation.thread.unpinned': true,
  'moderation.thread.moved': true,
  'moderation.member.suspended': false,
  'moderation.member.unsuspended': false,
  'moderation.settings.changed': false,
  // notifications
  'notifications.watched': false,
  'notifications.unwatched': false,
  'notifications.muted': false,
  'notifications.unmuted': false,
  'notifications.unsubscribed': false,
  'notifications.preferences_changed': false,
  // people: a new display name shows on articles and revisions.
  'profile.updated': false,
  'profile.renamed': true,
  'profile.photo_changed': false,
  'profile.photo_removed': false,
  'phone_a_friend.opted_in': false,
  'phone_a_friend.updated': false,
  'phone_a_friend.confirmed': false,
  'phone_a_friend.left': false,
  'phone_a_friend.reminded': false,
  'conversation.started': false,
  'conversation.left': false,
  'message.sent': false,
  'message.reported': false,
  'moderation.message_removed': false,
  'moderation.message_report_dismissed': false,
  // groups: group pages, maintainers and review dates show on public pages.
  'group.requested': false,
  'group.approved': true,
  'group.rejected': true,
  'group.edited': true,
  'group.member_added': true,
  'group.member_changed': true,
  'group.member_removed': true,
  'group.member_left': true,
  'group.term_ended': true,
  'experts.list_created': true,
  'experts.accepted': true,
  'experts.removed': true,
  'experts.erased': true,
  'handover.proposed': true,
  'handover.received': true,
  'handover.completed': true,
  'handover.declined': true,
  'handover.cancelled': true,
  'stewardship.assigned': true,
  'stewardship.released': true,
  'stewardship.reviewed': true,
  'stewardship.interval_changed': true,
  'stewardship.overdue': true,
  'stewardship.claim_requested': false,
  'stewardship.claim_withdrawn': false,
  'stewardship.claim_declined': true,
  'stewardship.topic_requested': false,
  'stewardship.topic_adopted': true,
  'stewardship.topic_declined': false,
  'stewardship.topic_released': true,
  'suggestion.submitted': false,
  'suggestion.updated': false,
  'suggestion.withdrawn': false,
  'suggestion.changes_requested': false,
  'suggestion.declined': false,
  'suggestion.approved': true,
  // workflows: adopting changes an original's count of libraries; saved steps change public pages.
  'workflow.adopted': true,
  'workflow.step_saved': true,
  'workflow.created': true,
  'workflow.step_deleted': true,
  'workflow.step_moved': true,
  'workflow.change_taken': true,
  'workflow.change_kept': true,
  // events (the calendar): event pages, lists, feeds and calendars are public.
  'calendar.event_created': true,
  'calendar.event_changed': true,
  'calendar.event_cancelled': true,
  'calendar.session_added': true,
  'calendar.session_removed': true,
  'calendar.link_added': true,
  'calendar.teachback_posted': true,
  'calendar.discussion_started': true,
  'calendar.transcript_added': true,
  'calendar.file_uploaded': true,
  'calendar.session_discussion_started': true,
  'calendar.question_asked': true,
  'calendar.question_removed': true,
  'calendar.question_seconded': true,
  // A subscribed feed's own record (its events' changes are recorded as theirs).
  'calendar.feed_refresh_requested': false,
  'calendar.feed_stopped': false,
  // systems: system pages, vendor responses and the interoperability matrix are public.
  'system.page_seeded': true,
  'system.page_changed': true,
  'system.change_suggested': false,
  'system.change_decided': true,
  'system.page_reviewed': true,
  // The page lists its verified representatives.
  'system.representative_verified': true,
  'system.representative_withdrawn': true,
  'system.response_posted': true,
  'system.interop_reported': true,
  // resources: the catalogue's entries and the lender directory's countries are public records.
  // learning: a member's progress records no event (personal parts are dropped by announcePersonalChange).
  'learning.course_seeded': true,
  // A course page links its teach-back and project threads, and lists its cohorts.
  'learning.thread_started': true,
  'learning.cohort_added': true,
  // A course's upkeep (docs/decisions/046): the course page shows the next review and the lesson its reading; a
  // waiting suggestion shows to the maintaining group only (signed in), so it changes no public page.
  'learning.course_reviewed': true,
  'learning.lesson_edited': true,
  'learning.lesson_edit_suggested': false,
  'learning.lesson_suggestion_decided': true,
  'resource.records_seeded': true,
  'resource.record_changed': true,
  // A waiting change is listed on the record's public history.
  'resource.change_suggested': true,
  'resource.change_decided': true,
  'resource.record_reviewed': true,
  // reports: datasets are private to their owner.
  'reports.dataset_imported': false,
  'reports.dataset_deleted': false,
  // Cost inputs and peer settings are private too; a cohort's quartiles are shown to its members only.
  'reports.costs_saved': false,
  'reports.peers_joined': false,
  'reports.peers_updated': false,
  'reports.peers_left': false,
  // Composed reports: a new one is private; a change may touch a published report example (a public page).
  'reports.report_composed': false,
  'reports.report_revised': true,
  'reports.report_shared': true,
  'reports.report_published': true,
  'reports.report_deleted': true,
  // A review recorded on a report example or a report recipe: its public page shows the dates.
  'reports.example_reviewed': true,
  'reports.recipe_reviewed': true,
  // Self-assessments are private to the member.
  'reports.assessment_saved': false,
} as const satisfies Record<string, boolean>;

export type EventType = keyof typeof EVENT_TYPES;

export function changesPublicPages(type: EventType): boolean {
  return EVENT_TYPES[type];
}

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPES, type);
}
