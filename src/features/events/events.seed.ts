/**
 * Starter events: a few real ILL events whose dates were published by their organisers (or reported at the
 * time), each with its source. They are past: the hub invents no future dates; the organisers' own sites list
 * the next ones. Loaded once (app_state), idempotent.
 */
import { renderMarkdown } from '../../platform/content/markdown';
import { runOnce } from '../../platform/db/app-state';
import type { DbOrTx } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import { type EventInput, REVIEW_MONTHS } from './events.models';
import { FREE_PROGRAMMES } from './events.organisers';
import { addMonths } from './events.recurrence';
import * as repo from './events.repository';
import { indexEvent } from './events.search';
import { parseLocal } from './events.time';

const VERIFY = 'Dates as published at the time; verify dates on the organiser’s site before relying on them.';

type Starter = Omit<EventInput, 'startsAt' | 'endsAt' | 'repeat' | 'repeatsUntil'> & {
  starts: string;
  ends: string;
  source: string;
};

const base = {
  organiserGroupId: null,
  allDay: false,
  onlineUrl: '',
  feeAmount: 'See the organiser’s site',
  level: 'all' as const,
  areas: [],
  captions: false,
  signLanguage: false,
  accessibility: '',
  registrationDeadline: null,
  cfpDeadline: null,
  registrationUrl: '',
};

export const STARTER_EVENTS: Starter[] = [
  {
    ...base,
    title: 'IFLA Interlending and Document Supply (ILDS) Conference 2019, Prague',
    summary: `The biennial international ILDS conference of IFLA’s Document Delivery and Resource Sharing section, hosted by the National Library of Technology (NTK). ${VERIFY}`,
    description:
      'Held every two years, the ILDS conference brings interlending and document supply staff together from around the world. Times of day are not given here: see the conference programme.',
    kind: 'conference',
    organiserName: 'IFLA Document Delivery and Resource Sharing Section',
    organiserUrl: 'https://www.ifla.org/units/ddrs/',
    format: 'in_person',
    place: 'National Library of Technology (NTK), Prague, Czech Republic',
    // Times of day are not published: an all-day event (ends at the midnight after its last day).
    allDay: true,
    starts: '2019-10-09T00:00',
    ends: '2019-10-12T00:00',
    timeZone: 'Europe/Prague',
    cost: 'fee',
    audiences: ['experienced', 'manager'],
    topics: [],
    regions: ['international'],
    source: 'https://www.ifla.org/news/2019-ifla-ilds-conference-location-announced/',
  },
  {
    ...base,
    title: 'Code4ILL: How to Grow Your Own Innovation for Resource Sharing (RUSA STARS, ALA Annual 2014)',
    summary: `A RUSA STARS programme at the ALA Annual Conference in Las Vegas, room S228 of the convention centre. ${VERIFY}`,
    description: 'A STARS-sponsored programme on building small tools and innovations for resource sharing work.',
    kind: 'workshop',
    organiserName: 'RUSA STARS (ALA)',
    organiserUrl: 'https://www.ala.org/rusa/sections/stars',
    format: 'in_person',
    place: 'Las Vegas Convention Center, room S228, Las Vegas, NV',
    starts: '2014-06-28T13:00',
    ends: '2014-06-28T14:30',
    timeZone: 'America/Los_Angeles',
    cost: 'fee',
    audiences: ['experienced'],
    topics: [],
    regions: ['united-states'],
    source: 'http://www.rusa.ala.org/rusaupdate/category/stars-section/',
  },
  {
    ...base,
    title: 'Finding Dead People: Genealogy and Local History Resources for the ILL Practitioner (RUSA STARS, 2014)',
    summary: `A RUSA STARS programme at the ALA Annual Conference in Las Vegas, room N232. ${VERIFY}`,
    description: 'Genealogy and local history requests are common in ILL: this programme covered where to look.',
    kind: 'workshop',
    organiserName: 'RUSA STARS (ALA)',
    organiserUrl: 'https://www.ala.org/rusa/sections/stars',
    format: 'in_person',
    place: 'Las Vegas Convention Center, room N232, Las Vegas, NV',
    starts: '2014-06-28T15:00',
    ends: '2014-06-28T16:00',
    timeZone: 'America/Los_Angeles',
    cost: 'fee',
    audiences: ['new', 'experienced'],
    topics: [],
    regions: ['united-states'],
    source: 'http://www.rusa.ala.org/rusaupdate/category/stars-section/',
  },
  {
    ...base,
    title: '5th Annual IDS Project Conference',
    summary: `The IDS Project’s yearly meeting of ILL librarians, staff and administrators at SUNY Geneseo, with a pre-conference orientation for new member libraries. ${VERIFY}`,
    description:
      'Speakers, presentations, demonstrations and workshops over two days; the IDS Project also started its Mentor Program for new libraries that year.',
    kind: 'conference',
    organiserName: 'IDS Project',
    organiserUrl: 'https://idsproject.org/',
    format: 'in_person',
    place: 'SUNY Geneseo, Geneseo, NY',
    // Times of day are not published: an all-day event (ends at the midnight after its last day).
    allDay: true,
    starts: '2007-08-07T00:00',
    ends: '2007-08-09T00:00',
    timeZone: 'America/New_York',
    cost: 'fee',
    audiences: ['new', 'experienced', 'manager'],
    topics: [],
    regions: ['united-states'],
    source: 'https://nyshei.wordpress.com/2007/10/24/ids-conference-recap/',
  },
];

