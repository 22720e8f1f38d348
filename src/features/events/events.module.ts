import type { FeatureModule } from '../../feature-module';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import * as repo from './events.repository';
import { createEventRoutes } from './events.routes';
import { eventSearchKinds } from './events.search';
import { seedEvents } from './events.seed';

async function exportEvents(deps: Deps, userId: number): Promise<Record<string, unknown>> {
  const { created, notes } = await repo.personalRows(deps.database.db, userId);
  return {
    eventsAdded: created.map((e) => ({ id: e.id, title: e.title, createdAt: e.createdAt.toISOString() })),
    teachBackNotes: notes.map((n) => ({ eventId: n.eventId, body: n.body, createdAt: n.createdAt.toISOString() })),
  };
}

/**
 * Events and training: conferences, workshops, webinars, courses, meetups and calls for proposals from many
 * organisers; upcoming list and month view with filters; iCalendar out (/events.ics, one file per event), JSON-LD
 * and an Atom feed of new events; sessions, pre-reads, recordings and teach-back notes.
 */
export const eventsModule: FeatureModule = {
  name: 'events',
  routes: () => createEventRoutes(),
  seed: (deps) => seedEvents(deps),
  searchKinds: eventSearchKinds,
  personalData: {
    export: exportEvents,
    // Events and teach-back notes are public contributions: they stay, shown as by a former member
    // (their foreign keys are set null when the account goes).
    erase: async (_tx: DbOrTx, _userId: number) => {},
  },
};
