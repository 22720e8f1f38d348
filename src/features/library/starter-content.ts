import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { getAppState, setAppState } from '../../platform/db/app-state';
import type { Db, DbOrTx } from '../../platform/db/database';
import type { Logger } from '../../platform/logger';
import { type Vocabulary, VOCABULARY_FILES, vocabularyFor } from '../../platform/vocabulary/vocabulary';
import {
  ARTICLE_LIMITS,
  ARTICLE_TYPES,
  type ArticleContent,
  AUDIENCES,
  CONTEXT_LISTS,
  LICENCES,
  SLUG_PATTERN,
  type Topic,
} from './library.models';
import { contextProblems as whereItAppliesProblems } from './library.context';
import * as repo from './library.repository';
import { insertNewArticle } from './library.usecases';

const STARTER_LOCK_KEY = 741_852_964;

const topicSchema = z.object({
  slug: z.string().regex(SLUG_PATTERN),
  name: z.string().min(1).max(80),
  description: z.string().max(300).default(''),
});

// Up to 30 values: an article for every EU member state names 27 regions.
const stringList = z.array(z.string().min(1).max(ARTICLE_LIMITS.contextItem)).max(30).optional();

const frontMatterSchema = z.object({
  slug: z.string().regex(SLUG_PATTERN).max(ARTICLE_LIMITS.slug),
  title: z.string().min(3).max(ARTICLE_LIMITS.title),
  summary: z.string().min(10).max(ARTICLE_LIMITS.summary),
  type: z.enum(ARTICLE_TYPES),
  topics: z.array(z.string()).min(1),
  tags: z.array(z.string().max(ARTICLE_LIMITS.tag)).max(ARTICLE_LIMITS.tags).default([]),
  audience: z.enum(AUDIENCES),
  context: z
    .object({ libraryTypes: stringList, systems: stringList, regions: stringList, sizes: stringList })
    .strict()
    .default({}),
  licence: z.enum(Object.keys(LICENCES) as [keyof typeof LICENCES]).default('CC-BY-4.0'),
  authors: z.array(z.string()).default([]),
  sources: z
    .array(
      z.object({
        title: z.string().min(1).max(ARTICLE_LIMITS.sourceTitle),
        url: z.url({ protocol: /^https?$/ }),
        note: z.string().max(ARTICLE_LIMITS.sourceTitle).optional(),
      }),
    )
    .min(1, 'Every starter article lists at least one source a reader can check.')
    .max(ARTICLE_LIMITS.sources),
  related: z.array(z.string()).default([]),
  /** "Also known as": other names of the term (acronym expansions, US/UK spellings), matched like the title. */
  aka: z.array(z.string().min(1).max(ARTICLE_LIMITS.akaItem)).max(ARTICLE_LIMITS.aka).default([]),
  /** Upkeep, kept for whichever feature maintains pages (see `starterUpkeep`): last review, interval, maintaining group. */
  reviewed: z
    .union([z.date().transform((d) => d.toISOString().slice(0, 10)), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)])
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a real date (write YYYY-MM-DD)')
    .optional(),
  review_every: z.number().int().min(1).max(60).default(12),
  maintained_by: z.string().regex(SLUG_PATTERN).max(80).optional(),
});

/** Who keeps a starter page up to date and when it was last checked, from its front matter. */
export interface StarterUpkeep {
  slug: string;
  /** YYYY-MM-DD, when the page was last checked against its sources. */
  reviewed?: string;
  reviewEveryMonths: number;
  /** The slug of the group that maintains it; unset means the hub's editors. */
  maintainedBy?: string;
}

export interface StarterArticle {
  file: string;
  slug: string;
  content: ArticleContent;
  upkeep: StarterUpkeep;
}

export interface StarterContent {
  topics: Array<Omit<Topic, 'id'>>;
  articles: StarterArticle[];
}

export class StarterContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Starter content has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type YamlParse = (text: string) => unknown;

/** The YAML parser is loaded only when content has changed and must be read. */
async function yamlParser(): Promise<YamlParse> {
  const { default: YAML } = await import('yaml');
  return (text) => YAML.parse(text);
}

