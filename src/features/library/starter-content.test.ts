import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import { rowsOf, type Database } from '../../platform/db/database';
import { ensureSystemUser } from '../accounts';
import { loadStarterContent, readStarterContent, StarterContentError } from './starter-content';

const REQUIRED = [
  'ill-borrowing-basics',
  'ill-lending-basics',
  'hard-citations',
  'us-copyright-section-108-and-contu',
  'international-ill-payment-shipping-customs',
  'reciprocal-agreements-saving-money',
  'measuring-fill-rate-and-turnaround',
  'training-new-ill-staff',
  'difficult-patron-conversations',
  'ill-systems-overview',
  'iso-18626-ncip-openurl-explained',
];

describe('the starter content in content/', () => {
  it('has at least 40 articles covering every topic, and at least 60 glossary terms, all with sources', async () => {
    const content = await readStarterContent('content');
    const articles = content.articles.filter((a) => a.content.type !== 'glossary-term');
    const glossary = content.articles.filter((a) => a.content.type === 'glossary-term');
    expect(articles.length).toBeGreaterThanOrEqual(40);
    expect(glossary.length).toBeGreaterThanOrEqual(60);
    for (const topic of content.topics) {
      expect(
        articles.filter((a) => a.content.topicSlugs.includes(topic.slug)).length,
        topic.slug,
      ).toBeGreaterThanOrEqual(2);
    }
    for (const slug of REQUIRED) expect(articles.map((a) => a.slug)).toContain(slug);
    expect(content.articles.every((a) => a.content.sources.length > 0)).toBe(true);
    expect(content.topics.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'Borrowing',
        'Copyright & licensing',
        'International ILL',
        'Finding aids & bibliographic searching',
        'Managing an ILL operation',
      ]),
    );
  });

  it('tells readers that the copyright article is not legal advice', async () => {
    const content = await readStarterContent('content');
    const copyright = content.articles.find((a) => a.slug === 'us-copyright-section-108-and-contu')!;
    expect(copyright.content.body.slice(0, 1500).toLowerCase()).toMatch(/not legal advice/);
  });

  it('gives every article about one country’s law a region, and says so in its text', async () => {
    // Tags that mean the advice rests on a particular country's law.
    const LAW_TAGS = [
      'national-law',
      'copyright-act',
      'section-108',
      'contu',
      'rule-of-five',
      'fair-use',
      'fair-dealing',
      'cdpa',
    ];
    const content = await readStarterContent('content');
    const { vocabularyFor } = await import('../../platform/vocabulary/vocabulary');
    const vocabulary = await vocabularyFor('content');
    const lawArticles = content.articles.filter((a) => a.content.tags.some((t) => LAW_TAGS.includes(t)));
    expect(lawArticles.length).toBeGreaterThanOrEqual(10);
    for (const a of lawArticles) {
      const regions = a.content.context.regions ?? [];
      expect(regions.length, `${a.file} names no region`).toBeGreaterThan(0);
      if (a.content.type === 'glossary-term') continue;
      const named = regions.filter((r) => r !== 'international').map((r) => vocabulary.regions.label(r));
      if (named.length === 0 || named.length > 3) continue;
      expect(
        named.some((label) => a.content.body.includes(label)),
        `${a.file} does not name its region in the text`,
      ).toBe(true);
    }
  });

  it('says where every best practice applies, why it works and what it costs, and who keeps every page', async () => {
    const content = await readStarterContent('content');
    const practices = content.articles.filter((a) => a.content.type === 'best-practice');
    expect(practices.length).toBeGreaterThanOrEqual(9);
    for (const a of practices) {
      expect(Object.keys(a.content.context).length, a.file).toBeGreaterThan(0);
      expect(a.content.body, a.file).toMatch(/^## Why this works$/m);
      expect(a.content.body, a.file).toMatch(/^## What it costs and saves$/m);
    }
    const regional = content.articles.filter((a) => a.content.type !== 'glossary-term' && a.content.context.regions);
    expect(regional.length).toBeGreaterThanOrEqual(5 + 12);
    for (const a of content.articles) {
      expect(a.upkeep.reviewed, `${a.file} has no reviewed date`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(a.upkeep.maintainedBy, a.file).toBe('ill-commons-editors');
    }
  });

  it('refuses a best practice that does not say where it applies', async () => {
    const { parseArticleFile } = await import('./starter-content');
    const { default: YAML } = await import('yaml');
    const text = fs
      .readFileSync('content/articles/courier-and-shipping-practices.md', 'utf8')
      .replace(/\ncontext:\n( {2}.*\n)+/, '\n');
    const { article } = parseArticleFile('articles/courier-and-shipping-practices.md', text, (s) => YAML.parse(s));
    const { contextProblems } = await import('./library.context');
    expect(contextProblems(article!.content).map((p) => p.field)).toEqual(['context']);
  });

  it('links only to articles and glossary entries that exist', async () => {
    const content = await readStarterContent('content');
    const slugs = new Set(content.articles.map((a) => a.slug));
    for (const a of content.articles) {
      for (const m of a.content.body.matchAll(/\]\(\/(?:articles|glossary)\/([a-z0-9-]+)/g)) {
        expect(slugs.has(m[1]!), `${a.file} links to ${m[1]}`).toBe(true);
      }
    }
  });
});

describe('loading starter content', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const count = async (table: string) =>
    rowsOf<{ n: number }>(await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

  it('loads once, never duplicates on a restart, and never overwrites an edit made in the hub', async () => {
    const systemUserId = await ensureSystemUser(database.db, new Date());
    const first = await loadStarterContent({ db: database.db, now: new Date(), contentDir: 'content', systemUserId });
    expect(first.articlesAdded).toBeGreaterThan(100);
    const articles = await count('articles');
    const revisions = await count('article_revisions');
    await database.db.execute(sql`update articles set title = 'Edited in the hub' where slug = 'hard-citations'`);
    const second = await loadStarterContent({ db: database.db, now: new Date(), contentDir: 'content', systemUserId });
    expect(second).toMatchObject({ articlesAdded: 0, unchanged: true });
    // Even when the files change (a new deploy), existing articles are kept as they are in the hub.
    await database.db.execute(sql`delete from app_state`);
    const third = await loadStarterContent({ db: database.db, now: new Date(), contentDir: 'content', systemUserId });
    expect(third).toEqual({ topicsAdded: 0, articlesAdded: 0, articlesKept: first.articlesAdded });
    expect(await count('articles')).toBe(articles);
    expect(await count('article_revisions')).toBe(revisions);
    const title = rowsOf<{ title: string }>(
      await database.db.execute(sql`select title from articles where slug = 'hard-citations'`),
    )[0]!.title;
    expect(title).toBe('Edited in the hub');
    expect(await count('search_documents')).toBe(articles);
  });

  it('loads nothing when any file is broken, and names each problem with its file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-content-'));
    fs.mkdirSync(path.join(dir, 'articles'));
    fs.writeFileSync(path.join(dir, 'topics.yaml'), '- slug: lending\n  name: Lending\n');
    const good =
      '---\nslug: good-one\ntitle: A good article\nsummary: This one is fine in every way.\ntype: guide\ntopics: [lending]\naudience: new\nsources:\n  - title: ALA\n    url: https://www.ala.org/\n---\nA body long enough to load.\n';
    fs.writeFileSync(path.join(dir, 'articles', 'good-one.md'), good);
    fs.writeFileSync(
      path.join(dir, 'articles', 'bad-one.md'),
      good
        .replace('slug: good-one', 'slug: bad-one')
        .replace('topics: [lending]', 'topics: [astrology]')
        .replace('type: guide', 'type: poem'),
    );
    const err = await readStarterContent(dir).catch((e) => e);
    expect(err).toBeInstanceOf(StarterContentError);
    expect(err.problems.join('\n')).toMatch(/articles\/bad-one\.md: type/);
    expect(err.problems.join('\n')).not.toMatch(/good-one/);
    const before = await count('articles');
    await expect(
      loadStarterContent({ db: database.db, now: new Date(), contentDir: dir, systemUserId: 1 }),
    ).rejects.toThrow(StarterContentError);
    expect(await count('articles')).toBe(before);
  });
});

