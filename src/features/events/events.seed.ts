/**
 * Starter events: a few real ILL events whose dates were published by their organisers (or reported at the
 * time), each with its source. They are past: the hub invents no future dates; the organisers' own sites list
 * the next ones. Loaded once (app_state), idempotent.
 */
import { renderMarkdown } from '../../platform/content/markdown';
import { runOnce } from '../../platform/db/app-state';
import type { Deps } from '../../platform/http/context';
import type { EventInput } from './events.models';
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
    starts: '2019-10-09T09:00',
    ends: '2019-10-11T17:00',
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
    starts: '2007-08-07T09:00',
    ends: '2007-08-08T17:00',
    timeZone: 'America/New_York',
    cost: 'fee',
    audiences: ['new', 'experienced', 'manager'],
    topics: [],
    regions: ['united-states'],
    source: 'https://nyshei.wordpress.com/2007/10/24/ids-conference-recap/',
  },
];

export async function seedEvents(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  await runOnce(deps.database.db, 'events.starter.v1', now, async (tx) => {
    for (const s of STARTER_EVENTS) {
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
  });
}
