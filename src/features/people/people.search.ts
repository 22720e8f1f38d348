import { storedText } from '../../platform/content/stored-html';
import type { DbOrTx } from '../../platform/db/database';
import type { SearchKind } from '../../platform/search/kinds';
import { indexDocument, removeDocument, type SearchDocumentInput } from '../../platform/search/search';
import type { Vocabulary } from '../../platform/vocabulary/vocabulary';
import { libraryTypePhrase } from './people.models';
import * as repo from './people.repository';
import { type FullProfile, type VisibleProfile, visibleProfile } from './people.visibility';

export const PERSON_KIND = 'person';
export const PERSON_SEARCH_KIND: SearchKind = {
  kind: PERSON_KIND,
  label: 'Person',
  plural: 'People',
  curated: false,
  order: 80,
};

/** The members-only document of a person: what members may see beyond the public one. */
export function membersRefId(userId: number): string {
  return `${userId}:members`;
}

/** Take both of a person's documents out of the index (account deleted). */
export async function removePerson(db: DbOrTx, userId: number): Promise<void> {
  await removeDocument(db, PERSON_KIND, String(userId));
  await removeDocument(db, PERSON_KIND, membersRefId(userId));
}

function personDocument(p: VisibleProfile, vocabulary: Vocabulary, refId: string, now: Date): SearchDocumentInput {
  const expertise = (p.expertise ?? []).map((e) => vocabulary.expertise.canonical(e));
  const summary = [
    p.pronouns ? `(${p.pronouns})` : '',
    p.institution ?? '',
    p.libraryType ? libraryTypePhrase(vocabulary.libraryTypes.label(p.libraryType)) : '',
    [p.region, p.country ? vocabulary.regions.label(p.country) : ''].filter(Boolean).join(', '),
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    kind: PERSON_KIND,
    refId,
    url: `/people/${p.username}`,
    title: p.displayName,
    summary,
    body: p.bio ? storedText(p.bioHtml, p.bio) : '',
    topics: expertise.filter((e) => vocabulary.expertise.has(e)),
    docType: PERSON_KIND,
    audience: null,
    keywords: [
      ...expertise.map((e) => vocabulary.expertise.label(e)),
      ...(p.systems ?? []).map((s) => vocabulary.systems.label(s)),
      ...(p.languages ?? []).map((l) => vocabulary.languages.label(l)),
    ],
    updatedAt: now,
  };
}

/**
 * A person has up to two documents, each holding only what its readers may see: the public one (anyone) and,
 * when they show members more than the public, a members-only one (returned to signed-in members only). Both
 * share a group key, so a member finds the person once. Hidden fields are never indexed.
 */
export async function indexPerson(db: DbOrTx, userId: number, now: Date, vocabulary: Vocabulary): Promise<void> {
  const full = (await repo.loadFullProfiles(db, [userId])).get(userId);
  if (!full) return removePerson(db, userId);
  const groupKey = `person:${userId}`;
  const membersDoc = personDocument(visibleProfile(full, 'member'), vocabulary, membersRefId(userId), now);
  // Anyone finds (and has suggested as they type) only people who made part of their profile public; the others
  // are found by members alone, even by name.
  if (!madePublic(full)) {
    await removeDocument(db, PERSON_KIND, String(userId));
    await indexDocument(db, { ...membersDoc, visibility: 'members', groupKey });
    return;
  }
  const publicDoc = personDocument(visibleProfile(full, 'public'), vocabulary, String(userId), now);
  await indexDocument(db, { ...publicDoc, visibility: 'public', groupKey });
  const same = (d: SearchDocumentInput) => JSON.stringify([d.summary, d.body, d.topics, d.keywords]);
  if (same(membersDoc) === same(publicDoc)) await removeDocument(db, PERSON_KIND, membersRefId(userId));
  else await indexDocument(db, { ...membersDoc, visibility: 'members', groupKey });
}

/** Whether the person chose to show the public anything of their profile beyond the name (a public profile). */
export function madePublic(full: FullProfile): boolean {
  // visibleProfile leaves out what the public may not see and what is empty: anything beyond the name is a choice.
  const always = new Set(['userId', 'username', 'displayName']);
  return Object.keys(visibleProfile(full, 'public')).some((key) => !always.has(key));
}

/** Every profile, once: for hubs whose profiles were indexed before members-only documents existed. */
export async function indexAllPeople(db: DbOrTx, now: Date, vocabulary: Vocabulary): Promise<void> {
  for (const id of await repo.profileUserIds(db)) await indexPerson(db, id, now, vocabulary);
}
