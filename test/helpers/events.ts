import type { EventInput } from '../../src/features/events/events.models';

// Events for tests: a valid input (a free virtual webinar for new staff), clearly example data.

export function eventInput(over: Partial<EventInput> = {}): EventInput {
  return {
    title: 'Example webinar: Borrowing 101',
    summary: 'An example event made up for a test.',
    description: 'What a *borrowing* request needs.',
    kind: 'webinar',
    organiserGroupId: null,
    organiserName: 'Example Consortium',
    organiserUrl: 'https://consortium.example',
    format: 'virtual',
    place: '',
    onlineUrl: 'https://meet.example/borrowing-101',
    startsAt: new Date('2026-03-10T14:00:00Z'),
    endsAt: new Date('2026-03-10T15:00:00Z'),
    timeZone: 'America/New_York',
    allDay: false,
    repeat: 'none',
    repeatsUntil: null,
    cost: 'free',
    feeAmount: '',
    level: 'introductory',
    audiences: ['new'],
    topics: [],
    areas: [],
    regions: [],
    captions: true,
    signLanguage: false,
    accessibility: '',
    registrationUrl: '',
    registrationDeadline: null,
    cfpDeadline: null,
    ...over,
  };
}

/** The fields of the event form for the same example event (times in the event's zone). */
export function eventForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'Example webinar: Borrowing 101',
    summary: 'An example event made up for a test.',
    description: 'What a *borrowing* request needs.',
    kind: 'webinar',
    organiserGroup: '',
    organiserName: 'Example Consortium',
    organiserUrl: 'https://consortium.example',
    format: 'virtual',
    place: '',
    onlineUrl: 'https://meet.example/borrowing-101',
    startsAt: '2026-03-10T10:00',
    endsAt: '2026-03-10T11:00',
    timeZone: 'America/New_York',
    repeat: 'none',
    repeatsUntil: '',
    cost: 'free',
    feeAmount: '',
    level: 'introductory',
    audiences: 'new',
    captions: 'on',
    accessibility: '',
    registrationUrl: '',
    registrationDeadline: '',
    cfpDeadline: '',
    ...over,
  };
}
