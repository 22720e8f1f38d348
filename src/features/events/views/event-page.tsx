import { raw } from 'hono/html';
import { Html } from '../../../platform/content/SafeHtml';
import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../../platform/ui/components';
import { STRIPPED_NOTICE } from '../../../platform/uploads/strip';
import type { EventFile } from '../events.after.repository';
import type { RecordingView } from '../events.after.display';
import { eventFileUrl } from '../events.after.display';
import { localMark, type Organiser } from '../events.display';
import { CAPTION_MAX_BYTES, TRANSCRIPT_MAX_CHARS } from '../events.recordings';
import {
  type CalendarEvent,
  EVENT_COST_LABELS,
  EVENT_FORMAT_LABELS,
  EVENT_KIND_LABELS,
  EVENT_LEVEL_LABELS,
  EVENT_LIMITS,
  type EventLink,
  LINK_KIND_LABELS,
  LINK_KINDS,
  type TeachBack,
} from '../events.models';
import { EventTime } from './events-list';

export interface SessionView {
  id: number;
  title: string;
  when: string;
  startIso: string;
  endsAt: Date;
  speakers: Array<{ name: string; href: string | undefined }>;
  room: string;
  link: string;
  materials: string;
  /** Happening at the time the page was made. */
  now: boolean;
  /** The session's own forum thread, once an organiser started it. */
  threadHref?: string | undefined;
}

export interface EventPageProps {
  event: CalendarEvent;
  organiser: Organiser;
  when: string;
  ownWhen: string | undefined;
  readerZone: string | undefined;
  repeatText: string | undefined;
  labels: { audiences: string[]; topics: string[]; areas: string[]; regions: string[] };
  sessions: SessionView[];
  links: EventLink[];
  teachBacks: TeachBack[];
  /** Recordings with their players (only on the response the reader asked for), captions and transcripts. */
  recordings?: RecordingView[];
  /** Slides and handouts uploaded to the event. */
  files?: EventFile[];
  jsonLd: string;
  icsHref: string;
  /** The forum thread for talk during and after the event, once someone started it. */
  threadHref: string | undefined;
  canEdit: boolean;
  canPost: boolean;
  csrfToken: string;
  notice: string | undefined;
  /** The "Going?" box (interested / attending: counts, and the member's own choice). */
  attendance?: unknown;
  /** "Before: questions for the speakers" (views/questions.tsx). */
  questions?: unknown;
  forms: {
    session?: { values: FormValues; errors: FieldErrors };
    link?: { values: FormValues; errors: FieldErrors };
    teachBack?: { values: FormValues; errors: FieldErrors };
    transcript?: { linkId: number; values: FormValues; errors: FieldErrors };
    file?: { values: FormValues; errors: FieldErrors };
    /** A question for the speakers that was refused (shown by the questions box). */
    question?: { values: FormValues; errors: FieldErrors };
  };
}

function Fact({ label, children }: { label: string; children: unknown }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children as string}</dd>
    </>
  );
}

function LinkList({ links }: { links: EventLink[] }) {
  return (
    <ul>
      {links.map((l) => (
        <li>
          <a href={l.url} rel="nofollow noopener">
            {l.title}
          </a>{' '}
          <span class="meta">({LINK_KIND_LABELS[l.kind]})</span>
        </li>
      ))}
    </ul>
  );
}

