import type { Child } from 'hono/jsx';
import type { Visibility } from '../people.table';
import type { Vocabulary } from '../../../platform/vocabulary/vocabulary';
import { libraryTypePhrase } from '../people.models';
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

/** "Lakeside University · Academic library · Ontario, Canada": where someone works, in the vocabulary's words. */
export function workplaceLine(
  p: { institution?: string; libraryType?: string; region?: string; country?: string },
  vocabulary: Vocabulary,
): string {
  return [
    p.institution,
    p.libraryType ? libraryTypePhrase(vocabulary.libraryTypes.label(p.libraryType)) : '',
    locationLine(p, vocabulary),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "Ontario, Canada": the free-text area, then the country or region's label. */
export function locationLine(p: { region?: string; country?: string }, vocabulary: Vocabulary): string {
  return [p.region, p.country ? vocabulary.regions.label(p.country) : ''].filter(Boolean).join(', ');
}

/** A zone picker's options: groups by the part of the name before "/", the person's own zone first. */
export interface ZoneGroups {
  first?: string | undefined;
  groups: Array<{ label: string; zones: string[] }>;
}

/**
 * The time-zone select: the saved zone first, then every zone under its
 * region. The client module (src/client/timezone.ts) adds the browser's zone
 * at the top as "Detected: …"; without JavaScript the list works as it is.
 */
export function TimeZoneSelect({
  id,
  name,
  value,
  zones,
  blank,
  describedBy,
  invalid,
}: {
  id: string;
  name: string;
  value: string;
  zones: ZoneGroups;
  blank: string;
  describedBy?: string | undefined;
  invalid?: boolean;
}) {
  return (
    <select
      id={id}
      name={name}
      data-timezone-select
      aria-describedby={describedBy}
      aria-invalid={invalid ? 'true' : undefined}
    >
      <option value="">{blank}</option>
      {zones.first ? (
        <option value={zones.first} selected={zones.first === value}>
          {`Saved: ${zones.first}`}
        </option>
      ) : null}
      {zones.groups.map((g) => (
        <optgroup label={g.label}>
          {g.zones.map((z) => (
            <option value={z} selected={z === value && z !== zones.first}>
              {z}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
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
export function Avatar({
  name,
  photoUrl,
  large = false,
}: {
  name: string;
  photoUrl?: string | null | undefined;
  large?: boolean;
}) {
  if (!photoUrl) return <Initials name={name} />;
  return (
    <img
      class={large ? 'avatar avatar-large' : 'avatar'}
      src={photoUrl}
      alt=""
      width={large ? 160 : 56}
      height={large ? 160 : 56}
    />
  );
}

export function PeopleNav({
  current,
}: {
  current: 'directory' | 'profile' | 'messages' | 'phone' | 'data' | 'blocked' | '';
}) {
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
