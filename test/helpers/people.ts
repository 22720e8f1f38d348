import { PROFILE_FIELDS } from '../../src/features/people/people.visibility';

/** The editor's fields as a browser sends them, every visibility at its default. */
export function profileForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {
    displayName: 'Rosa Lender',
    pronouns: 'she/her',
    institution: 'Lakeside University',
    libraryType: 'academic',
    country: 'canada',
    region: 'Ontario',
    timeZone: 'America/Toronto',
    languages: 'english, French',
    systems: ['tipasa', 'reshare'],
    expertise: ['copyright-licensing', 'reports-assessment'],
    bio: 'I **lend** microfilm.',
    link1Title: 'Our library',
    link1Url: 'https://lakeside.example/ill',
  };
  for (const f of PROFILE_FIELDS) form[`vis_${f}`] = f === 'email' ? 'hidden' : 'members';
  return { ...form, ...over };
}