/** Added later (events.starter.v2): more past events whose dates the organisers published on their own pages. */
export const MORE_STARTER_EVENTS: Starter[] = [
  {
    ...base,
    title: 'Interlend 2017: Interlending without Barriers (Forum for Interlending)',
    summary: `The UK’s yearly conference for interlending and document supply staff, at the Oxford Spires Four Pillars Hotel. ${VERIFY}`,
    description:
      'Themes included international lending, e-book lending, copyright changes, disabled users’ needs and practical service reviews; most delegates are practitioners from higher education and public libraries. Times of day are not given here: see the programme.',
    kind: 'conference',
    organiserName: 'Forum for Interlending and Information Delivery (FIL)',
    organiserUrl: 'https://forumforinterlending.org.uk/',
    format: 'in_person',
    place: 'Oxford Spires Four Pillars Hotel, Oxford, United Kingdom',
    // Times of day are not published: an all-day event (ends at the midnight after its last day).
    allDay: true,
    starts: '2017-06-26T00:00',
    ends: '2017-06-28T00:00',
    timeZone: 'Europe/London',
    cost: 'fee',
    audiences: ['new', 'experienced'],
    topics: [],
    regions: [],
    source: 'https://forumforinterlending.org.uk/call-speakers-2/',
  },
  {
    ...base,
    title: 'Interlend 2021 (Forum for Interlending, online)',
    summary: `FIL’s yearly conference held online, with sponsored delegate places for new professionals, students, NHS and public sector library staff. ${VERIFY}`,
    description:
      'The first Interlend with FIL’s National Interlending Awards (innovation in interlending; going above and beyond). Times of day are not given here: see the organiser’s announcement.',
    kind: 'conference',
    organiserName: 'Forum for Interlending and Information Delivery (FIL)',
    organiserUrl: 'https://forumforinterlending.org.uk/',
    format: 'virtual',
    place: '',
    // Times of day are not published: an all-day event (ends at the midnight after its last day).
    allDay: true,
    starts: '2021-06-30T00:00',
    ends: '2021-07-01T00:00',
    timeZone: 'Europe/London',
    cost: 'fee',
    audiences: ['new', 'experienced'],
    topics: [],
    regions: [],
    source: 'https://forumforinterlending.org.uk/category/latest-news/page/2/',
  },
  {
    ...base,
    title: 'NWILL 2011: Going Global While Staying Local',
    summary: `The Northwest Interlibrary Loan and Resource Sharing Conference at Portland Community College, Sylvania Campus. ${VERIFY}`,
    description:
      'Opened with a keynote by Kenneth Crews on copyright, licences and treaties in interlibrary loan (sections 107 and 108 of the US Copyright Act), followed by concurrent sessions. Times as on the published programme (first day from the 9:30 keynote).',
    kind: 'conference',
    organiserName: 'Northwest Interlibrary Loan and Resource Sharing Conference (NWILL)',
    organiserUrl: 'https://nwill.org/',
    format: 'in_person',
    place: 'Portland Community College, Sylvania Campus, Portland, OR',
    starts: '2011-09-15T09:30',
    ends: '2011-09-16T17:00',
    timeZone: 'America/Los_Angeles',
    cost: 'fee',
    audiences: ['new', 'experienced'],
    topics: [],
    regions: ['united-states'],
    source: 'http://www.nwill.org/node/22',
  },
  {
    ...base,
    title: 'IFLA Document Delivery and Resource Sharing Section meeting, Library of Congress 2016',
    summary: `A two-day meeting of IFLA’s DDRS section at the Library of Congress, Washington DC, beside the IFLA congress. ${VERIFY}`,
    description:
      'A meeting for interlending and document supply staff from around the world, held by the section that also runs the ILDS conference. Times of day are not given here: see the meeting’s site.',
    kind: 'meetup',
    organiserName: 'IFLA Document Delivery and Resource Sharing Section',
    organiserUrl: 'https://www.ifla.org/units/ddrs/',
    format: 'in_person',
    place: 'Library of Congress, Washington DC',
    // Times of day are not published: an all-day event (ends at the midnight after its last day).
    allDay: true,
    starts: '2016-08-10T00:00',
    ends: '2016-08-12T00:00',
    timeZone: 'America/New_York',
    cost: 'fee',
    audiences: ['experienced', 'manager'],
    topics: [],
    regions: ['international'],
    source: 'http://ifladocdel.2016preconference.org/',
  },
];

