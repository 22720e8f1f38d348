import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, formatDate, Select, TextField } from '../../../platform/ui/components';
import type { OthersFeed } from '../events.feeds.usecases';
import type { ImportReport } from '../events.import.usecases';
import {
  EVENT_COST_LABELS,
  EVENT_COSTS,
  EVENT_FORMAT_LABELS,
  EVENT_FORMATS,
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  EVENT_LIMITS,
} from '../events.models';

type Options = ReadonlyArray<{ value: string; label: string }>;

export interface FeedRow {
  id: number;
  url: string;
  lastFetchedAt: Date | null;
  lastOkAt: Date | null;
  lastError: string | null;
  eventCount: number;
}

export interface ImportPageProps {
  csrfToken: string;
  values: FormValues;
  errors: FieldErrors | undefined;
  /** The file's refusal or a size limit, said next to the file field. */
  fileError?: string | undefined;
  feedValues: FormValues;
  feedErrors: FieldErrors | undefined;
  report?: { report: ImportReport; events: Array<{ id: number; title: string; when: string }> } | undefined;
  notice?: string | undefined;
  feeds: FeedRow[];
  /** For editors: the feeds other members subscribed, which they may refresh or stop too. */
  othersFeeds?: OthersFeed[];
  /** A feed is fetched at most once in this many minutes however often "Refresh now" is pressed. */
  refreshWindowMinutes: number;
  maxBytes: string;
  maxEvents: number;
  options: { groups: Options; zones: readonly string[] };
}

const opts = <T extends string>(values: readonly T[], labels: Record<T, string>) =>
  values.map((v) => ({ value: v, label: labels[v] }));

/** What every imported event gets that iCalendar does not say: the same fields for a file and a feed. */
function Settings(props: {
  prefix: string;
  values: FormValues;
  errors: FieldErrors | undefined;
  options: ImportPageProps['options'];
}) {
  const common = { values: props.values, errors: props.errors };
  return (
    <fieldset>
      <legend>For every event in it</legend>
      <div class="field-row">
        <Select
          name="kind"
          id={`${props.prefix}-kind`}
          label="Kind"
          options={opts(EVENT_KINDS, EVENT_KIND_LABELS)}
          required
          {...common}
        />
        <Select
          name="format"
          id={`${props.prefix}-format`}
          label="Format when an event gives no place or link"
          options={opts(EVENT_FORMATS, EVENT_FORMAT_LABELS)}
          required
          {...common}
        />
      </div>
      <div class="field-row">
        <Select
          name="cost"
          id={`${props.prefix}-cost`}
          label="Cost"
          options={opts(EVENT_COSTS, EVENT_COST_LABELS)}
          required
          {...common}
        />
        <TextField
          name="feeAmount"
          id={`${props.prefix}-feeAmount`}
          label="Fee"
          maxLength={EVENT_LIMITS.fee}
          hint="e.g. USD 50."
          {...common}
        />
      </div>
      <Select
        name="organiserGroup"
        id={`${props.prefix}-organiserGroup`}
        label="Organising group"
        hint="Members may import for a group they belong to; editors may also name an organisation."
        blank="None: a named organisation (editors)"
        options={props.options.groups}
        {...common}
      />
      <TextField
        name="organiserName"
        id={`${props.prefix}-organiserName`}
        label="Or the organisation’s name"
        maxLength={EVENT_LIMITS.organiserName}
        {...common}
      />
      <Select
        name="timeZone"
        id={`${props.prefix}-timeZone`}
        label="Time zone for times the file gives without one"
        options={props.options.zones.map((z) => ({ value: z, label: z }))}
        required
        {...common}
      />
    </fieldset>
  );
}