export function parseArticleFile(
  file: string,
  text: string,
  parseYaml: YamlParse,
): { article?: StarterArticle; problems: string[] } {
  const match = text.replace(/\r\n/g, '\n').match(/^---\n([\s\S]*?)\n---\n?([\s\S]*)$/);
  if (!match) return { problems: [`${file}: no front matter (the file must start with a line of three hyphens)`] };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    return { problems: [`${file}: front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || 'front matter'}: ${i.message}`) };
  }
  const fm = parsed.data;
  const body = (match[2] ?? '').trim();
  const problems: string[] = [];
  if (path.basename(file, '.md') !== fm.slug) problems.push(`${file}: slug “${fm.slug}” does not match the file name`);
  if (body.length < 20) problems.push(`${file}: the body is empty or too short`);
  if (body.length > ARTICLE_LIMITS.body)
    problems.push(`${file}: the body is longer than ${ARTICLE_LIMITS.body} characters`);
  const context = Object.fromEntries(Object.entries(fm.context).filter(([, v]) => v && v.length > 0));
  return {
    problems,
    article: {
      file,
      slug: fm.slug,
      upkeep: {
        slug: fm.slug,
        reviewEveryMonths: fm.review_every,
        ...(fm.reviewed ? { reviewed: fm.reviewed } : {}),
        ...(fm.maintained_by ? { maintainedBy: fm.maintained_by } : {}),
      },
      content: {
        title: fm.title,
        summary: fm.summary,
        type: fm.type,
        audience: fm.audience,
        body,
        tags: fm.tags.map((t) => t.toLowerCase()),
        topicSlugs: fm.topics,
        context,
        sources: fm.sources.map((s) =>
          s.note ? { title: s.title, url: s.url, note: s.note } : { title: s.title, url: s.url },
        ),
        related: fm.related,
        licence: fm.licence,
        aka: fm.aka,
      },
    },
  };
}

/** Starter content names library types, systems and regions by the vocabulary's slugs, never by label. */
function contextProblems(articles: StarterArticle[], vocabulary: Vocabulary): string[] {
  const problems: string[] = [];
  for (const a of articles) {
    for (const key of ['libraryTypes', 'systems', 'regions'] as const) {
      const list = vocabulary[CONTEXT_LISTS[key]];
      for (const value of a.content.context[key] ?? []) {
        if (list.has(value)) continue;
        const meant = list.resolve(value);
        problems.push(
          `${a.file}: context.${key}: “${value}” is not a slug of content/vocabulary/${VOCABULARY_FILES[CONTEXT_LISTS[key]]}` +
            (meant ? ` (write “${meant}”)` : /^(any|all)$/i.test(value) ? ' (leave the key out to mean any)' : ''),
        );
      }
    }
  }
  return problems;
}

/** Read and check every file. Any problem anywhere means nothing is loaded. */
export async function readStarterContent(contentDir: string): Promise<StarterContent> {
  const problems: string[] = [];
  const parseYaml = await yamlParser();
  const topicsRaw = parseYaml(await fs.readFile(path.join(contentDir, 'topics.yaml'), 'utf8'));
  const topicsParsed = z.array(topicSchema).safeParse(topicsRaw);
  if (!topicsParsed.success)
    throw new StarterContentError(
      topicsParsed.error.issues.map((i) => `topics.yaml: ${i.path.join('.')}: ${i.message}`),
    );
  const topics = topicsParsed.data.map((t, position) => ({ ...t, position }));
  const topicSlugs = new Set(topics.map((t) => t.slug));
  const articles: StarterArticle[] = [];
  for (const folder of ['articles', 'glossary']) {
    const dir = path.join(contentDir, folder);
    const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.md')).sort();
    for (const name of files) {
      const file = `${folder}/${name}`;
      const { article, problems: found } = parseArticleFile(
        file,
        await fs.readFile(path.join(dir, name), 'utf8'),
        parseYaml,
      );
      problems.push(...found);
      if (!article) continue;
      if (folder === 'glossary' && article.content.type !== 'glossary-term')
        problems.push(`${file}: files in glossary/ must have type glossary-term`);
      for (const t of article.content.topicSlugs)
        if (!topicSlugs.has(t)) problems.push(`${file}: unknown topic “${t}”`);
      articles.push(article);
    }
  }
  const slugs = new Set<string>();
  for (const a of articles) {
    if (slugs.has(a.slug)) problems.push(`${a.file}: slug “${a.slug}” is used twice`);
    slugs.add(a.slug);
  }
  for (const a of articles) {
    for (const r of a.content.related)
      if (!slugs.has(r)) problems.push(`${a.file}: related article “${r}” does not exist`);
  }
  problems.push(...contextProblems(articles, await vocabularyFor(contentDir)));
  // Best practices say where they apply, why they work and what they cost, as the editor asks of members.
  for (const a of articles)
    for (const p of whereItAppliesProblems(a.content)) problems.push(`${a.file}: ${p.field}: ${p.message}`);
  if (problems.length) throw new StarterContentError(problems);
  return { topics, articles };
}

