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

export const LIBRARY_TYPES = ['academic', 'public', 'special', 'law', 'medical', 'government', 'consortium-office', 'vendor'] as const;
export type LibraryType = (typeof LIBRARY_TYPES)[number];
export const LIBRARY_TYPE_LABELS: Record<LibraryType, string> = {
  academic: 'Academic',
  public: 'Public',
  special: 'Special',
  law: 'Law',
  medical: 'Medical',
  government: 'Government',
  'consortium-office': 'Consortium office',
  vendor: 'Vendor',
};

/** ILL and resource-sharing systems, alphabetically: the hub favours none. */
export const ILL_SYSTEMS = [
  'alma',
  'clio',
  'docline',
  'email-and-forms',
  'folio',
  'illiad',
  'rapid',
  'relais',
  'reshare',
  'sierra-inn-reach',
  'tipasa',
  'worldshare-ill',
  'other',
] as const;
export const ILL_SYSTEM_LABELS: Record<(typeof ILL_SYSTEMS)[number], string> = {
  alma: 'Alma resource sharing',
  clio: 'Clio',
  docline: 'DOCLINE',
  'email-and-forms': 'Email and web forms',
  folio: 'FOLIO',
  illiad: 'ILLiad',
  rapid: 'RapidILL / Rapido',
  relais: 'Relais D2D',
  reshare: 'ReShare',
  'sierra-inn-reach': 'INN-Reach',
  tipasa: 'Tipasa',
  'worldshare-ill': 'WorldShare ILL',
  other: 'Another system',
};

/** Areas of expertise beyond the library's topics (which are always part of the list). */
export const EXTRA_EXPERTISE: ReadonlyArray<{ slug: string; name: string }> = [
  { slug: 'copyright', name: 'Copyright' },
  { slug: 'licensing', name: 'E-resource licences' },
  { slug: 'document-delivery', name: 'Document delivery and scanning' },
  { slug: 'returnables-shipping', name: 'Shipping and couriers' },
  { slug: 'special-collections', name: 'Special collections and rare materials' },
  { slug: 'statistics', name: 'Statistics and reporting' },
  { slug: 'supervision', name: 'Supervising staff' },
  { slug: 'accessibility', name: 'Accessible formats' },
];

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

/** "spanish " → "Spanish", "PORTUGUESE (brazil)" → "Portuguese (brazil)": one spelling, so filters match. */
export function normaliseLanguage(value: string): string {
  const s = value.trim().replace(/\s+/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
