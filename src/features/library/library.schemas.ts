import { z } from 'zod';
import type { Vocabulary } from '../../platform/vocabulary/vocabulary';
import { list, str, text, type FormValues, wordList } from '../../platform/http/forms';
import {
  ARTICLE_LIMITS,
  ARTICLE_TYPES,
  type ArticleContent,
  type ArticleContext,
  AUDIENCES,
  CONTEXT_LABELS,
  CONTEXT_LISTS,
  LIBRARY_SIZES,
  LICENCES,
  SLUG_PATTERN,
  type SourceLink,
} from './library.models';
import { contextProblems } from './library.context';

/**
 * Sources are typed one per line as `Title | https://address | optional note`,
 * which keeps the form usable without JavaScript.
 */
export function parseSources(raw: string): { sources: SourceLink[]; error?: string } {
  const sources: SourceLink[] = [];
  const lines = raw
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > ARTICLE_LIMITS.sources) return { sources, error: `At most ${ARTICLE_LIMITS.sources} sources.` };
  for (const [i, line] of lines.entries()) {
    const [title = '', url = '', ...rest] = line.split('|').map((p) => p.trim());
    const note = rest.join(' | ').trim();
    if (!title || !url) {
      return { sources, error: `Line ${i + 1}: write “Title | https://address”, with an optional “| note”.` };
    }
    if (title.length > ARTICLE_LIMITS.sourceTitle) {
      return { sources, error: `Line ${i + 1}: the title must be ${ARTICLE_LIMITS.sourceTitle} characters or fewer.` };
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return {
        sources,
        error: `Line ${i + 1}: “${url.slice(0, 80)}” is not a web address. It should start with https://.`,
      };
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || url.length > ARTICLE_LIMITS.url) {
      return { sources, error: `Line ${i + 1}: the address must start with https:// or http://.` };
    }
    sources.push(note ? { title, url, note: note.slice(0, ARTICLE_LIMITS.sourceTitle) } : { title, url });
  }
  return { sources };
}

export { formatSources } from './library.models';

// Up to 30 values: an article for every EU member state names 27 regions.
const contextList = (label: string) => wordList(label, 30, ARTICLE_LIMITS.contextItem);

const articleFields = z.object({
  title: text('Title', ARTICLE_LIMITS.title, { min: 3 }),
  summary: text('Summary', ARTICLE_LIMITS.summary, { min: 10 }),
  type: z.enum(ARTICLE_TYPES, { error: 'Choose the kind of article.' }),
  audience: z.enum(AUDIENCES, { error: 'Choose who the article is for.' }),
  body: text('Article text', ARTICLE_LIMITS.body, { min: 20 }),
  tags: wordList('Tags', ARTICLE_LIMITS.tags, ARTICLE_LIMITS.tag).transform((tags) => [
    ...new Set(tags.map((t) => t.toLowerCase())),
  ]),
  topicSlugs: z.array(z.string()).min(1, 'Choose at least one topic.').max(6, 'Choose at most six topics.'),
  libraryTypes: z.array(z.string().max(ARTICLE_LIMITS.contextItem)).max(20).default([]),
  sizes: z.array(z.enum(LIBRARY_SIZES)).default([]),
  systems: contextList('Systems'),
  regions: contextList('Regions'),
  sources: z
    .string()
    .max(ARTICLE_LIMITS.sources * 2200)
    .default(''),
  related: wordList('Related articles', 12, ARTICLE_LIMITS.slug),
  aka: wordList('Also known as', ARTICLE_LIMITS.aka, ARTICLE_LIMITS.akaItem),
  licence: z.enum(Object.keys(LICENCES) as [keyof typeof LICENCES], { error: 'Choose a licence.' }),
  message: text('Change summary', ARTICLE_LIMITS.message, { optional: true }),
});

export type ArticleForm = { content: ArticleContent; message: string };

const CONTEXT_EXAMPLES = {
  libraryTypes: 'Choose library types from the list.',
  systems: 'Use the systems’ names, such as ILLiad or Tipasa.',
  regions: 'Use country names, such as United States or Canada, or “International”.',
} as const;