export interface LoadReport {
  topicsAdded: number;
  articlesAdded: number;
  articlesKept: number;
  /** The content files have not changed since they were last loaded: nothing was read. */
  unchanged?: boolean;
}

const FINGERPRINT_KEY = 'library.starter_content_sha256';
const UPKEEP_KEY = 'library.starter_upkeep';

/**
 * Every starter page's upkeep front matter (`reviewed`, `review_every`, `maintained_by`), as of the last load.
 * The library only keeps it: the groups feature reads it (through index.ts) to give the pages a maintaining group.
 */
export async function starterUpkeep(db: DbOrTx): Promise<StarterUpkeep[]> {
  const stored = await getAppState(db, UPKEEP_KEY);
  return stored ? (JSON.parse(stored) as StarterUpkeep[]) : [];
}

/** A hash of every content file's name and bytes: when it matches the last load, there is nothing new to add. */
export async function contentFingerprint(contentDir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = ['topics.yaml'];
  for (const folder of ['articles', 'glossary']) {
    for (const name of (await fs.readdir(path.join(contentDir, folder)).catch(() => [] as string[])).sort())
      files.push(`${folder}/${name}`);
  }
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(await fs.readFile(path.join(contentDir, file)))
      .update('\0');
  return hash.digest('hex');
}

/** Articles written per transaction on a first load (see `loadStarterContent`). */
export const STARTER_BATCH = 25;

/**
 * Load what is not there yet, a batch of articles per transaction. An article
 * whose slug exists is never touched, so edits made in the hub survive every
 * restart and a restart never duplicates anything. Each batch commits, then
 * `checkpoint` (the embedded database's CHECKPOINT) runs, so neither a
 * transaction nor the write-ahead log grows with the size of the library; the
 * files' fingerprint is stored with the last batch, so a start interrupted
 * half-way loads the rest next time.
 */
export async function loadStarterContent({
  db,
  now,
  contentDir,
  systemUserId,
  logger,
  checkpoint,
  batchSize = STARTER_BATCH,
}: {
  db: Db;
  now: Date;
  contentDir: string;
  systemUserId: number;
  logger?: Logger;
  checkpoint?: () => Promise<void>;
  batchSize?: number;
}): Promise<LoadReport> {
  // Reading and checking every file costs a second of start-up: skip it when nothing changed.
  const fingerprint = await contentFingerprint(contentDir);
  if ((await getAppState(db, FINGERPRINT_KEY)) === fingerprint && (await getAppState(db, UPKEEP_KEY)) !== undefined) {
    return { topicsAdded: 0, articlesAdded: 0, articlesKept: 0, unchanged: true };
  }
  const content = await readStarterContent(contentDir);
  const batches: StarterArticle[][] = [];
  for (let i = 0; i < content.articles.length; i += batchSize) batches.push(content.articles.slice(i, i + batchSize));
  if (batches.length === 0) batches.push([]);
  const report: LoadReport = { topicsAdded: 0, articlesAdded: 0, articlesKept: 0 };
  const total = content.articles.length;
  let done = 0;
  for (const [index, batch] of batches.entries()) {
    await db.transaction(async (tx) => {
      // Several app processes may start at once on one PostgreSQL server: one loads, the others then find it all there.
      await tx.execute(sql`select pg_advisory_xact_lock(${STARTER_LOCK_KEY})`);
      if (index === 0) {
        const existingTopics = new Set((await repo.listTopics(tx)).map((t) => t.slug));
        for (const topic of content.topics) {
          if (existingTopics.has(topic.slug)) continue;
          await repo.upsertTopic(tx, topic);
          report.topicsAdded++;
        }
      }
      const existing = await repo.existingSlugs(
        tx,
        batch.map((a) => a.slug),
      );
      for (const article of batch) {
        if (existing.has(article.slug)) continue;
        await insertNewArticle(tx, {
          slug: article.slug,
          content: article.content,
          actorId: systemUserId,
          message: 'Starter content',
          now,
          origin: 'starter',
        });
        report.articlesAdded++;
      }
      report.articlesKept += existing.size;
      if (index === batches.length - 1) {
        await setAppState(tx, FINGERPRINT_KEY, fingerprint, now);
        await setAppState(tx, UPKEEP_KEY, JSON.stringify(content.articles.map((a) => a.upkeep)), now);
      }
    });
    await checkpoint?.();
    done += batch.length;
    if (logger && total) logger.info('loading starter content', { done, total });
  }
  return report;
}