export function ImportPage(props: ImportPageProps) {
  const r = props.report;
  return (
    <>
      <h1>Import events from a calendar</h1>
      <p class="lead">
        Bring in the events of an iCalendar (.ics) file exported from Outlook, Google Calendar or Thunderbird, or
        subscribe the hub to a calendar feed it refreshes every hour. Importing again changes the events it made, never
        duplicates them.
      </p>
      {props.notice ? (
        <div class="notice" role="status">
          <p>{props.notice}</p>
        </div>
      ) : null}
      {r ? (
        <section class="notice" role="status" aria-labelledby="import-result">
          <h2 id="import-result">Imported: {r.report.total} events</h2>
          <p>
            {r.report.created} new, {r.report.updated} changed, {r.report.unchanged} unchanged.
          </p>
          {r.report.skipped.length ? (
            <>
              <p>Left out ({r.report.skipped.length}):</p>
              <ul>
                {r.report.skipped.map((s) => (
                  <li>
                    Line {s.line} (UID {s.uid.slice(0, 80)}): {s.reason}.
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <ul class="import-events">
            {r.events.map((e) => (
              <li>
                <a href={`/events/${e.id}`}>{e.title}</a> <span class="meta">{e.when}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Import a file</h2>
      <form method="post" action="/events/import" enctype="multipart/form-data" class="narrow-wide">
        <CsrfField token={props.csrfToken} />
        <ErrorSummary errors={props.errors} />
        <div class={props.fileError ? 'field has-error' : 'field'}>
          <label for="f-file">Calendar file (.ics)</label>
          <p class="hint" id="f-file-hint">
            UTF-8 iCalendar, at most {props.maxBytes} and {props.maxEvents} events. A file that is not valid is refused
            whole, with the line and the reason; nothing is half-imported.
          </p>
          {props.fileError ? (
            <p class="field-error" id="f-file-error">
              {props.fileError}
            </p>
          ) : null}
          <input
            id="f-file"
            type="file"
            name="file"
            required
            accept=".ics,text/calendar"
            aria-describedby={props.fileError ? 'f-file-hint f-file-error' : 'f-file-hint'}
          />
        </div>
        <Settings prefix="file" values={props.values} errors={props.errors} options={props.options} />
        <button type="submit">Import</button>
      </form>
      <h2>Subscribe to a feed</h2>
      <form method="post" action="/events/import/feeds" class="narrow-wide">
        <CsrfField token={props.csrfToken} />
        <ErrorSummary errors={props.feedErrors} />
        <TextField
          name="url"
          type="url"
          label="Feed address"
          hint="The https:// address of an .ics feed. The hub fetches public addresses only."
          maxLength={EVENT_LIMITS.url}
          required
          values={props.feedValues}
          errors={props.feedErrors}
        />
        <Settings prefix="feed" values={props.feedValues} errors={props.feedErrors} options={props.options} />
        <button type="submit">Subscribe</button>
      </form>
      <h2 id="feeds">Your feeds</h2>
      {props.feeds.length === 0 ? (
        <p class="empty">No feeds yet.</p>
      ) : (
        <FeedList feeds={props.feeds} csrfToken={props.csrfToken} refreshWindowMinutes={props.refreshWindowMinutes} />
      )}
      {props.othersFeeds?.length ? (
        <>
          <h2 id="others-feeds">Other members’ feeds</h2>
          <p>As an editor you may refresh or stop any feed.</p>
          <FeedList
            feeds={props.othersFeeds}
            csrfToken={props.csrfToken}
            refreshWindowMinutes={props.refreshWindowMinutes}
          />
        </>
      ) : null}
    </>
  );
}

/** Feeds with their state and what may be done with each: refresh now, or stop (after a second look). */
function FeedList(props: {
  feeds: Array<Omit<FeedRow, 'lastFetchedAt'> & { ownerName?: string }>;
  csrfToken: string;
  refreshWindowMinutes: number;
}) {
  return (
    <>
      <p class="hint">
        “Refresh now” fetches a feed at most once every {props.refreshWindowMinutes} minutes, however often it is asked.
      </p>
      <ul class="feed-list">
        {props.feeds.map((f) => {
          const urlId = `feed-${f.id}-url`;
          return (
            <li id={`feed-${f.id}`}>
              <span class="feed-url" id={urlId}>
                {f.url}
              </span>
              {f.ownerName ? <span class="meta"> (subscribed by {f.ownerName})</span> : null}
              <br />
              {f.lastError ? (
                <strong>Last refresh failed: {f.lastError}. Its events are kept as they were.</strong>
              ) : f.lastOkAt ? (
                <span>
                  {f.eventCount} events, refreshed {formatDate(f.lastOkAt, true)}.
                </span>
              ) : (
                <span>Waiting for its first refresh.</span>
              )}
              <ul class="actions">
                <li>
                  <form method="post" action={`/events/import/feeds/${f.id}/refresh`} class="inline-form">
                    <CsrfField token={props.csrfToken} />
                    <button type="submit" class="secondary" aria-describedby={urlId}>
                      Refresh this feed now
                    </button>
                  </form>
                </li>
                <li>
                  <details>
                    <summary>Stop this feed…</summary>
                    <p id={`feed-${f.id}-stop-hint`}>
                      Stopping removes the subscription. The events it brought in stay on the hub as they are, but are
                      no longer refreshed: changes at the source no longer reach them. Subscribing the same address
                      again later takes these events over and refreshes them again.
                    </p>
                    <form method="post" action={`/events/import/feeds/${f.id}/stop`} class="inline-form">
                      <CsrfField token={props.csrfToken} />
                      <button type="submit" aria-describedby={`${urlId} feed-${f.id}-stop-hint`}>
                        Stop this feed
                      </button>
                    </form>
                  </details>
                </li>
              </ul>
            </li>
          );
        })}
      </ul>
    </>
  );
}
