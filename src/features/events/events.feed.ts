import type { DbOrTx } from '../../platform/db/database';
import { eventWhen, type Organiser, organiserOf } from './events.display';
import { EVENT_KIND_LABELS, eventUrl } from './events.models';
import * as repo from './events.repository';

export const FEED_ENTRIES = 30;

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Atom (RFC 4287): the newest events added to the hub, newest first. */
export async function eventsFeed(
  db: DbOrTx,
  baseUrl: string,
  groups: ReadonlyMap<number, { name: string; slug: string }>,
): Promise<string> {
  const events = await repo.newestEvents(db, FEED_ENTRIES);
  const home = `${baseUrl}/events`;
  const updated = (events[0]?.createdAt ?? new Date(0)).toISOString();
  const entries = events.map((e) => {
    const url = `${baseUrl}${eventUrl(e.id)}`;
    const organiser: Organiser = organiserOf(e, groups);
    const summary = [
      `${EVENT_KIND_LABELS[e.kind]}${e.status === 'cancelled' ? ' (cancelled)' : ''}`,
      eventWhen(e, e.startsAt, e.endsAt, undefined).when,
      `Organiser: ${organiser.name}`,
      e.summary,
    ]
      .filter(Boolean)
      .join(' · ');
    return [
      '  <entry>',
      `    <id>${xml(url)}</id>`,
      `    <title>${xml(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(url)}"/>`,
      `    <author><name>${xml(organiser.name)}</name></author>`,
      `    <published>${e.createdAt.toISOString()}</published>`,
      `    <updated>${e.updatedAt.toISOString()}</updated>`,
      `    <summary>${xml(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '  <title>New events · ILL Commons</title>',
    `  <id>${xml(home)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${home}/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(home)}"/>`,
    `  <updated>${updated}</updated>`,
    '  <generator>ILL Commons</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
