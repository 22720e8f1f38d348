/**
 * Learning: short courses made of lessons (reading, hands-on exercises, quizzes checked on the server), seeded from
 * content/learning, and each member's private progress. Uses groups (maintaining group) and library (the articles
 * quiz feedback links to) through their index files; nothing uses it but the module list.
 *
 * Public API:
 * - `learningModule`: the feature module (routes under /learning, starter courses from content/learning).
 * - `COURSE_KIND`, `LESSON_KIND`: the kinds of its documents in the hub's search index.
 */
export { learningModule } from './learning.module';
export { COURSE_KIND, LESSON_KIND } from './learning.models';
