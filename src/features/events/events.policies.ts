import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import type { CalendarEvent } from './events.models';

/** The actor's role in the event's organising group today (null: none, or the event names no group). */
export type OrganiserRole = 'owner' | 'steward' | 'member' | null;

/**
 * Who may do what with events: the same rules hide buttons in views and are enforced by the use cases.
 * Any member may add an event; its creator, the stewards (and owners) of its organising group and editors may
 * change it, add sessions, pre-reads and recordings; any member may post a teach-back note.
 */
export const eventPolicies = {
  create: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  edit: (actor: Actor | null, event: Pick<CalendarEvent, 'createdBy'>, organiserRole: OrganiserRole): boolean =>
    hasRole(actor, 'member') &&
    (event.createdBy === actor.id ||
      hasRole(actor, 'editor') ||
      organiserRole === 'owner' ||
      organiserRole === 'steward'),
  /** Naming a hub group as organiser: its members (any role) and editors. */
  nameGroup: (actor: Actor | null, role: OrganiserRole): boolean =>
    hasRole(actor, 'member') && (role !== null || hasRole(actor, 'editor')),
  teachBack: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  /** "Interested" and "attending": any member, for themselves only. */
  attend: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  /** Asking the speakers a question before the event, and "I want to ask this too": any member. */
  askQuestion: (actor: Actor | null): actor is Actor => hasRole(actor, 'member'),
  /** A question goes with its author, the event's organisers (who may edit it) and moderators. */
  removeQuestion: (
    actor: Actor | null,
    question: { userId: number | null },
    event: Pick<CalendarEvent, 'createdBy'>,
    organiserRole: OrganiserRole,
  ): boolean =>
    hasRole(actor, 'member') &&
    (question.userId === actor.id || hasRole(actor, 'moderator') || eventPolicies.edit(actor, event, organiserRole)),
  /** Importing an .ics file or subscribing a feed: editors, or members of the organising group they name. */
  importCalendar: (actor: Actor | null, role: OrganiserRole): boolean =>
    hasRole(actor, 'member') && (hasRole(actor, 'editor') || role !== null),
  /** Refreshing a subscribed feed now, or stopping it: the member who subscribed it, and editors. */
  manageFeed: (actor: Actor | null, feed: { ownerId: number | null }): boolean =>
    hasRole(actor, 'member') && (feed.ownerId === actor.id || hasRole(actor, 'editor')),
};

/** Questions for the speakers are taken until the event starts; a cancelled event takes none. */
export function questionsOpen(event: Pick<CalendarEvent, 'status' | 'startsAt'>, now: Date): boolean {
  return event.status === 'scheduled' && now.getTime() < event.startsAt.getTime();
}
