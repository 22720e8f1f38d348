import { type SQL, sql } from 'drizzle-orm';
import { textArray } from '../../platform/db/arrays';
import type { DbOrTx } from '../../platform/db/database';
import type { Vocabulary } from '../../platform/vocabulary/vocabulary';
import { rowsOf } from '../../platform/db/database';
import { type ContactPreference, normaliseLanguage } from './people.models';
import { photoUrl } from './people.repository';
import { VISIBILITIES, type Visibility } from './people.table';
import { zonesInWorkingHours } from './people.time';
import {
  defaultVisibility,
  type FullProfile,
  type ProfileField,
  type Viewer,
  type VisibleProfile,
  visibleLevels,
  visibleProfile,
} from './people.visibility';

/** Filters by vocabulary slug (region and language may also be text the lists do not hold: matched as typed). */
export interface DirectoryFilters {
  q: string;
  expertise: string;
  system: string;
  libraryType: string;
  region: string;
  language: string;
  timeZone: string;
  /** Only people for whom it is working hours now. */
  awake: boolean;
}

export const EMPTY_FILTERS: DirectoryFilters = {
  q: '',
  expertise: '',
  system: '',
  libraryType: '',
  region: '',
  language: '',
  timeZone: '',
  awake: false,
};

export const DIRECTORY_PAGE_SIZE = 20;

export interface DirectoryEntry {
  profile: VisibleProfile;
  howICanHelp: string;
  preferredContact: ContactPreference;
  confirmedAt: Date;
}

export interface DirectoryPage {
  entries: DirectoryEntry[];
  /** Matches, counted up to DIRECTORY_COUNT_CAP. */
  total: number;
  totalCapped: boolean;
  page: number;
  pageCount: number;
}

/**
 * A person's field may be matched only when the viewer may see it: a filter
 * must not reveal a hidden field. The condition is `visibleLevels` written as
 * jsonb containment (a missing key means the default level), which the
 * planner estimates well, so it can walk the newest-first index.
 */
