import { PROFILE_FIELDS } from './people.visibility';

/** The editor's fields as a browser sends them, every visibility at its default. */
export function profileForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {
    displayName: 'Rosa Lender',
    pronouns: 'she/her',
    institution: 'Lakeside University',
    libraryType: 'academic',
    country: 'Canada',
    region: 'Ontario',
    timeZone: 'America/Toronto',
    languages: 'english, French',
    systems: ['tipasa', 'reshare'],
    expertise: ['copyright-licensing', 'statistics'],
    bio: 'I **lend** microfilm.',
    link1Title: 'Our library',
    link1Url: 'https://lakeside.example/ill',
  };
  for (const f of PROFILE_FIELDS) form[`vis_${f}`] = f === 'email' ? 'hidden' : 'members';
  return { ...form, ...over };
}

/**
 * Poll until `check` holds: on PostgreSQL, page caches hear about changes by
 * LISTEN/NOTIFY on another connection, a moment after the commit.
 */
export async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
