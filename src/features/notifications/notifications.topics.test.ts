import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { addTopic, articleContent, newArticle } from '../../../test/helpers/content';
import { rowsOf } from '../../platform/db/database';
import { isSubstantialChange, reviseArticle } from '../library';
import { queueDigests } from './notifications.digest';
import { DEFAULT_SETTINGS } from './notifications.models';
import { saveSettings } from './notifications.repository';
import { watch } from './notifications.usecases';

let t: TestApp;
let author: TestUser;
let watcher: TestUser;
let digestReader: TestUser;
let articleWatcher: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t, 'lending', 'Lending');
  await addTopic(t, 'copyright', 'Copyright');
  author = await createUser(t.database);
  watcher = await createUser(t.database);
  digestReader = await createUser(t.database);
  articleWatcher = await createUser(t.database);
  const now = t.clock.now();
  await watch(t.database.db, { userId: watcher.id, targetType: 'topic', targetId: 'lending', delivery: 'in_app', now });
  await watch(t.database.db, {
    userId: digestReader.id,
    targetType: 'topic',
    targetId: 'lending',
    delivery: 'digest',
    now,
  });
  await watch(t.database.db, {
    userId: articleWatcher.id,
    targetType: 'topic',
    targetId: 'lending',
    delivery: 'in_app',
    now,
  });
});
afterAll(() => t.close());

async function notices(userId: number) {
  return rowsOf<{ kind: string; delivery: string; url: string }>(
    await t.database.db.execute(
      sql`select kind, delivery, url from notifications where user_id = ${userId} and kind like 'topic.%' order by id`,
    ),
  );
}

describe('watching a topic', () => {
  it('tells watchers of a new article in the topic, in the hub or in their digest, and not its author', async () => {
    const article = await newArticle(t, author, { title: 'Lending globes safely', topicSlugs: ['lending'] });
    await newArticle(t, author, { title: 'A copyright note', topicSlugs: ['copyright'] });
    await t.drainJobs();
    expect(await notices(watcher.id)).toEqual([
      { kind: 'topic.content_new', delivery: 'in_app', url: `/articles/${article.slug}` },
    ]);
    expect(await notices(digestReader.id)).toEqual([
      { kind: 'topic.content_new', delivery: 'digest', url: `/articles/${article.slug}` },
    ]);
    expect(await notices(author.id)).toEqual([]);
  });

  it('tells them of a substantial change, not of a typo fix, and not twice to someone watching the article', async () => {
    const article = await newArticle(t, author, {
      title: 'Packing atlases',
      topicSlugs: ['lending'],
      body: 'Wrap each atlas in acid-free paper.\n\nUse a box two sizes larger.',
    });
    await t.drainJobs();
    await watch(t.database.db, {
      userId: articleWatcher.id,
      targetType: 'article',
      targetId: String(article.id),
      delivery: 'in_app',
      now: t.clock.now(),
    });
    const before = (await notices(watcher.id)).length;
    const revise = (body: string, baseRevision: number) =>
      reviseArticle({
        db: t.database.db,
        actor: actorFor(author),
        now: t.clock.now(),
        slug: article.slug,
        baseRevision,
        content: articleContent({ title: 'Packing atlases', topicSlugs: ['lending'], body }),
        message: 'Edit',
      });
    await revise('Wrap each atlas in acid-free paper.\n\nUse a box two sizes larger!', 1);
    await t.drainJobs();
    expect((await notices(watcher.id)).length).toBe(before);
    await revise(
      'Wrap each atlas in acid-free paper.\n\nUse a box two sizes larger!\n\nFill every gap with crumpled kraft paper so nothing moves, and mark the box “flat, this side up”. Photograph the plates before you pack them, note any loose pages on the slip, and ask the lender whether they want the atlas back by tracked courier or by their own van.',
      2,
    );
    await t.drainJobs();
    expect((await notices(watcher.id)).at(-1)).toMatchObject({ kind: 'topic.content_changed' });
    // Watching the article itself, they heard through that watch (an "edited" notice) instead.
    expect((await notices(articleWatcher.id)).filter((n) => n.kind === 'topic.content_changed')).toEqual([]);
  });
});

describe('the weekly "new in your topics" digest', () => {
  it('goes out on Mondays only, at the person’s hour, with what arrived in their topics', async () => {
    await saveSettings(
      t.database.db,
      digestReader.id,
      { ...DEFAULT_SETTINGS, digestFrequency: 'weekly', digestHourUtc: 13 },
      t.clock.now(),
    );
    expect(await queueDigests(t.deps, new Date('2026-03-03T13:00:00Z'))).toBe(0); // a Tuesday
    expect(await queueDigests(t.deps, new Date('2026-03-09T12:00:00Z'))).toBe(0); // Monday, not their hour
    expect(await queueDigests(t.deps, new Date('2026-03-09T13:00:00Z'))).toBe(1);
    await t.drainJobs();
    const mail = t.mailer.sent.find((m) => m.to === digestReader.email);
    expect(mail?.subject).toMatch(/Your weekly digest, new in your topics and more: \d+ items/);
    expect(mail?.text).toContain('Lending globes safely');
  });
});

describe('a substantial change', () => {
  const base = articleContent({
    title: 'T',
    topicSlugs: ['lending'],
    body: 'One paragraph here.\n\nAnother one here.',
  });
  it('is a new title, a new topic, or enough words added or taken away; a typo fix is not', () => {
    const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');
    const long = { ...base, body: `${words(200, 'settled')}\n\nShort tail.` };
    expect(isSubstantialChange(long, { ...long, body: long.body.replace('Short tail.', 'Short tale.') })).toBe(false);
    expect(isSubstantialChange(long, { ...long, body: `${long.body}\n\n${words(20, 'fresh')}` })).toBe(false);
    expect(isSubstantialChange(long, { ...long, body: `${long.body}\n\n${words(60, 'fresh')}` })).toBe(true);
    expect(isSubstantialChange(long, { ...long, body: `${words(100, 'settled')}\n\nShort tail.` })).toBe(true);
    expect(isSubstantialChange(base, { ...base, title: 'New title' })).toBe(true);
    expect(isSubstantialChange(base, { ...base, topicSlugs: ['lending', 'copyright'] })).toBe(true);
  });
});
