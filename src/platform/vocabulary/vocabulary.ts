import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { APP_ROOT } from '../app-root';

/**
 * The hub's one vocabulary: ILL systems, areas of expertise, library types,
 * regions and languages, kept as content (`content/vocabulary/*.yaml`) and
 * read by every feature that names them, so a label is spelled the same
 * everywhere. Each entry has a permanent slug (what is stored), a label (what
 * is shown) and optional aliases: older slugs and other spellings, which keep
 * values saved before the vocabulary existed readable and findable.
 */

export const VOCABULARY_FILES = {
  systems: 'systems.yaml',
  expertise: 'expertise.yaml',
  libraryTypes: 'library-types.yaml',
  regions: 'regions.yaml',
  languages: 'languages.yaml',
  trainingAreas: 'training-areas.yaml',
} as const;

export type VocabularyName = keyof typeof VOCABULARY_FILES;

/**
 * How hard each list is checked for near-duplicates. Hand-written lists
 * refuse a label whose words are all in another label ("Copyright" beside
 * "Copyright & licensing"); the standard lists (ISO country and language
 * names) legitimately have such pairs ("Guinea", "Papua New Guinea"), so
 * there only spellings that read the same are refused.
 */
const NEAR_DUPLICATE_RULE: Record<VocabularyName, 'words' | 'exact'> = {
  systems: 'words',
  expertise: 'words',
  libraryTypes: 'words',
  regions: 'exact',
  languages: 'exact',
  trainingAreas: 'words',
};

