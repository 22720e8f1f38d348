import { markdownToText } from '../../platform/content/markdown';
import type { DbOrTx } from '../../platform/db/database';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument, indexDocuments, type SearchDocumentInput } from '../../platform/search/search';
import { type CalendarEvent, EVENT_FORMAT_LABELS, EVENT_KIND_LABELS, eventUrl } from './events.models';

/** The one kind of search document events add to the hub's index. */
export const EVENT_SEARCH_KIND = 'event';
/** Teach-back notes, found from search as well as on their event's page. */
export const TEACH_BACK_SEARCH_KIND = 'event-note';
/** Transcripts of recordings (typed, or taken from uploaded captions). */
export const TRANSCRIPT_SEARCH_KIND = 'event-transcript';

/** Declared once to the hub's search (FeatureModule.searchKinds): events are edited entries, not conversation. */
export const eventSearchKinds: SearchKind[] = [
  { kind: EVENT_SEARCH_KIND, label: 'Event', plural: 'Events', curated: true, order: 55 },
  { kind: TEACH_BACK_SEARCH_KIND, label: 'Teach-back note', plural: 'Teach-back notes', curated: false, order: 56 },
  { kind: TRANSCRIPT_SEARCH_KIND, label: 'Transcript', plural: 'Transcripts', curated: true, order: 57 },
];

/** An event's search document (public: event pages are public). */
function eventDocument(event: CalendarEvent, extra: { organiser?: string | undefined }): SearchDocumentInput {
  return {
    kind: EVENT_SEARCH_KIND,
    refId: String(event.id),
    url: eventUrl(event.id),
    title: event.status === 'cancelled' ? `${event.title} (cancelled)` : event.title,
    summary: event.summary || `${EVENT_KIND_LABELS[event.kind]} · ${EVENT_FORMAT_LABELS[event.format]}`,
    body: markdownToText(event.description),
    topics: event.topics,
    docType: event.kind,
    audience: event.audiences[0] ?? null,
    keywords: [extra.organiser ?? event.organiserName, EVENT_KIND_LABELS[event.kind], ...event.areas].filter(Boolean),
    updatedAt: event.updatedAt,
  };
}

/** Index an event, in the caller's transaction. */
export async function indexEvent(db: DbOrTx, event: CalendarEvent, extra: { organiser?: string | undefined } = {}) {
  await indexDocument(db, eventDocument(event, extra));
}

/** Index many events at once (an import), in the caller's transaction: the same documents as `indexEvent`. */
export async function indexEvents(
  db: DbOrTx,
  events: readonly CalendarEvent[],
  extra: { organiser?: string | undefined } = {},
) {
  await indexDocuments(
    db,
    events.map((event) => eventDocument(event, extra)),
  );
}

/** Index a teach-back note (public, like the event page that shows it), in the caller's transaction. */
export async function indexTeachBack(
  db: DbOrTx,
  note: { id: number; body: string; createdAt: Date },
  event: Pick<CalendarEvent, 'id' | 'title' | 'topics'>,
) {
  const text = markdownToText(note.body);
  await indexDocument(db, {
    kind: TEACH_BACK_SEARCH_KIND,
    refId: String(note.id),
    url: `${eventUrl(event.id)}#note-${note.id}`,
    title: `Teach-back: ${event.title}`,
    summary: text.slice(0, 200),
    body: text,
    topics: event.topics,
    docType: 'teach-back',
    audience: null,
    keywords: ['teach-back', 'what I learned'],
    updatedAt: note.createdAt,
    groupKey: `event:${event.id}`,
  });
}

/** Index a recording's transcript (public, like the event page that shows it), in the caller's transaction. */
export async function indexTranscript(
  db: DbOrTx,
  transcript: { linkId: number; title: string; text: string; updatedAt: Date },
  event: Pick<CalendarEvent, 'id' | 'title' | 'topics'>,
) {
  await indexDocument(db, {
    kind: TRANSCRIPT_SEARCH_KIND,
    refId: String(transcript.linkId),
    url: `${eventUrl(event.id)}#transcript-${transcript.linkId}`,
    title: `Transcript: ${transcript.title} (${event.title})`,
    summary: transcript.text.slice(0, 200),
    body: transcript.text,
    topics: event.topics,
    docType: 'transcript',
    audience: null,
    keywords: ['transcript', 'recording'],
    updatedAt: transcript.updatedAt,
    groupKey: `event:${event.id}`,
  });
}
