import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { mergeMounts } from '../../platform/http/mounts';
import { createImportRoutes, importTooLargePage } from './events.import.routes';
import {
  FEED_REFRESH_QUEUE,
  FEEDS_SCHEDULE_QUEUE,
  feedsOf,
  IMPORT_LIMITS,
  queueDueFeeds,
  refreshFeed,
} from './events.import.usecases';
import { attendanceRows, deleteAttendanceOf, EVENT_REMINDER_QUEUE, sendEventReminders } from './events.attendance';
import { calendarKeyOf, deleteCalendarKeyOf } from './events.calendar-keys';
import { backfillOccurrences, extendOccurrenceHorizon, OCCURRENCE_HORIZON_QUEUE } from './events.occurrences';
import { personalAfterRows } from './events.after.repository';
import { deleteVotesOf, personalQuestionRows } from './events.questions.repository';
import * as repo from './events.repository';
import { createEventRoutes } from './events.routes';
import { eventSearchKinds } from './events.search';
import { seedEvents } from './events.seed';

async function exportEvents(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const { created, notes } = await repo.personalRows(deps.database.db, userId);
  const attendance = await attendanceRows(deps.database.db, userId);
  const added = await personalAfterRows(deps.database.db, userId);
  const questions = await personalQuestionRows(deps.database.db, userId);
  return {
    // Private marks: in the member's own export only, never in anyone else's.
    eventAttendance: attendance.map((a) => ({
      eventId: a.eventId,
      title: a.title,
      choice: a.choice,
      updatedAt: a.updatedAt.toISOString(),
    })),
    // The personal calendar address: only that there is one (the key itself is not kept, only its hash).
    personalCalendarAddress: await personalCalendarAddress(deps, userId),
    eventsAdded: created.map((e) => ({ id: e.id, title: e.title, createdAt: e.createdAt.toISOString() })),
    // The calendar feeds the member subscribed the hub to (removed with the account).
    calendarFeeds: (await feedsOf(deps.database.db, userId)).map((f) => ({ url: f.url, lastError: f.lastError })),
    teachBackNotes: notes.map((n) => ({ eventId: n.eventId, body: n.body, createdAt: n.createdAt.toISOString() })),
    eventFilesUploaded: added.files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
    recordingTranscripts: added.transcripts.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })),
    questionsForSpeakers: questions.asked.map((q) => ({ ...q, createdAt: q.createdAt.toISOString() })),
    // "I want to ask this too": private, and removed with the account.
    questionsSeconded: questions.seconded.map((q) => ({ ...q, createdAt: q.createdAt.toISOString() })),
  };
}

async function personalCalendarAddress(deps: Deps, userId: number) {
  const key = await calendarKeyOf(deps.database.db, userId);
  return key ? { exists: true, createdAt: key.createdAt.toISOString() } : { exists: false };
}

/**
 * Events and training: conferences, workshops, webinars, courses, meetups and calls for proposals from many
 * organisers; upcoming list and month view with filters; iCalendar out (/events.ics, one file per event), JSON-LD
 * and an Atom feed of new events; sessions, pre-reads, recordings and teach-back notes.
 */
export const eventsModule: FeatureModule = {
  name: 'events',
  routes: () => mergeMounts(createImportRoutes(), createEventRoutes()),
  bodyTooLarge: (c, { limitBytes }) => importTooLargePage(c, limitBytes),
  jobs: (deps) => ({
    // iCalendar feeds: the schedule queues a refresh per feed; each refresh fetches public addresses only.
    [FEEDS_SCHEDULE_QUEUE]: async () => {
      await queueDueFeeds({ db: deps.database.db, now: deps.clock.now() });
    },
    [FEED_REFRESH_QUEUE]: async (payload) => {
      await refreshFeed({ db: deps.database.db, now: deps.clock.now(), feedId: Number(payload.feedId) });
    },
    // The occurrence table reaches 18 months ahead: carried forward daily (docs/decisions/029).
    [OCCURRENCE_HORIZON_QUEUE]: async () => {
      await extendOccurrenceHorizon(deps.database.db, deps.clock.now());
    },
    // A day before each occurrence, members attending it are reminded (once each, by the notice's dedupe key).
    [EVENT_REMINDER_QUEUE]: async () => {
      await sendEventReminders(deps.database.db, deps.clock.now());
    },
  }),
  schedules: [
    { queue: FEEDS_SCHEDULE_QUEUE, everyMinutes: IMPORT_LIMITS.refreshMinutes },
    { queue: OCCURRENCE_HORIZON_QUEUE, everyMinutes: 24 * 60 },
    { queue: EVENT_REMINDER_QUEUE, everyMinutes: 60 },
  ],
  /** Events written before the occurrence table existed get their rows, once per database. */
  async start(deps) {
    await backfillOccurrences(deps.database.db, deps.clock.now());
    return async () => {};
  },
  seed: (deps) => seedEvents(deps),
  searchKinds: eventSearchKinds,
  personalData: {
    export: exportEvents,
    // Events, teach-back notes and questions for speakers are public contributions: they stay, shown as by a
    // former member (their foreign keys are set null when the account goes).
    // "Interested", "attending" and seconded questions are private and go with the account, and so does the
    // personal calendar address.
    erase: async (tx: DbOrTx, userId: number) => {
      await deleteAttendanceOf(tx, userId);
      await deleteCalendarKeyOf(tx, userId);
      await deleteVotesOf(tx, userId);
    },
  },
};
