/**
 * Learning: short courses made of lessons (reading, hands-on exercises, quizzes checked on the server), seeded from
 * content/learning, each member's private progress, certificates and FSRS review deck, and the citation detective (practice exercises on citations and
 * OpenURLs). Uses groups (maintaining group), library (the articles quiz feedback links to, and the glossary terms members add to their review deck) and tools (the OpenURL
 * inspector) through their index files; nothing uses it but the module list.
 *
 * Public API:
 * - `learningModule`: the feature module (routes under /learning, starter courses from content/learning).
 * - `COURSE_KIND`, `LESSON_KIND`: the kinds of its documents in the hub's search index.
 */
export { learningModule } from './learning.module';
export { COURSE_KIND, LESSON_KIND } from './learning.models';
