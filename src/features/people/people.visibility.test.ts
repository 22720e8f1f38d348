import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth/actor';
import {
  canSee,
  defaultVisibility,
  type FullProfile,
  PROFILE_FIELDS,
  type Viewer,
  viewerOf,
  visibleLevels,
  visibleProfile,
} from './people.visibility';

const full = (over: Partial<FullProfile> = {}): FullProfile => ({
  userId: 7,
  username: 'rosa',
  displayName: 'Rosa Lender',
  email: 'rosa@library.test',
  pronouns: 'she/her',
  photoUrl: '/people/rosa/photo?v=1',
  institution: 'Lakeside University',
  libraryType: 'academic',
  country: 'Canada',
  region: 'Ontario',
  timeZone: 'America/Toronto',
  languages: ['English', 'French'],
  systems: ['tipasa'],
  expertise: ['copyright-licensing'],
  bio: 'I lend microfilm.',
  links: [{ title: 'Library', url: 'https://lakeside.example' }],
  visibility: {},
  ...over,
});

const actor = (id: number, role: Actor['role']): Actor => ({
  id,
  username: `u${id}`,
  displayName: `U ${id}`,
  email: `u${id}@x.test`,
  role,
});

describe('who is looking', () => {
  it('is the person themselves, a member, or the public (anonymous visitors and readers alike)', () => {
    expect(viewerOf(actor(7, 'reader'), 7)).toBe('self');
    expect(viewerOf(actor(8, 'member'), 7)).toBe('member');
    expect(viewerOf(actor(8, 'admin'), 7)).toBe('member');
    expect(viewerOf(actor(8, 'reader'), 7)).toBe('public');
    expect(viewerOf(null, 7)).toBe('public');
  });
});

describe('the visibility rule', () => {
  const table: Array<[level: 'public' | 'members' | 'hidden', viewer: Viewer, sees: boolean]> = [
    ['public', 'public', true],
    ['public', 'member', true],
    ['public', 'self', true],
    ['members', 'public', false],
    ['members', 'member', true],
    ['members', 'self', true],
    ['hidden', 'public', false],
    ['hidden', 'member', false],
    ['hidden', 'self', true],
  ];
  for (const [level, viewer, sees] of table) {
    it(`${level} field ${sees ? 'is' : 'is not'} shown to ${viewer}`, () => {
      expect(canSee(level, viewer)).toBe(sees);
      expect(visibleLevels(viewer).includes(level)).toBe(sees);
    });
  }

  it('defaults every field to members only, except email, which is hidden', () => {
    for (const field of PROFILE_FIELDS) expect(defaultVisibility(field)).toBe(field === 'email' ? 'hidden' : 'members');
  });

  it('shows the public only the display name when nothing was chosen', () => {
    expect(visibleProfile(full(), 'public')).toEqual({ userId: 7, username: 'rosa', displayName: 'Rosa Lender' });
  });

  it('shows members every default field but never the email address', () => {
    const seen = visibleProfile(full(), 'member');
    expect(seen.institution).toBe('Lakeside University');
    expect(seen.photoUrl).toBe('/people/rosa/photo?v=1');
    expect(seen.country).toBe('Canada');
    expect(seen).not.toHaveProperty('email');
  });

  it('shows the person everything, hidden fields and email included', () => {
    const seen = visibleProfile(full({ visibility: { institution: 'hidden', bio: 'hidden' } }), 'self');
    expect(seen.institution).toBe('Lakeside University');
    expect(seen.bio).toBe('I lend microfilm.');
    expect(seen.email).toBe('rosa@library.test');
  });

  it('follows each field’s own choice', () => {
    const p = full({
      visibility: { institution: 'public', bio: 'hidden', location: 'public', email: 'members', expertise: 'hidden' },
    });
    const pub = visibleProfile(p, 'public');
    expect(pub.institution).toBe('Lakeside University');
    expect(pub.region).toBe('Ontario');
    expect(pub).not.toHaveProperty('bio');
    expect(pub).not.toHaveProperty('email');
    const mem = visibleProfile(p, 'member');
    expect(mem.email).toBe('rosa@library.test');
    expect(mem).not.toHaveProperty('bio');
    expect(mem).not.toHaveProperty('expertise');
  });

  it('leaves out a field the viewer may not see rather than showing it empty', () => {
    const p = visibleProfile(
      full({ visibility: Object.fromEntries(PROFILE_FIELDS.map((f) => [f, 'hidden'])) }),
      'member',
    );
    expect(Object.keys(p).sort()).toEqual(['displayName', 'userId', 'username']);
  });
});