export interface Term {
  slug: string;
  label: string;
  aliases: string[];
  description?: string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const termSchema = z
  .object({
    slug: z.string().max(60).regex(SLUG, 'a slug is lowercase letters, digits and single hyphens'),
    label: z.string().trim().min(1).max(80),
    aliases: z.array(z.string().trim().min(1).max(80)).max(20).default([]),
    description: z.string().trim().max(300).optional(),
  })
  .strict();

/** One spelling for comparing: case, accents, "&"/"and" and punctuation do not matter. */
export function normaliseKey(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const STOP_WORDS = new Set(['and', 'or', 'the', 'of', 'a', 'an', 'in', 'for']);

function words(label: string): Set<string> {
  return new Set(
    normaliseKey(label)
      .split(' ')
      .filter((w) => w && !STOP_WORDS.has(w)),
  );
}

export class VocabularyList {
  readonly terms: readonly Term[];
  private readonly bySlug: Map<string, Term>;
  private readonly byKey: Map<string, Term>;

  constructor(
    readonly name: VocabularyName,
    terms: Term[],
  ) {
    this.terms = terms;
    this.bySlug = new Map(terms.map((t) => [t.slug, t]));
    this.byKey = new Map();
    for (const t of terms) {
      for (const key of [t.slug, t.label, ...t.aliases].map(normaliseKey))
        if (!this.byKey.has(key)) this.byKey.set(key, t);
    }
  }

  /** True for a slug of this list (not an alias: new values are stored as slugs). */
  has(slug: string): boolean {
    return this.bySlug.has(slug);
  }

  slugs(): string[] {
    return this.terms.map((t) => t.slug);
  }

  /** The term a value means: its slug, its label or one of its aliases, however spelled. */
  find(value: string): Term | undefined {
    return this.bySlug.get(value) ?? this.byKey.get(normaliseKey(value));
  }

  /** The slug a stored or typed value means, or undefined when the list does not know it. */
  resolve(value: string): string | undefined {
    return this.find(value)?.slug;
  }

  /** The slug a stored value means, or the value itself (a value saved before the vocabulary stays readable). */
  canonical(value: string): string {
    return this.resolve(value) ?? value;
  }

  /** What to show for a stored value: its term's label, or the value as it was saved. */
  label(value: string): string {
    return this.find(value)?.label ?? value;
  }

  /** Options for a select or a group of checkboxes, in the file's order. */
  options(): Array<{ value: string; label: string }> {
    return this.terms.map((t) => ({ value: t.slug, label: t.label }));
  }

  /**
   * Every spelling a stored value meaning `slug` may have: the slug, the
   * label and the aliases (for matching rows saved before the vocabulary).
   */
  spellings(slug: string): string[] {
    const t = this.bySlug.get(slug);
    return t ? [...new Set([t.slug, t.label, ...t.aliases])] : [slug];
  }
}

export type Vocabulary = { readonly [K in VocabularyName]: VocabularyList };

export class VocabularyError extends Error {
  constructor(readonly problems: string[]) {
    super(`The vocabulary has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Check one list: every entry well formed, no slug twice, no two entries
 * that read the same (slug, label or alias of one equal to another's), and,
 * for hand-written lists, no label whose words all appear in another's.
 */
export function checkList(
  name: VocabularyName,
  raw: unknown,
  file: string = VOCABULARY_FILES[name],
): { terms: Term[]; problems: string[] } {
  const problems: string[] = [];
  if (!Array.isArray(raw) || raw.length === 0)
    return { terms: [], problems: [`${file}: must be a list of entries (slug, label)`] };
  const terms: Term[] = [];
  raw.forEach((entry, i) => {
    const parsed = termSchema.safeParse(entry);
    if (!parsed.success) {
      const where = (entry as { slug?: unknown })?.slug
        ? `“${String((entry as { slug: unknown }).slug)}”`
        : `entry ${i + 1}`;
      for (const issue of parsed.error.issues)
        problems.push(`${file}: ${where}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
      return;
    }
    const { description, ...rest } = parsed.data;
    terms.push(description ? { ...rest, description } : rest);
  });
  const owner = new Map<string, Term>();
  const slugs = new Set<string>();
  for (const t of terms) {
    if (slugs.has(t.slug)) problems.push(`${file}: the slug “${t.slug}” appears twice`);
    slugs.add(t.slug);
    for (const spelling of [t.slug, t.label, ...t.aliases]) {
      const key = normaliseKey(spelling);
      const other = owner.get(key);
      if (other && other !== t)
        problems.push(`${file}: “${spelling}” (${t.slug}) reads the same as an entry of “${other.slug}”`);
      else owner.set(key, t);
    }
  }
  if (NEAR_DUPLICATE_RULE[name] === 'words') {
    const labelled = terms.map((t) => ({ t, w: words(t.label) }));
    for (const a of labelled) {
      for (const b of labelled) {
        if (a.t === b.t || a.w.size === 0 || a.w.size > b.w.size) continue;
        if ([...a.w].every((w) => b.w.has(w)) && !(a.w.size === b.w.size && a.t.slug > b.t.slug)) {
          problems.push(
            `${file}: “${a.t.label}” (${a.t.slug}) is a near-duplicate of “${b.t.label}” (${b.t.slug}): make one an alias of the other`,
          );
        }
      }
    }
  }
  return { terms, problems };
}

/** Read and check the five lists in `dir`. Any problem anywhere throws a VocabularyError naming every problem. */
export async function loadVocabulary(dir: string): Promise<Vocabulary> {
  const { default: YAML } = await import('yaml');
  const problems: string[] = [];
  const lists = {} as Record<VocabularyName, VocabularyList>;
  for (const [name, file] of Object.entries(VOCABULARY_FILES) as Array<[VocabularyName, string]>) {
    let raw: unknown;
    try {
      raw = YAML.parse(await fs.promises.readFile(path.join(dir, file), 'utf8'));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const checked = checkList(name, raw, file);
    problems.push(...checked.problems);
    lists[name] = new VocabularyList(name, checked.terms);
  }
  if (problems.length) throw new VocabularyError(problems);
  return lists;
}

/** The hub's own lists, beside its starter content. */
export const DEFAULT_VOCABULARY_DIR = path.join(APP_ROOT, 'content', 'vocabulary');

/** `CONTENT_DIR/vocabulary` when that folder exists, else the hub's own lists. */
export function vocabularyDir(contentDir?: string): string {
  const own = contentDir ? path.join(contentDir, 'vocabulary') : undefined;
  return own && fs.existsSync(own) ? own : DEFAULT_VOCABULARY_DIR;
}

const loaded = new Map<string, Promise<Vocabulary>>();

/** The vocabulary for a content directory, read and checked once per process. */
export function vocabularyFor(contentDir?: string): Promise<Vocabulary> {
  const dir = vocabularyDir(contentDir);
  let vocabulary = loaded.get(dir);
  if (!vocabulary) {
    vocabulary = loadVocabulary(dir);
    // A failed load is not kept: the next caller gets the same clear error again, not a stale rejection.
    vocabulary.catch(() => loaded.delete(dir));
    loaded.set(dir, vocabulary);
  }
  return vocabulary;
}

/**
 * Check a list of slugs from a form against one list: `undefined` when all
 * are known, else a message naming the first unknown value.
 */
export function unknownSlugProblem(list: VocabularyList, label: string, values: readonly string[]): string | undefined {
  const unknown = values.find((v) => !list.has(v));
  return unknown === undefined
    ? undefined
    : `${label}: “${unknown.slice(0, 60)}” is not in the list. Choose from the list.`;
}
