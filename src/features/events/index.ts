/**
 * Events and training: conferences, workshops, webinars, courses, meetups and calls for proposals, their
 * sessions and materials before, during and after. Uses groups (organisers), library (topics, audiences),
 * people (the reader's time zone) through their index files; nothing uses it but the module list.
 *
 * Public API:
 * - `eventsModule`: the feature module (routes under /events and /events.ics, starter events).
 * - `EVENT_SEARCH_KIND`, `TEACH_BACK_SEARCH_KIND`: the kinds of its documents in the hub's search index.
 */
export { eventsModule } from './events.module';
export { EVENT_SEARCH_KIND, TEACH_BACK_SEARCH_KIND } from './events.search';
/** For system pages: upcoming events that name a system. */
export { eventsMentioning } from './events.by-system';
/** For the learning log: the events a member attended (marked "attending", begun, not cancelled). */
export { type AttendedEvent, eventsAttendedBy } from './events.attended';
/** For course cohorts (learning): an event's title, dates and live sessions. */
export { type EventForCourse, eventForCourse } from './events.for-courses';
