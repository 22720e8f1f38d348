/**
 * /events/import: import an .ics file, subscribe to a feed, see one's feeds and their last errors, refresh a feed
 * now or stop it. Thin handlers: the rules (who may import or manage a feed, limits, suspension, rate limits) are in
 * events.import.usecases.ts and events.feeds.usecases.ts.
 */
import { Hono } from 'hono';
import { hasRole } from '../../platform/authz/policy';
import { type AppContext, type AppEnv, requireActor } from '../../platform/http/context';
import { AppError, formatBytes } from '../../platform/http/errors';
import { type FieldErrors, type FormValues, readForm, str } from '../../platform/http/forms';
import type { RouteMounts } from '../../platform/http/mounts';
import { idParam } from '../../platform/http/params';
import { seeOther } from '../../platform/http/redirect';
import { csrfTokenFor } from '../../platform/http/security';
import { renderPage } from '../../platform/ui/render';
import { groupsOf, listGroups } from '../groups';
import { FEED_MANAGE_LIMITS, othersFeeds, refreshFeedNow, stopFeed } from './events.feeds.usecases';
import { ICAL_IMPORT_LIMITS } from './events.ical-in';
import { importErrors } from './events.import.errors';
import {
  feedsOf,
  type ImportReport,
  type ImportSettings,
  importCalendarFile,
  subscribeFeed,
} from './events.import.usecases';
import {
  EVENT_COSTS,
  EVENT_FORMATS,
  EVENT_KINDS,
  type EventCost,
  type EventFormat,
  type EventKind,
} from './events.models';
import * as repo from './events.repository';
import { eventWhen } from './events.display';
import { allZones, canonicalZone } from './events.time';
import { ImportPage, type ImportPageProps } from './views/import-page';

const IMPORT_PATH = '/events/import';
const DEFAULTS: FormValues = { kind: 'workshop', format: 'virtual', cost: 'free', timeZone: 'UTC' };

type Groups = Array<{ id: number; slug: string; name: string }>;

/** The groups an importer may name: their own (editors: every active group). */
async function groupsFor(c: AppContext): Promise<Groups> {
  const actor = requireActor(c);
  const { database, clock } = c.get('deps');
  const editor: boolean = hasRole(actor, 'editor');
  if (editor)
    return (await listGroups(database.db, clock.now())).map((g) => ({ id: g.id, slug: g.slug, name: g.name }));
  return (await groupsOf(database.db, actor.id, clock.now())).map((g) => ({ id: g.id, slug: g.slug, name: g.name }));
}

/** The settings every imported event gets, checked; errors by field. */
export function parseImportSettings(
  values: FormValues,
  groups: Groups,
): { ok: true; data: ImportSettings } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kind = str(values, 'kind');
  const format = str(values, 'format');
  const cost = str(values, 'cost');
  if (!(EVENT_KINDS as readonly string[]).includes(kind)) errors.kind = 'Choose the kind of event.';
  if (!(EVENT_FORMATS as readonly string[]).includes(format)) errors.format = 'Choose a format.';
  if (!(EVENT_COSTS as readonly string[]).includes(cost)) errors.cost = 'Choose the cost.';
  const feeAmount = str(values, 'feeAmount').trim().slice(0, 100);
  if (cost !== 'free' && !feeAmount) errors.feeAmount = 'Fee: give the amount (e.g. USD 50).';
  const slug = str(values, 'organiserGroup').trim();
  const group = slug ? groups.find((g) => g.slug === slug) : undefined;
  if (slug && !group) errors.organiserGroup = 'Organising group: choose a group from the list.';
  const organiserName = str(values, 'organiserName').trim().slice(0, 200);
  if (!slug && !organiserName) errors.organiserName = 'Organiser: choose a group on the hub or name the organisation.';
  const zone = canonicalZone(str(values, 'timeZone'));
  if (!zone) errors.timeZone = 'Time zone: choose a zone from the list.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    data: {
      kind: kind as EventKind,
      format: format as EventFormat,
      cost: cost as EventCost,
      feeAmount,
      organiserGroupId: group?.id ?? null,
      organiserName: group ? group.name : organiserName,
      organiserUrl: '',
      defaultZone: zone!,
    },
  };
}

async function importPage(
  c: AppContext,
  extra: Partial<Pick<ImportPageProps, 'values' | 'errors' | 'fileError' | 'feedValues' | 'feedErrors' | 'notice'>> & {
    report?: ImportReport;
  } = {},
  status: 200 | 400 | 403 | 413 | 429 = 200,
) {
  const actor = requireActor(c);
  const { database } = c.get('deps');
  const groups = await groupsFor(c);
  let report: ImportPageProps['report'];
  if (extra.report) {
    const events = await repo.listedEvents(database.db, extra.report.ids.slice(0, 100));
    const byId = new Map(events.map((e) => [e.id, e]));
    report = {
      report: extra.report,
      events: extra.report.ids
        .slice(0, 100)
        .map((id) => byId.get(id))
        .filter((e) => e !== undefined)
        .map((e) => ({
          id: e.id,
          title: e.title,
          // In the event's own zone, as the list writes it; an all-day event as its dates.
          when: eventWhen(e, e.startsAt, e.endsAt, undefined).when,
        })),
    };
  }
  return renderPage(
    c,
    {
      title: 'Import events',
      breadcrumbs: [{ label: 'Home', href: '/' }, { label: 'Events', href: '/events' }, { label: 'Import' }],
    },
    <ImportPage
      csrfToken={csrfTokenFor(c)}
      values={extra.values ?? DEFAULTS}
      errors={extra.errors}
      fileError={extra.fileError}
      feedValues={extra.feedValues ?? DEFAULTS}
      feedErrors={extra.feedErrors}
      report={report}
      notice={extra.notice}
      feeds={await feedsOf(database.db, actor.id)}
      othersFeeds={await othersFeeds(database.db, actor)}
      refreshWindowMinutes={FEED_MANAGE_LIMITS.refreshWindowMinutes}
      maxBytes={formatBytes(ICAL_IMPORT_LIMITS.maxBytes)}
      maxEvents={ICAL_IMPORT_LIMITS.maxEvents}
      options={{ groups: groups.map((g) => ({ value: g.slug, label: g.name })), zones: allZones() }}
    />,
    status,
  );
}

