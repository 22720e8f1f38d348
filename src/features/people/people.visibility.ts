import type { Actor } from '../../platform/auth/actor';
import type { SafeHtml } from '../../platform/content/markdown';
import { hasRole } from '../../platform/authz/policy';
import type { Visibility } from './people.table';

/**
 * The one rule for who sees which part of a profile. Every page, list, search
 * document, email and export that shows profile data goes through
 * `visibleProfile` (or, in SQL filters, `visibleLevels`).
 */

/** Profile fields that carry their own visibility choice. The display name is always public. */
export const PROFILE_FIELDS = [
  'pronouns',
  'photo',
  'institution',
  'libraryType',
  'location',
  'timeZone',
  'languages',
  'systems',
  'expertise',
  'bio',
  'links',
  'email',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Members only, unless the person chooses otherwise; email is never shown unless they choose. */
export function defaultVisibility(field: ProfileField): Visibility {
  return field === 'email' ? 'hidden' : 'members';
}

/** Who is looking: anyone on the web, a signed-in member, or the person themselves. */
export type Viewer = 'public' | 'member' | 'self';

/** Readers (and anonymous visitors) see what the public sees: "members only" means members. */
export function viewerOf(actor: Actor | null, profileUserId: number): Viewer {
  if (actor && actor.id === profileUserId) return 'self';
  return hasRole(actor, 'member') ? 'member' : 'public';
}

export function canSee(level: Visibility, viewer: Viewer): boolean {
  if (viewer === 'self') return true;
  if (level === 'public') return true;
  return level === 'members' && viewer === 'member';
}

/** The stored levels a viewer may see, for SQL filters that must not match on what they may not see. */
export function visibleLevels(viewer: Viewer): Visibility[] {
  return (['public', 'members', 'hidden'] as const).filter((level) => canSee(level, viewer));
}

export interface FullProfile {
  userId: number;
  username: string;
  displayName: string;
  email: string;
  pronouns: string;
  /** Address of the photo, when there is one. */
  photoUrl: string | null;
  institution: string;
  libraryType: string;
  country: string;
  region: string;
  timeZone: string;
  languages: string[];
  systems: string[];
  expertise: string[];
  bio: string;
  /** The bio as stored sanitised HTML (absent where a list does not load it; null until rendered). */
  bioHtml?: SafeHtml | null;
  links: Array<{ title: string; url: string }>;
  /** field → level; missing fields take `defaultVisibility`. Email's level lives here too (as `email`). */
  visibility: Partial<Record<ProfileField, Visibility>>;
}

export type VisibleProfile = Pick<FullProfile, 'userId' | 'username' | 'displayName'> &
  Partial<Omit<FullProfile, 'userId' | 'username' | 'displayName' | 'visibility'>>;

export function levelOf(profile: Pick<FullProfile, 'visibility'>, field: ProfileField): Visibility {
  return profile.visibility[field] ?? defaultVisibility(field);
}

/** Only what `viewer` may see; a field they may not see is absent, not empty. */
export function visibleProfile(profile: FullProfile, viewer: Viewer): VisibleProfile {
  const out: VisibleProfile = { userId: profile.userId, username: profile.username, displayName: profile.displayName };
  const show = (field: ProfileField) => canSee(levelOf(profile, field), viewer);
  if (show('pronouns') && profile.pronouns) out.pronouns = profile.pronouns;
  if (show('photo') && profile.photoUrl) out.photoUrl = profile.photoUrl;
  if (show('institution') && profile.institution) out.institution = profile.institution;
  if (show('libraryType') && profile.libraryType) out.libraryType = profile.libraryType;
  if (show('location')) {
    if (profile.country) out.country = profile.country;
    if (profile.region) out.region = profile.region;
  }
  if (show('timeZone') && profile.timeZone) out.timeZone = profile.timeZone;
  if (show('languages') && profile.languages.length) out.languages = profile.languages;
  if (show('systems') && profile.systems.length) out.systems = profile.systems;
  if (show('expertise') && profile.expertise.length) out.expertise = profile.expertise;
  if (show('bio') && profile.bio) {
    out.bio = profile.bio;
    if (profile.bioHtml !== undefined) out.bioHtml = profile.bioHtml;
  }
  if (show('links') && profile.links.length) out.links = profile.links;
  if (show('email') && profile.email) out.email = profile.email;
  return out;
}