describe('loading starter content in batches', () => {
  const databases: Database[] = [];
  afterAll(async () => {
    for (const d of databases) await d.close();
  });

  /** What a first start leaves: rows per table and the articles' slugs, revisions and search entries. */
  async function contentOf(database: Database) {
    const n = async (table: string) =>
      rowsOf<{ n: number }>(await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
    const slugs = rowsOf<{ s: string }>(
      await database.db.execute(sql`select string_agg(slug, ',' order by slug) as s from articles`),
    )[0]!.s;
    const indexed = rowsOf<{ s: string }>(
      await database.db.execute(sql`select string_agg(url, ',' order by url) as s from search_documents`),
    )[0]!.s;
    return {
      articles: await n('articles'),
      revisions: await n('article_revisions'),
      topics: await n('topics'),
      articleTopics: await n('article_topics'),
      searchRows: await n('search_documents'),
      slugs,
      indexed,
    };
  }

  async function fresh() {
    const database = await createTestDatabase();
    databases.push(database);
    return { database, systemUserId: await ensureSystemUser(database.db, new Date()) };
  }

  it('writes in small batches, each checkpointed, exactly what the files hold', async () => {
    const { database, systemUserId } = await fresh();
    const files = await readStarterContent('content');
    let checkpoints = 0;
    const report = await loadStarterContent({
      db: database.db,
      now: new Date(),
      contentDir: 'content',
      systemUserId,
      batchSize: 7,
      checkpoint: async () => {
        checkpoints++;
      },
    });
    const slugs = files.articles.map((a) => a.slug).sort();
    expect(await contentOf(database)).toEqual({
      articles: files.articles.length,
      revisions: files.articles.length,
      topics: files.topics.length,
      articleTopics: files.articles.reduce((n, a) => n + new Set(a.content.topicSlugs).size, 0),
      searchRows: files.articles.length,
      slugs: slugs.join(','),
      indexed: slugs
        .map((s) => `/articles/${s}`)
        .sort()
        .join(','),
    });
    expect(report).toEqual({ topicsAdded: files.topics.length, articlesAdded: files.articles.length, articlesKept: 0 });
    expect(checkpoints).toBe(Math.ceil(files.articles.length / 7));
  }, 120_000);

  it('loads the rest on the next start when a start stops half-way', async () => {
    const { database, systemUserId } = await fresh();
    let batches = 0;
    const stopsAfterTwo = async () => {
      if (++batches === 2) throw new Error('the process stopped');
    };
    await expect(
      loadStarterContent({
        db: database.db,
        now: new Date(),
        contentDir: 'content',
        systemUserId,
        batchSize: 10,
        checkpoint: stopsAfterTwo,
      }),
    ).rejects.toThrow('the process stopped');
    expect((await contentOf(database)).articles).toBe(20);
    const next = await loadStarterContent({
      db: database.db,
      now: new Date(),
      contentDir: 'content',
      systemUserId,
      batchSize: 10,
    });
    expect(next.unchanged).toBeUndefined();
    expect(next.articlesKept).toBe(20);
    const all = (await readStarterContent('content')).articles.length;
    const after = await contentOf(database);
    expect(after.articles).toBe(all);
    expect(after.revisions).toBe(all);
    expect(after.searchRows).toBe(all);
  }, 120_000);
});