function tooLarge(limitBytes: number): string {
  return `That file is larger than the hub accepts (the limit is ${formatBytes(limitBytes)}). Split the calendar or export a shorter date range.`;
}

/** A body over the hub's form limit cannot be read: the import form again, with the limit beside the file field (413). */
export async function importTooLargePage(c: AppContext, limitBytes: number): Promise<Response | undefined> {
  if (c.req.path !== IMPORT_PATH) return undefined;
  return importPage(c, { fileError: tooLarge(Math.min(limitBytes, ICAL_IMPORT_LIMITS.maxBytes)) }, 413);
}

const NOTICES: Record<string, string> = {
  feed: 'Feed added. The hub fetches it in a moment and then every hour; its state shows below.',
  refresh: 'Refresh queued: the hub fetches the feed in a moment. Reload this page to see its state.',
  stopped:
    'Feed stopped. The events it brought in stay on the hub as they are, but are no longer refreshed: change or cancel them one by one. Subscribing the same address again takes them over.',
};

export function createImportRoutes(): RouteMounts {
  const routes = new Hono<AppEnv>();

  routes.get('/import', (c) => importPage(c, { notice: NOTICES[c.req.query('notice') ?? ''] }));

  routes.post('/import', async (c) => {
    const actor = requireActor(c);
    const body = await c.req.parseBody();
    const values: FormValues = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v;
    const settings = parseImportSettings(values, await groupsFor(c));
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return importPage(
        c,
        { values, errors: settings.ok ? undefined : settings.errors, fileError: 'Choose an .ics file.' },
        400,
      );
    if (!settings.ok) return importPage(c, { values, errors: settings.errors }, 400);
    if (file.size > ICAL_IMPORT_LIMITS.maxBytes)
      return importPage(c, { values, fileError: tooLarge(ICAL_IMPORT_LIMITS.maxBytes) }, 413);
    const { database, clock } = c.get('deps');
    try {
      const report = await importCalendarFile({
        db: database.db,
        actor,
        now: clock.now(),
        bytes: new Uint8Array(await file.arrayBuffer()),
        settings: settings.data,
      });
      // The report is the answer (not a redirect): importing the same file again changes nothing.
      return importPage(c, { values, report });
    } catch (error) {
      if (error instanceof AppError && error.code === 'events.import_refused')
        return importPage(c, { values, fileError: error.message }, 400);
      if (error instanceof AppError && error.code === 'events.may_not_import')
        return importPage(c, { values, errors: { organiserGroup: error.message } }, 403);
      throw error;
    }
  });

  routes.post('/import/feeds', async (c) => {
    const actor = requireActor(c);
    const values = await readForm(c);
    const settings = parseImportSettings(values, await groupsFor(c));
    if (!settings.ok) return importPage(c, { feedValues: values, feedErrors: settings.errors }, 400);
    const { database, clock } = c.get('deps');
    try {
      await subscribeFeed({
        db: database.db,
        actor,
        now: clock.now(),
        url: str(values, 'url').trim(),
        settings: settings.data,
      });
    } catch (error) {
      if (
        error instanceof AppError &&
        (error.code === 'events.feed_refused' || error.code === 'events.feed_already_subscribed')
      )
        return importPage(c, { feedValues: values, feedErrors: { url: error.message } }, 400);
      if (error instanceof AppError && error.code === 'events.may_not_import')
        return importPage(c, { feedValues: values, feedErrors: { organiserGroup: error.message } }, 403);
      throw error;
    }
    return seeOther(c, `${IMPORT_PATH}?notice=feed`);
  });

  routes.post('/import/feeds/:feedId/refresh', async (c) => {
    const actor = requireActor(c);
    const feedId = idParam(c.req.param('feedId'), importErrors.feedNotFound);
    await readForm(c);
    const { database, clock } = c.get('deps');
    await refreshFeedNow({ db: database.db, actor, now: clock.now(), feedId });
    return seeOther(c, `${IMPORT_PATH}?notice=refresh#feed-${feedId}`);
  });

  routes.post('/import/feeds/:feedId/stop', async (c) => {
    const actor = requireActor(c);
    const feedId = idParam(c.req.param('feedId'), importErrors.feedNotFound);
    await readForm(c);
    const { database, clock } = c.get('deps');
    await stopFeed({ db: database.db, actor, now: clock.now(), feedId });
    return seeOther(c, `${IMPORT_PATH}?notice=stopped#feeds`);
  });

  // Under /events, before its "/:id" routes (the module merges these first).
  return { '/events': routes };
}