export function EventPage(props: EventPageProps) {
  const { event } = props;
  const before = props.links.filter((l) => l.kind === 'pre_read');
  // Recordings are shown with their players and transcripts below; the other links after an event are listed.
  const after = props.links.filter((l) => l.kind !== 'pre_read' && (!props.recordings || l.kind !== 'recording'));
  const recordings = props.recordings ?? [];
  const files = props.files ?? [];
  const accessibility = [
    event.captions ? 'Captions' : '',
    event.signLanguage ? 'Sign language interpretation' : '',
    event.accessibility,
  ].filter(Boolean);
  return (
    <article>
      {/* schema.org Event: data, not script (escaped so no value can close the block). */}
      <script type="application/ld+json">{raw(props.jsonLd)}</script>
      {props.notice ? (
        <div class="notice notice-success" role="status">
          <p>{props.notice}</p>
        </div>
      ) : null}
      <p class="meta">
        <span class="badge">{EVENT_KIND_LABELS[event.kind]}</span>
        {event.status === 'cancelled' ? <span class="badge badge-unanswered">Cancelled</span> : null}
      </p>
      <h1>{event.title}</h1>
      {event.summary ? <p class="lead">{event.summary}</p> : null}
      <ul class="actions">
        <li>
          <a href={props.icsHref}>Add to calendar (.ics)</a>
        </li>
        {event.registrationUrl ? (
          <li>
            <a href={event.registrationUrl} rel="nofollow noopener">
              Register on the organiser’s site
            </a>
          </li>
        ) : null}
        {props.canEdit ? (
          <li>
            <a href={`/events/${event.id}/edit`}>Edit this event</a>
          </li>
        ) : null}
      </ul>
      {props.attendance as string}
      <dl class="facts">
        <Fact label="When">
          <EventTime
            iso={event.startsAt.toISOString()}
            text={props.when}
            local={event.allDay ? undefined : localMark(props.readerZone, event.timeZone, event.endsAt)}
          />
          {props.readerZone && !event.allDay ? ' (your time)' : null}
          {props.ownWhen ? (
            <>
              <br />
              Event’s own time: {props.ownWhen}
            </>
          ) : null}
          {props.repeatText ? (
            <>
              <br />
              {props.repeatText}
            </>
          ) : null}
        </Fact>
        <Fact label="Format">
          {EVENT_FORMAT_LABELS[event.format]}
          {event.place ? ` · ${event.place}` : null}
          {event.onlineUrl ? (
            <>
              {' · '}
              <a href={event.onlineUrl} rel="nofollow noopener">
                Online link
              </a>
            </>
          ) : null}
        </Fact>
        <Fact label="Organiser">
          {props.organiser.href ? <a href={props.organiser.href}>{props.organiser.name}</a> : props.organiser.name}
        </Fact>
        <Fact label="Cost">
          {event.cost === 'free' ? EVENT_COST_LABELS.free : `${EVENT_COST_LABELS[event.cost]}: ${event.feeAmount}`}
        </Fact>
        <Fact label="Level">{EVENT_LEVEL_LABELS[event.level]}</Fact>
        {props.labels.audiences.length ? <Fact label="For">{props.labels.audiences.join(', ')}</Fact> : null}
        {props.labels.topics.length ? <Fact label="Topics">{props.labels.topics.join(', ')}</Fact> : null}
        {props.labels.areas.length ? <Fact label="Skills beyond ILL">{props.labels.areas.join(', ')}</Fact> : null}
        {props.labels.regions.length ? <Fact label="Regions">{props.labels.regions.join(', ')}</Fact> : null}
        <Fact label="Accessibility">
          {accessibility.length ? accessibility.join(' · ') : 'Not stated: ask the organiser.'}
        </Fact>
        {event.registrationDeadline ? <Fact label="Register by">{event.registrationDeadline}</Fact> : null}
        {event.cfpDeadline ? <Fact label="Proposals due">{event.cfpDeadline}</Fact> : null}
        {event.reviewDue ? <Fact label="Next check of this entry">{event.reviewDue}</Fact> : null}
      </dl>
      {event.descriptionHtml ? (
        <section class="prose" aria-labelledby="about">
          <h2 id="about">About</h2>
          <Html html={event.descriptionHtml} />
        </section>
      ) : null}

      <section aria-labelledby="before">
        <h2 id="before">Before: pre-reads</h2>
        {before.length ? <LinkList links={before} /> : <p class="empty">No pre-reads yet.</p>}
      </section>

      {props.questions as string}

      <section aria-labelledby="schedule">
        <h2 id="schedule">Sessions</h2>
        {props.sessions.length === 0 ? (
          <p class="empty">No sessions listed.</p>
        ) : (
          <ol class="article-list">
            {props.sessions.map((s) => (
              <li id={`session-${s.id}`}>
                <h3 class="article-list-title">
                  {s.title}
                  {s.now ? <span class="badge badge-new"> Now</span> : null}
                </h3>
                <p class="meta">
                  <EventTime
                    iso={s.startIso}
                    text={s.when}
                    local={localMark(props.readerZone, event.timeZone, s.endsAt)}
                  />
                </p>
                {s.speakers.length ? (
                  <p class="meta">
                    Speakers:{' '}
                    {s.speakers.map((p, i) => (
                      <>
                        {i > 0 ? ', ' : null}
                        {p.href ? <a href={p.href}>{p.name}</a> : p.name}
                      </>
                    ))}
                  </p>
                ) : null}
                {s.room ? <p class="meta">Room: {s.room}</p> : null}
                {s.link ? (
                  <p class="meta">
                    <a href={s.link} rel="nofollow noopener">
                      Session link
                    </a>
                  </p>
                ) : null}
                {s.materials ? <p class="pre-wrap">{s.materials}</p> : null}
                {s.threadHref ? (
                  <p class="meta">
                    <a href={s.threadHref}>Discuss this session</a>
                  </p>
                ) : props.canEdit && event.status !== 'cancelled' ? (
                  <form method="post" action={`/events/${event.id}/sessions/${s.id}/discussion`}>
                    <CsrfField token={props.csrfToken} />
                    <button type="submit" class="secondary">
                      Start a thread for this session
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="during">
        <h2 id="during">During: the discussion</h2>
        {props.threadHref ? (
          <p>
            <a href={props.threadHref}>Join the discussion thread</a>: live talk while it runs, and the follow-up
            afterwards.
          </p>
        ) : props.canPost ? (
          <form method="post" action={`/events/${event.id}/discussion`}>
            <CsrfField token={props.csrfToken} />
            <p>No discussion thread yet.</p>
            <div class="form-actions">
              <button type="submit">Start the discussion thread</button>
            </div>
          </form>
        ) : (
          <p class="empty">No discussion thread yet. Members can start one.</p>
        )}
      </section>

      <section aria-labelledby="after">
        <h2 id="after">After: recordings and slides</h2>
        {recordings.length === 0 && after.length === 0 && files.length === 0 ? (
          <p class="empty">No recordings or slides yet.</p>
        ) : null}
        {recordings.map((r) => (
          <Recording
            recording={r}
            eventId={event.id}
            canEdit={props.canEdit}
            csrfToken={props.csrfToken}
            form={props.forms.transcript?.linkId === r.id ? props.forms.transcript : undefined}
          />
        ))}
        {after.length ? <LinkList links={after} /> : null}
        {files.length ? (
          <ul>
            {files.map((f) => (
              <li id={`file-${f.id}`}>
                <a href={eventFileUrl(event.id, f)}>{f.title}</a>{' '}
                <span class="meta">
                  ({f.contentType === 'application/pdf' ? 'PDF' : 'Image'}, {Math.max(1, Math.round(f.byteSize / 1024))}{' '}
                  KB)
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {props.canEdit ? (
          <form
            method="post"
            action={`/events/${event.id}/files`}
            enctype="multipart/form-data"
            aria-labelledby="add-file"
          >
            <h3 id="add-file">Upload slides or a handout</h3>
            <CsrfField token={props.csrfToken} />
            <ErrorSummary errors={props.forms.file?.errors} ids={{ file: 'f-file', title: 'f-title' }} />
            <TextField
              name="title"
              id="f-title"
              label="Title"
              maxLength={200}
              values={props.forms.file?.values}
              errors={props.forms.file?.errors}
            />
            <FileField
              id="f-file"
              name="file"
              label="File (PDF or image)"
              accept="application/pdf,image/png,image/jpeg,image/gif,image/webp"
              hint={STRIPPED_NOTICE}
              error={props.forms.file?.errors.file}
            />
            <div class="form-actions">
              <button type="submit">Upload</button>
            </div>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="teach-back">
        <h2 id="teach-back">Teach-back: what people learned</h2>
        {props.teachBacks.length === 0 ? (
          <p class="empty">No notes yet. Went to it? Share what you learned and will change.</p>
        ) : (
          <ul class="article-list">
            {props.teachBacks.map((n) => (
              <li id={`note-${n.id}`}>
                <p class="meta">
                  {n.authorName} ·{' '}
                  <time datetime={n.createdAt.toISOString()}>{n.createdAt.toISOString().slice(0, 10)}</time>
                </p>
                <div class="prose">
                  <Html html={n.bodyHtml} />
                </div>
              </li>
            ))}
          </ul>
        )}
        {props.canPost ? (
          <form method="post" action={`/events/${event.id}/teach-back`}>
            <CsrfField token={props.csrfToken} />
            <ErrorSummary errors={props.forms.teachBack?.errors} />
            <TextArea
              name="body"
              label="Your teach-back note"
              hint="What you learned and what you will change at work. Markdown works."
              maxLength={EVENT_LIMITS.teachBack}
              values={props.forms.teachBack?.values}
              errors={props.forms.teachBack?.errors}
              required
            />
            <div class="form-actions">
              <button type="submit">Post note</button>
            </div>
          </form>
        ) : null}
      </section>

      {props.canEdit && event.status !== 'cancelled' ? (
        <section aria-labelledby="manage">
          <h2 id="manage">Add to this event</h2>
          <form method="post" action={`/events/${event.id}/sessions`} aria-labelledby="add-session">
            <h3 id="add-session">Add a session</h3>
            <CsrfField token={props.csrfToken} />
            <ErrorSummary errors={props.forms.session?.errors} ids={{ startsAt: 's-startsAt', endsAt: 's-endsAt' }} />
            <TextField
              name="title"
              id="s-title"
              label="Session title"
              maxLength={EVENT_LIMITS.sessionTitle}
              values={props.forms.session?.values}
              errors={props.forms.session?.errors}
              required
            />
            <div class="field-row">
              <LocalTime
                id="s-startsAt"
                name="startsAt"
                label={`Session starts (${event.timeZone})`}
                form={props.forms.session}
              />
              <LocalTime
                id="s-endsAt"
                name="endsAt"
                label={`Session ends (${event.timeZone})`}
                form={props.forms.session}
              />
            </div>
            <TextField
              name="speakers"
              id="s-speakers"
              label="Speakers"
              hint="Separated by commas; write @username for a member of the hub."
              maxLength={EVENT_LIMITS.speakers}
              values={props.forms.session?.values}
              errors={props.forms.session?.errors}
            />
            <TextField
              name="room"
              id="s-room"
              label="Room"
              maxLength={EVENT_LIMITS.room}
              values={props.forms.session?.values}
              errors={props.forms.session?.errors}
            />
            <TextField
              name="link"
              id="s-link"
              type="url"
              label="Session link"
              maxLength={EVENT_LIMITS.url}
              values={props.forms.session?.values}
              errors={props.forms.session?.errors}
            />
            <TextArea
              name="materials"
              id="s-materials"
              label="Materials"
              rows={3}
              maxLength={EVENT_LIMITS.materials}
              values={props.forms.session?.values}
              errors={props.forms.session?.errors}
            />
            <div class="form-actions">
              <button type="submit">Add session</button>
            </div>
          </form>
          <form method="post" action={`/events/${event.id}/links`} aria-labelledby="add-link">
            <h3 id="add-link">Add a pre-read, recording or slides</h3>
            <CsrfField token={props.csrfToken} />
            <ErrorSummary errors={props.forms.link?.errors} ids={{ kind: 'l-kind', title: 'l-title', url: 'l-url' }} />
            <Select
              name="kind"
              id="l-kind"
              label="What it is"
              options={LINK_KINDS.map((k) => ({ value: k, label: LINK_KIND_LABELS[k] }))}
              values={props.forms.link?.values}
              errors={props.forms.link?.errors}
              required
            />
            <TextField
              name="title"
              id="l-title"
              label="Link title"
              maxLength={200}
              values={props.forms.link?.values}
              errors={props.forms.link?.errors}
              required
            />
            <TextField
              name="url"
              id="l-url"
              type="url"
              label="Address"
              maxLength={EVENT_LIMITS.url}
              values={props.forms.link?.values}
              errors={props.forms.link?.errors}
              required
            />
            <div class="form-actions">
              <button type="submit">Add link</button>
            </div>
          </form>
          <form method="post" action={`/events/${event.id}/cancel`}>
            <CsrfField token={props.csrfToken} />
            <div class="form-actions">
              <button type="submit">Cancel this event</button>
            </div>
          </form>
        </section>
      ) : null}
    </article>
  );
}

export function LocalTime(props: {
  id: string;
  name: string;
  label: string;
  form: { values: FormValues; errors: FieldErrors } | undefined;
}) {
  const error = props.form?.errors[props.name];
  const value = props.form?.values[props.name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {error ? (
        <p class="field-error" id={`${props.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <input
        id={props.id}
        name={props.name}
        type="datetime-local"
        value={typeof value === 'string' ? value : ''}
        required
        aria-describedby={error ? `${props.id}-error` : undefined}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

function FileField(props: { id: string; name: string; label: string; accept: string; hint: string; error?: string }) {
  const described = [`${props.id}-hint`, props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      <p class="hint" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      ) : null}
      <input
        id={props.id}
        name={props.name}
        type="file"
        accept={props.accept}
        aria-describedby={described}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

/**
 * One recording: a link to where it is hosted, and for allow-listed hosts a link that shows the player here (a
 * second page, so nothing is fetched from the host before the reader asks); its transcript as text.
 */
function Recording(props: {
  recording: RecordingView;
  eventId: number;
  canEdit: boolean;
  csrfToken: string;
  form: { values: FormValues; errors: FieldErrors } | undefined;
}) {
  const r = props.recording;
  const prefix = `t${r.id}`;
  return (
    <section id={`recording-${r.id}`} class="recording" aria-labelledby={`recording-${r.id}-title`}>
      <h3 id={`recording-${r.id}-title`}>{r.title}</h3>
      {r.playerSrc ? (
        <div class="embed">
          <iframe
            src={r.playerSrc}
            title={`Recording: ${r.title} (${r.host} player)`}
            allow="fullscreen; picture-in-picture"
            referrerpolicy="strict-origin-when-cross-origin"
            sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
          />
        </div>
      ) : null}
      <ul class="actions">
        {r.playHref && !r.playerSrc ? (
          <li>
            <a href={r.playHref}>Play here</a>{' '}
            <span class="meta">
              (loads the {r.host} player: {r.host} learns you watched)
            </span>
          </li>
        ) : null}
        <li>
          <a href={r.url} rel="nofollow noopener">
            Watch on {r.host ?? 'the host’s site'}
          </a>
        </li>
        {r.captionsHref ? (
          <li>
            <a href={r.captionsHref}>Captions (WebVTT)</a>
          </li>
        ) : null}
      </ul>
      {r.transcript ? (
        <details id={`transcript-${r.id}`} open>
          <summary>Transcript</summary>
          <div class="pre-wrap transcript">{r.transcript.text}</div>
        </details>
      ) : (
        <p class="empty">No transcript yet.</p>
      )}
      {props.canEdit ? (
        <form
          method="post"
          action={`/events/${props.eventId}/recordings/${r.id}/transcript`}
          enctype="multipart/form-data"
          aria-labelledby={`${prefix}-h`}
        >
          <h4 id={`${prefix}-h`}>Add captions or a transcript</h4>
          <CsrfField token={props.csrfToken} />
          <ErrorSummary
            errors={props.form?.errors}
            ids={{ captions: `${prefix}-captions`, transcript: `${prefix}-transcript` }}
          />
          <FileField
            id={`${prefix}-captions`}
            name="captions"
            label="Captions (WebVTT .vtt file)"
            accept=".vtt,text/vtt"
            hint={`UTF-8 WebVTT, at most ${CAPTION_MAX_BYTES / 1024} KB. Its text becomes the transcript unless you type one.`}
            error={props.form?.errors.captions}
          />
          <TextArea
            name="transcript"
            id={`${prefix}-transcript`}
            label="Transcript"
            rows={4}
            maxLength={TRANSCRIPT_MAX_CHARS}
            values={props.form?.values}
            errors={props.form?.errors}
          />
          <div class="form-actions">
            <button type="submit">Save</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
