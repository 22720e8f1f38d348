import { slugify as slugifyText } from '../../platform/content/slug';
import type { SafeHtml } from '../../platform/content/markdown';
import type { Vocabulary, VocabularyName } from '../../platform/vocabulary/vocabulary';

/** Types, vocabularies and limits of the library, defined once for schema, views and loader. */

export const ARTICLE_TYPES = [
  'guide',
  'workflow',
  'best-practice',
  'how-to',
  'reading',
  'video',
  'external-resource',
  'glossary-term',
] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];

/** What a topic holds: articles (every kind but glossary terms) and glossary terms. */
export interface TopicCount {
  articles: number;
  terms: number;
}

/** "4 articles and 12 glossary terms", "1 article", "nothing yet": a count that says what it counts. */
export function describeTopicCount(n: TopicCount | undefined): string {
  const parts: string[] = [];
  if (n?.articles) parts.push(`${n.articles.toLocaleString('en')} ${n.articles === 1 ? 'article' : 'articles'}`);
  if (n?.terms) parts.push(`${n.terms.toLocaleString('en')} glossary ${n.terms === 1 ? 'term' : 'terms'}`);
  return parts.length ? parts.join(' and ') : 'nothing yet';
}

export const ARTICLE_TYPE_LABELS: Record<ArticleType, string> = {
  guide: 'Guide',
  workflow: 'Workflow',
  'best-practice': 'Best practice',
  'how-to': 'How-to',
  reading: 'Reading',
  video: 'Video with transcript',
  'external-resource': 'External resource',
  'glossary-term': 'Glossary term',
};

export const AUDIENCES = ['new', 'experienced', 'manager'] as const;
export type Audience = (typeof AUDIENCES)[number];
export const AUDIENCE_LABELS: Record<Audience, string> = {
  new: 'New to ILL',
  experienced: 'Experienced',
  manager: 'Manager',
};

export const LIBRARY_SIZES = ['small', 'medium', 'large'] as const;

/**
 * Where an article's advice applies (omitted: anywhere). Library types,
 * systems and regions are slugs of the hub's vocabulary (content/vocabulary);
 * articles saved before it may hold labels such as "United States", which are
 * shown through the vocabulary's aliases.
 */
export interface ArticleContext {
  libraryTypes?: string[];
  systems?: string[];
  regions?: string[];
  sizes?: string[];
}

/** The vocabulary list each context field draws from. */
export const CONTEXT_LISTS = {
  libraryTypes: 'libraryTypes',
  systems: 'systems',
  regions: 'regions',
} as const satisfies Record<string, VocabularyName>;

export const CONTEXT_LABELS = {
  libraryTypes: 'Library types',
  sizes: 'Library sizes',
  systems: 'ILL systems',
  regions: 'Regions',
} as const;

/** "Any" (or an empty value) written in a context list means no restriction: it is left out. */
function meansAnything(value: string): boolean {
  const v = value.trim().toLowerCase();
  return v === '' || v === 'any' || v === 'all';
}

/**
 * "Where this applies" in words: each field with its vocabulary labels, the
 * same labels profiles and the directory use; fields left empty are omitted.
 */
export function describeContext(
  context: ArticleContext,
  vocabulary: Vocabulary,
): Array<{ key: keyof ArticleContext; label: string; values: string[] }> {
  const out: Array<{ key: keyof ArticleContext; label: string; values: string[] }> = [];
  for (const key of ['libraryTypes', 'sizes', 'systems', 'regions'] as const) {
    const raw = (context[key] ?? []).filter((v) => !meansAnything(v));
    const values =
      key === 'sizes'
        ? raw.map((v) => v.charAt(0).toUpperCase() + v.slice(1))
        : raw.map((v) => vocabulary[CONTEXT_LISTS[key]].label(v));
    if (values.length) out.push({ key, label: CONTEXT_LABELS[key], values: [...new Set(values)] });
  }
  return out;
}

export interface SourceLink {
  title: string;
  url: string;
  note?: string;
}

/** Sources as the editor shows them, one "title | url | note" a line (also what a diff compares). */
export function formatSources(sources: SourceLink[]): string {
  return sources.map((s) => [s.title, s.url, s.note].filter(Boolean).join(' | ')).join('\n');
}

export const LICENCES = {
  'CC-BY-4.0': { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  'CC-BY-SA-4.0': { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  'CC0-1.0': { name: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
} as const;
export type LicenceId = keyof typeof LICENCES;
export const DEFAULT_LICENCE: LicenceId = 'CC-BY-4.0';

export const ARTICLE_LIMITS = {
  slug: 80,
  title: 160,
  summary: 300,
  body: 100_000,
  message: 300,
  tags: 12,
  tag: 40,
  sources: 30,
  sourceTitle: 200,
  url: 2000,
  contextItem: 60,
  /** "Also known as": names per article, and characters per name. */
  aka: 12,
  akaItem: 120,
} as const;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface Topic {
  id: number;
  slug: string;
  name: string;
  description: string;
  position: number;
}

export interface ArticleContent {
  title: string;
  summary: string;
  type: ArticleType;
  audience: Audience;
  body: string;
  tags: string[];
  topicSlugs: string[];
  context: ArticleContext;
  sources: SourceLink[];
  related: string[];
  licence: string;
  /** "Also known as": other names (acronym expansions, US/UK spellings, synonyms); search matches them like the title. */
  aka?: string[];
}

export interface Article extends ArticleContent {
  id: number;
  slug: string;
  revision: number;
  /** `body` as sanitised HTML, stored when saved (null until the start-up pass renders a row written before). */
  bodyHtml: SafeHtml | null;
  protected: boolean;
  origin: 'starter' | 'member' | 'import';
  createdBy: number;
  updatedBy: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Revision extends ArticleContent {
  id: number;
  articleId: number;
  number: number;
  bodyHtml: SafeHtml | null;
  authorId: number;
  authorName: string;
  message: string;
  revertedFrom: number | null;
  createdAt: Date;
}

export const CONTENT_FIELDS = [
  'title',
  'summary',
  'type',
  'audience',
  'body',
  'tags',
  'topicSlugs',
  'context',
  'sources',
  'related',
  'licence',
  'aka',
] as const satisfies readonly (keyof ArticleContent)[];

export function contentOf(source: ArticleContent): ArticleContent {
  return {
    title: source.title,
    summary: source.summary,
    type: source.type,
    audience: source.audience,
    body: source.body,
    tags: [...source.tags],
    topicSlugs: [...source.topicSlugs],
    context: { ...source.context },
    sources: source.sources.map((s) => ({ ...s })),
    related: [...source.related],
    licence: source.licence,
    aka: [...(source.aka ?? [])],
  };
}

/** True when two versions of an article say the same thing (a save with no change is refused). */
export function sameContent(a: ArticleContent, b: ArticleContent): boolean {
  // No "also known as" (content written before it existed) is the same as an empty list.
  const value = (c: ArticleContent, k: (typeof CONTENT_FIELDS)[number]) => (k === 'aka' ? (c.aka ?? []) : c[k]);
  return CONTENT_FIELDS.every((k) => JSON.stringify(value(a, k)) === JSON.stringify(value(b, k)));
}

export function slugify(text: string): string {
  return slugifyText(text, ARTICLE_LIMITS.slug);
}
