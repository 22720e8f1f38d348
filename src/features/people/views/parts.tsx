import type { Child } from 'hono/jsx';
import type { Visibility } from '../people.table';
import { ILL_SYSTEM_LABELS, LIBRARY_TYPE_LABELS } from '../people.models';
import { formatLocalTime, isWorkingHours } from '../people.time';

export const VISIBILITY_LABELS: Record<Visibility, string> = {
  public: 'Everyone',
  members: 'Members only',
  hidden: 'Only me',
};

export const FIELD_LABELS = {
  pronouns: 'Pronouns',
  photo: 'Photo',
  institution: 'Institution',
  libraryType: 'Library type',
  location: 'Country and region',
  timeZone: 'Time zone',
  languages: 'Languages',
  systems: 'ILL systems used',
  expertise: 'Areas of expertise',
  bio: 'Short bio',
  links: 'Links',
  email: 'Email address',
} as const;

/** "Who can see your …" */
export const FIELD_PHRASES: Record<keyof typeof FIELD_LABELS, string> = {
  pronouns: 'pronouns',
  photo: 'photo',
  institution: 'institution',
  libraryType: 'library type',
  location: 'country and region',
  timeZone: 'time zone',
  languages: 'languages',
  systems: 'ILL systems',
  expertise: 'areas of expertise',
  bio: 'short bio',
  links: 'links',
  email: 'email address',
};

export function libraryTypeLabel(value: string): string {
  return LIBRARY_TYPE_LABELS[value as keyof typeof LIBRARY_TYPE_LABELS] ?? value;
}

export function systemLabel(value: string): string {
  return ILL_SYSTEM_LABELS[value as keyof typeof ILL_SYSTEM_LABELS] ?? value;
}

/** "14:05 local time, within working hours" — said in words, not colour. */
export function LocalTime({ zone, now }: { zone: string; now: Date }) {
  const awake = isWorkingHours(zone, now);
  return (
    <>
      {zone} — {formatLocalTime(zone, now)} there now{' '}
      <span class={awake ? 'badge badge-awake' : 'badge'}>{awake ? 'Working hours' : 'Outside working hours'}</span>
    </>
  );
}

export function Initials({ name }: { name: string }) {
  const letters = name
    .split(/\s+/)
    .map((w) => w.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <span class="avatar avatar-initials" aria-hidden="true">
      {letters || '?'}
    </span>
  );
}

/** Beside the name it belongs to, so decorative (empty alt). */
export function Avatar({ name, photoUrl, large = false }: { name: string; photoUrl?: string | null | undefined; large?: boolean }) {
  if (!photoUrl) return <Initials name={name} />;
  return <img class={large ? 'avatar avatar-large' : 'avatar'} src={photoUrl} alt="" width={large ? 160 : 56} height={large ? 160 : 56} />;
}

export function PeopleNav({ current }: { current: 'directory' | 'profile' | 'messages' | 'phone' | 'data' | 'blocked' | '' }) {
  const items: Array<[string, string, string]> = [
    ['directory', '/people/phone-a-friend', 'Phone a Friend directory'],
    ['profile', '/account/profile', 'Your profile'],
    ['phone', '/account/phone-a-friend', 'Your Phone a Friend listing'],
    ['messages', '/messages', 'Messages'],
    ['blocked', '/messages/blocked', 'Blocked members'],
    ['data', '/account/data', 'Your data'],
  ];
  return (
    <nav class="sub-nav" aria-label="People">
      <ul class="inline-list">
        {items.map(([key, href, label]) => (
          <li>{key === current ? <span aria-current="page">{label}</span> : <a href={href}>{label}</a>}</li>
        ))}
      </ul>
    </nav>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children?: Child }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
