import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { addTopic, articleContent, articleForm } from '../../../test/helpers/content';
import { errorCode } from '../../../test/helpers/http';
import { AppError } from '../../platform/http/errors';
import { createArticle, LIBRARY_WRITE_RULE, reviseArticle } from './library.usecases';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
});
afterAll(() => t.close());

/** Write the member's whole allowance of articles for this minute through the use case. */
async function useUpAllowance(user: Awaited<ReturnType<typeof createUser>>) {
  const slugs: string[] = [];
  for (let i = 1; i <= LIBRARY_WRITE_RULE.limit; i++) {
    const result = await createArticle({
      db: t.database.db,
      actor: actorFor(user),
      now: t.clock.now(),
      content: articleContent({ title: `Courier note ${i}`, body: `Note number ${i} about the courier.` }),
      message: 'First draft',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    slugs.push(result.article.slug);
  }
  return slugs;
}

describe('the library write limit lives in the use cases', () => {
  it('refuses the 21st article or revision in a minute for that member only, and allows it the next minute', async () => {
    expect(LIBRARY_WRITE_RULE.limit).toBe(20);
    const writer = await createUser(t.database);
    const other = await createUser(t.database, { role: 'editor' });
    const [first] = await useUpAllowance(writer);
    const revise = (who: typeof writer) =>
      reviseArticle({
        db: t.database.db,
        actor: actorFor(who),
        now: t.clock.now(),
        slug: first!,
        baseRevision: 1,
        content: articleContent({ title: 'Courier note 1', body: 'Note number 1, corrected.' }),
        message: 'Corrected',
      });
    const refused = await revise(writer).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('http.rate_limited');
    expect((refused as AppError).status).toBe(429);
    const another = await createArticle({
      db: t.database.db,
      actor: actorFor(writer),
      now: t.clock.now(),
      content: articleContent({ title: 'One too many' }),
      message: 'First draft',
    }).catch((error: unknown) => error);
    expect((another as AppError).code).toBe('http.rate_limited');
    // Someone else's allowance is their own.
    expect((await revise(other)).status).toBe('saved');

    t.clock.advance(60_000);
    expect((await revise(writer)).status).toBe('conflict');
    expect(
      (
        await createArticle({
          db: t.database.db,
          actor: actorFor(writer),
          now: t.clock.now(),
          content: articleContent({ title: 'Next minute' }),
          message: 'First draft',
        })
      ).ok,
    ).toBe(true);
  });

  it('answers the 21st edit in a minute from the editor with a 429 page that keeps everything typed', async () => {
    const writer = await createUser(t.database);
    const [slug] = await useUpAllowance(writer);
    const client = await clientFor(t, writer);
    const typed = 'Our courier now comes on Wednesdays; check the van log & the sign-out sheet.';
    const res = await client.post(
      `/articles/${slug}`,
      articleForm({ title: 'Courier note 1', body: typed, message: 'Wednesday courier', baseRevision: '1' }),
      { from: `/articles/${slug}/edit` },
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await res.text();
    expect(errorCode(html)).toBeUndefined();
    expect(html).toContain('Too many attempts');
    expect(html).toContain('Your text is still in the form');
    expect(html).toContain('Our courier now comes on Wednesdays; check the van log &amp; the sign-out sheet.');
    expect(html).toContain('value="Wednesday courier"');
    // Still the editor, signed in, ready to send again.
    expect(html).toContain(`action="/articles/${slug}"`);
  });
});
