/** Vocabularies and limits of the people feature, defined once for schemas, views and use cases. */

export const PROFILE_LIMITS = {
  /** The same limit as the account's display name. */
  displayName: 80,
  pronouns: 40,
  institution: 200,
  country: 80,
  region: 80,
  languages: 10,
  language: 40,
  systems: 15,
  expertise: 25,
  bio: 2000,
  links: 5,
  linkTitle: 100,
  linkUrl: 500,
  howICanHelp: 1000,
  photoBytes: 1024 * 1024,
} as const;

export const MESSAGE_LIMITS = {
  subject: 150,
  body: 5000,
  reason: 1000,
  /** People in one conversation, the starter included. */
  people: 8,
  recipientsField: 400,
} as const;

/*
 * Library types, ILL systems, areas of expertise, regions and languages are the
 * hub's one vocabulary (content/vocabulary, read by src/platform/vocabulary).
 */

/** "Academic library", "Vendor or service provider": a library type as a phrase about where someone works. */
export function libraryTypePhrase(label: string): string {
  return /\b(library|office|provider)\b/i.test(label) ? label : `${label} library`;
}

export const CONTACT_PREFERENCES = ['message', 'call', 'email'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];
export const CONTACT_PREFERENCE_LABELS: Record<ContactPreference, string> = {
  message: 'A private message here',
  call: 'A phone or video call, arranged by private message',
  email: 'Email, once we have been in touch by private message',
};

/** An opt-in lapses this many months after the last confirmation; a reminder goes out this many days before. */
export const PHONE_A_FRIEND_MONTHS = 12;
export const PHONE_A_FRIEND_REMINDER_DAYS = 14;

/** "Awake": local time from 8:00 up to (not including) 18:00. */
export const WORKING_HOURS = { from: 8, to: 18 } as const;

export const PHOTO_DIR = 'profile-photos';

export const DELETED_DISPLAY_NAME = 'Former member';

/** Twelve calendar months after `from` (UTC). */
export function lapseDateFrom(from: Date): Date {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + PHONE_A_FRIEND_MONTHS);
  return d;
}

/**
 * "spanish " → "Spanish", "PORTUGUESE (brazil)" → "Portuguese (brazil)": how languages were spelled when
 * profiles stored them as typed (before the vocabulary), so that filters still match those rows.
 */
export function normaliseLanguage(value: string): string {
  const s = value.trim().replace(/\s+/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** For views, which never import table files. */
export { VISIBILITIES } from './people.table';