export async function seedEvents(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  await runOnce(deps.database.db, 'events.starter.v1', now, async (tx) => insertStarters(tx, STARTER_EVENTS, now));
  await runOnce(deps.database.db, 'events.starter.v2', now, async (tx) => {
    await insertStarters(tx, MORE_STARTER_EVENTS, now);
    await insertFreeProgrammes(tx, now);
  });
}

async function insertStarters(tx: DbOrTx, starters: Starter[], now: Date): Promise<void> {
  for (const s of starters) {
    const { starts, ends, source, ...input } = s;
    const startsAt = parseLocal(starts, s.timeZone);
    const endsAt = parseLocal(ends, s.timeZone);
    if (!startsAt || !endsAt) throw new Error(`starter event “${s.title}”: bad dates`);
    const description = `${input.description}\n\nSource: <${source}>`;
    const event = await repo.insertEvent(tx, {
      ...input,
      description,
      descriptionHtml: renderMarkdown(description),
      startsAt,
      endsAt,
      rrule: null,
      repeatsUntil: null,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    await indexEvent(tx, event);
  }
}

/**
 * Free training beyond ILL, listed as on-demand courses: available from the day the hub starts, and checked again
 * (review due) after REVIEW_MONTHS; the listing's end is that check, not a date the provider gave.
 */
async function insertFreeProgrammes(tx: DbOrTx, now: Date): Promise<void> {
  const until = addMonths(now, REVIEW_MONTHS);
  for (const p of FREE_PROGRAMMES) {
    const description = `${p.description}\n\nOn demand: start any time at <${p.url}>. Free to take (some need a free account). Check the provider’s page for current details.\n\nSource: <${p.source}>`;
    const event = await repo.insertEvent(tx, {
      ...base,
      title: p.title,
      summary: p.summary,
      description,
      descriptionHtml: renderMarkdown(description),
      kind: 'course',
      organiserName: p.organiserName,
      organiserUrl: p.organiserUrl,
      format: 'on_demand',
      place: '',
      onlineUrl: p.url,
      registrationUrl: p.url,
      startsAt: now,
      endsAt: until,
      timeZone: 'UTC',
      cost: 'free',
      feeAmount: '',
      audiences: p.audiences,
      topics: [],
      areas: p.areas,
      regions: [],
      rrule: null,
      repeatsUntil: null,
      reviewDue: until.toISOString().slice(0, 10),
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    await indexEvent(tx, event);
  }
}