/**
 * A context field's values as vocabulary slugs (found by slug, label or
 * alias; "any" means no restriction and is dropped), or a message naming the
 * first value the list does not hold.
 */
export function contextSlugs(
  vocabulary: Vocabulary,
  key: keyof typeof CONTEXT_LISTS,
  values: readonly string[],
): { slugs: string[]; error?: string } {
  const list = vocabulary[CONTEXT_LISTS[key]];
  const slugs: string[] = [];
  for (const value of values) {
    if (/^\s*(any|all)\s*$/i.test(value)) continue;
    const slug = list.resolve(value);
    if (slug === undefined) {
      return {
        slugs,
        error: `${CONTEXT_LABELS[key]}: “${value.slice(0, 60)}” is not in the list. ${CONTEXT_EXAMPLES[key]}`,
      };
    }
    if (!slugs.includes(slug)) slugs.push(slug);
  }
  return { slugs };
}

/**
 * Validate the editor form. Topic and related slugs are checked against the
 * database by the caller; library types, systems and regions against the
 * hub's vocabulary.
 */
export function parseArticleForm(
  values: FormValues,
  knownTopics: Set<string>,
  vocabulary: Vocabulary,
): { ok: true; data: ArticleForm } | { ok: false; errors: Record<string, string> } {
  const input = {
    title: str(values, 'title'),
    summary: str(values, 'summary'),
    type: str(values, 'type'),
    audience: str(values, 'audience'),
    body: str(values, 'body'),
    tags: str(values, 'tags'),
    topicSlugs: list(values, 'topicSlugs'),
    libraryTypes: list(values, 'libraryTypes'),
    sizes: list(values, 'sizes'),
    systems: str(values, 'systems'),
    regions: str(values, 'regions'),
    sources: str(values, 'sources'),
    related: str(values, 'related'),
    aka: str(values, 'aka'),
    licence: str(values, 'licence') || 'CC-BY-4.0',
    message: str(values, 'message'),
  };
  const parsed = articleFields.safeParse(input);
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '_form');
      errors[key] ??= issue.message;
    }
  }
  const unknownTopic = input.topicSlugs.find((t) => !knownTopics.has(t));
  if (unknownTopic && !errors.topicSlugs) errors.topicSlugs = 'Choose topics from the list.';
  const { sources, error: sourceError } = parseSources(input.sources);
  if (sourceError && !errors.sources) errors.sources = sourceError;
  const found = { libraryTypes: [] as string[], systems: [] as string[], regions: [] as string[] };
  if (parsed.success) {
    for (const key of ['libraryTypes', 'systems', 'regions'] as const) {
      const { slugs, error } = contextSlugs(vocabulary, key, parsed.data[key]);
      if (error && !errors[key]) errors[key] = error;
      found[key] = slugs;
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const d = parsed.data;
  const context: ArticleContext = {};
  if (found.libraryTypes.length) context.libraryTypes = found.libraryTypes;
  if (d.sizes.length) context.sizes = d.sizes;
  if (found.systems.length) context.systems = found.systems;
  if (found.regions.length) context.regions = found.regions;
  // Best practices must say where they apply, why they work and what they cost or save.
  for (const p of contextProblems({ type: d.type, context, body: d.body }))
    errors[p.field === 'context' ? 'libraryTypes' : 'body'] ??= p.message;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    data: {
      content: {
        title: d.title,
        summary: d.summary,
        type: d.type,
        audience: d.audience,
        body: d.body,
        tags: d.tags,
        topicSlugs: [...new Set(d.topicSlugs)],
        context,
        sources,
        related: d.related.map((r) => r.toLowerCase()),
        licence: d.licence,
        aka: [...new Map(d.aka.map((a) => [a.toLowerCase(), a])).values()],
      },
      message: d.message,
    },
  };
}

export const slugSchema = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .string()
      .max(ARTICLE_LIMITS.slug, `The address must be ${ARTICLE_LIMITS.slug} characters or fewer.`)
      .regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens, like “hard-citations”.'),
  );
