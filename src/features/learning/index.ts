/**
 * Learning: short courses made of lessons (reading, hands-on exercises, quizzes checked on the server), seeded from
 * content/learning, each member's private progress, certificates and FSRS review deck, and the citation detective (practice exercises on citations and
 * OpenURLs). Uses groups (maintaining group), library (the articles quiz feedback links to, and the glossary terms members add to their review deck) and tools (the OpenURL
 * inspector) through their index files, community (teach-back, project and cohort threads, through its use cases), events
 * (a cohort's event and live sessions) and notifications (the review reminder in the digest; decisions on suggested
 * lesson edits); nothing uses it but the module list. Its courses' upkeep shows on the groups' content-health pages
 * through `contentHealth` (docs/decisions/046).
 *
 * Public API:
 * - `learningModule`: the feature module (routes under /learning, starter courses from content/learning).
 * - `COURSE_KIND`, `LESSON_KIND`: the kinds of its documents in the hub's search index.
 */
import { provideDigestNotes } from '../notifications';
import { reviewReminderNotes } from './learning.reminders';

// "N cards due for review" in the email digest of members who asked for it (the review page's setting).
provideDigestNotes('learning.review', reviewReminderNotes);

export { learningModule } from './learning.module';
export { COURSE_KIND, LESSON_KIND } from './learning.models';
