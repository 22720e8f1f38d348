import { sql } from 'drizzle-orm';
import { writeNewArticle } from '../../src/features/library/library.writes';
import type { Article, ArticleContent } from '../../src/features/library/library.models';
import { actorFor, type TestApp, type TestUser } from './app';

// Library content for tests: a topic, an article's content and editor form, an article written through the use case.

export async function addTopic(t: TestApp, slug = 'lending', name = 'Lending'): Promise<void> {
  await t.database.db.execute(
    sql`insert into topics (slug, name, description) values (${slug}, ${name}, ${`All about ${name}`}) on conflict do nothing`,
  );
}

export function articleContent(over: Partial<ArticleContent> = {}): ArticleContent {
  return {
    title: 'Packing fragile art books',
    summary: 'How we pack oversized art books so they survive the courier.',
    type: 'how-to',
    audience: 'new',
    body: '## Materials\n\nUse two boxes and plenty of padding. Never reuse a crushed box.',
    tags: ['packaging'],
    topicSlugs: ['lending'],
    context: {},
    sources: [],
    related: [],
    licence: 'CC-BY-4.0',
    ...over,
  };
}

/**
 * An article written by `author` through the write behind the createArticle use case: the same rows, checks and
 * events, without the member's standing check and write limit (fixtures write many articles as one person under
 * the test's fixed clock), and no CSRF. Tests of those rules call createArticle.
 */
export async function newArticle(t: TestApp, author: TestUser, over: Partial<ArticleContent> = {}): Promise<Article> {
  const result = await writeNewArticle({
    db: t.database.db,
    actor: actorFor(author),
    now: t.clock.now(),
    content: articleContent(over),
    message: 'First draft',
  });
  if (!result.ok) throw new Error(`could not create article: ${JSON.stringify(result.errors)}`);
  return result.article;
}

/** The editor form fields for an article, as a browser would send them. */
export function articleForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    title: 'Packing fragile art books',
    summary: 'How we pack oversized art books so they survive the courier.',
    type: 'how-to',
    audience: 'new',
    body: '## Materials\n\nUse two boxes and plenty of padding. Never reuse a crushed box.',
    topicSlugs: ['lending'],
    tags: 'packaging, returnables',
    licence: 'CC-BY-4.0',
    message: 'First draft',
    ...over,
  };
}