function visible(field: ProfileField, viewer: Viewer): SQL {
  const allowed = visibleLevels(viewer);
  const has = (level: Visibility) => sql`p.visibility @> ${JSON.stringify({ [field]: level })}::jsonb`;
  if (allowed.includes(defaultVisibility(field))) {
    const refused = VISIBILITIES.filter((level) => !allowed.includes(level));
    return refused.length
      ? sql.join(
          refused.map((level) => sql`not ${has(level)}`),
          sql` and `,
        )
      : sql`true`;
  }
  return sql`(${sql.join(allowed.map(has), sql` or `)})`;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** Beyond this many matches the page says "more than …"; pages stop here too (filters narrow it down). */
export const DIRECTORY_COUNT_CAP = 200;
export const DIRECTORY_MAX_PAGE = DIRECTORY_COUNT_CAP / DIRECTORY_PAGE_SIZE;

/**
 * Everyone opted in to Phone a Friend whose opt-in has not lapsed, filtered
 * and matched only on what a member may see of them, newest confirmation
 * first. Matching reads only the narrow opt-in rows (and profiles or names
 * when a filter needs them); full profiles are loaded for the one page shown.
 * A deleted account has no opt-in (erasing removes it in the same transaction).
 */
export async function searchDirectory(
  db: DbOrTx,
  {
    filters,
    now,
    page = 1,
    pageSize = DIRECTORY_PAGE_SIZE,
    vocabulary,
  }: { filters: DirectoryFilters; now: Date; page?: number; pageSize?: number; vocabulary: Vocabulary },
): Promise<DirectoryPage> {
  const viewer: Viewer = 'member';
  // A slug also matches the spellings rows saved before the vocabulary may hold (an old slug, a label, an alias).
  const spelled = (list: keyof Vocabulary, value: string) => vocabulary[list].spellings(value);
  const where: SQL[] = [sql`f.lapses_at > ${now.toISOString()}`];
  if (filters.expertise)
    where.push(
      sql`p.expertise && ${textArray(spelled('expertise', filters.expertise))} and ${visible('expertise', viewer)}`,
    );
  if (filters.system)
    where.push(sql`p.systems && ${textArray(spelled('systems', filters.system))} and ${visible('systems', viewer)}`);
  if (filters.language) {
    // Languages used to be stored as typed, in normaliseLanguage's spelling.
    const forms = [...new Set(spelled('languages', filters.language).flatMap((s) => [s, normaliseLanguage(s)]))];
    where.push(sql`p.languages && ${textArray(forms)} and ${visible('languages', viewer)}`);
  }
  if (filters.libraryType) {
    where.push(
      sql`p.library_type = any(${textArray(spelled('libraryTypes', filters.libraryType))}) and ${visible('libraryType', viewer)}`,
    );
  }
  if (filters.region) {
    const forms = [...new Set(spelled('regions', filters.region).map((s) => s.trim().toLowerCase()))];
    where.push(
      sql`(lower(p.country) = any(${textArray(forms)}) or lower(p.region) = any(${textArray(forms)})) and ${visible('location', viewer)}`,
    );
  }
  if (filters.timeZone) where.push(sql`p.time_zone = ${filters.timeZone} and ${visible('timeZone', viewer)}`);
  if (filters.awake)
    where.push(sql`p.time_zone = any(${textArray(zonesInWorkingHours(now))}) and ${visible('timeZone', viewer)}`);
  const needsProfile = Boolean(
    filters.expertise ||
      filters.system ||
      filters.language ||
      filters.libraryType ||
      filters.region ||
      filters.timeZone ||
      filters.awake,
  );
  if (filters.q) {
    const like = `%${escapeLike(filters.q.trim())}%`;
    where.push(sql`(u.display_name ilike ${like} or f.how_i_can_help ilike ${like})`);
  }
  const from = sql`from phone_a_friend f
    ${needsProfile ? sql`join profiles p on p.user_id = f.user_id` : sql``}
    ${filters.q ? sql`join users u on u.id = f.user_id` : sql``}
    where ${sql.join(where, sql` and `)}`;
  // One statement: counting stops at the cap, and the page is a top-N by
  // confirmation (the newest-first index), so neither reads every match.
  const query = (n: number) =>
    db.execute(sql`
      select c.n, d.* from (select count(*)::int as n from (select 1 ${from} limit ${DIRECTORY_COUNT_CAP + 1}) x) c
      left join lateral (
        select u2.id, u2.username, u2.display_name, p2.pronouns, p2.photo, p2.institution, p2.library_type, p2.country, p2.region,
          p2.time_zone, p2.languages, p2.systems, p2.expertise, p2.bio, p2.links, p2.show_email, p2.visibility,
          f2.how_i_can_help, f2.preferred_contact, f2.confirmed_at
        from (select f.user_id ${from} order by f.confirmed_at desc nulls last, f.user_id limit ${pageSize} offset ${(n - 1) * pageSize}) pg
        join phone_a_friend f2 on f2.user_id = pg.user_id
        join users u2 on u2.id = pg.user_id and u2.deleted_at is null
        left join profiles p2 on p2.user_id = pg.user_id
      ) d on true
      order by d.confirmed_at desc nulls last, d.id`);
  let current = Math.min(Math.max(1, page), DIRECTORY_MAX_PAGE);
  let rows = rowsOf<DirectoryRow & { n: number }>(await query(current));
  const n = Number(rows[0]?.n ?? 0);
  const total = Math.min(n, DIRECTORY_COUNT_CAP);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (current > pageCount) {
    current = pageCount;
    rows = rowsOf<DirectoryRow & { n: number }>(await query(current));
  }
  rows = rows.filter((r) => r.id !== null);
  return {
    entries: rows.map((r) => ({
      profile: visibleProfile(toFull(r), viewer),
      howICanHelp: r.how_i_can_help,
      preferredContact: r.preferred_contact as ContactPreference,
      confirmedAt: new Date(r.confirmed_at),
    })),
    total,
    totalCapped: n > DIRECTORY_COUNT_CAP,
    page: current,
    pageCount,
  };
}

let zoneCache: { at: number; zones: string[] } | undefined;
const ZONE_CACHE_MS = 5 * 60_000;

/**
 * Zones where opted-in people are, for the time zone filter's options. Kept
 * for a few minutes: it only lists choices, and filtering itself is exact.
 */
export async function directoryTimeZones(db: DbOrTx, now: Date): Promise<string[]> {
  if (zoneCache && Math.abs(now.getTime() - zoneCache.at) < ZONE_CACHE_MS) return zoneCache.zones;
  const rows = rowsOf<{ time_zone: string }>(
    await db.execute(sql`
      select distinct p.time_zone from phone_a_friend f join profiles p on p.user_id = f.user_id
      where f.lapses_at > ${now.toISOString()} and p.time_zone <> '' and ${visible('timeZone', 'member')}
      order by 1`),
  );
  zoneCache = { at: now.getTime(), zones: rows.map((r) => r.time_zone) };
  return zoneCache.zones;
}

interface DirectoryRow {
  id: number;
  username: string;
  display_name: string;
  pronouns: string | null;
  photo: string | null;
  institution: string | null;
  library_type: string | null;
  country: string | null;
  region: string | null;
  time_zone: string | null;
  languages: string[] | null;
  systems: string[] | null;
  expertise: string[] | null;
  bio: string | null;
  links: Array<{ title: string; url: string }> | null;
  show_email: string | null;
  visibility: Record<string, string> | null;
  how_i_can_help: string;
  preferred_contact: string;
  confirmed_at: string | Date;
}

function toFull(r: DirectoryRow): FullProfile {
  return {
    userId: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    // The directory never carries addresses: contact goes through private messages.
    email: '',
    pronouns: r.pronouns ?? '',
    photoUrl: photoUrl(r.username, r.photo),
    institution: r.institution ?? '',
    libraryType: r.library_type ?? '',
    country: r.country ?? '',
    region: r.region ?? '',
    timeZone: r.time_zone ?? '',
    languages: r.languages ?? [],
    systems: r.systems ?? [],
    expertise: r.expertise ?? [],
    bio: r.bio ?? '',
    links: r.links ?? [],
    visibility: r.visibility ?? {},
  } as FullProfile;
}
