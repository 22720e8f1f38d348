import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { featureModules, storedHtmlKinds } from '../../modules';
import { RENDER_VERSION } from '../../platform/content/markdown';
import { rerenderStoredHtml } from '../../platform/content/stored-html';
import { createLogger } from '../../platform/logger';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
});
afterAll(() => t.close());

describe('task lists in articles', () => {
  it('show real checkboxes, also in articles saved before the renderer knew them (rendered again at start)', async () => {
    const author = await createUser(t.database);
    const article = await newArticle(t, author, {
      title: 'Before you ship a loan',
      body: 'Check each time:\n\n- [ ] The due date is on the slip\n- [x] The item is in a padded bag',
    });
    const page = async () => (await t.app.request(`/articles/${article.slug}`)).text();
    expect(await page()).toContain(
      '<input type="checkbox" class="task-box" disabled aria-label="The due date is on the slip" />',
    );

    // As the previous renderer left it: literal brackets, stored with the older version number.
    const old = '<p>Check each time:</p>\n<ul>\n<li>[ ] The due date is on the slip</li>\n</ul>\n';
    await t.database.db.execute(
      sql`update article_revisions set body_html = ${old}, render_version = ${RENDER_VERSION - 1} where article_id = ${article.id}`,
    );
    await t.database.db.execute(
      sql`update articles set body_html = ${old}, render_version = ${RENDER_VERSION - 1} where id = ${article.id}`,
    );
    t.deps.pageCache.invalidate();
    expect(await page()).toContain('[ ] The due date');

    await rerenderStoredHtml({
      db: t.database.db,
      logger: createLogger('silent'),
      kinds: storedHtmlKinds(featureModules()),
    });
    t.deps.pageCache.invalidate();
    const html = await page();
    expect(html).not.toContain('[ ] The due date');
    expect(html).toContain('disabled checked aria-label="The item is in a padded bag"');
  });
});
