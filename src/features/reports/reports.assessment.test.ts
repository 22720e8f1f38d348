import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/database';
import { search } from '../../platform/search/search';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { errorCode } from '../../../test/helpers/http';
import { type Checklist, ChecklistError, readChecklist } from './reports.assessment.content';
import { noteField, scoreField } from './reports.assessment.models';
import { saveAssessment } from './reports.assessment.usecases';
import { reportsModule } from './reports.module';
import { parseRecipe, readRecipes } from './reports.recipes.content';
import { REPORT_RECIPE_KIND, syncRecipes } from './reports.recipes.seed';

const CONTENT = join(import.meta.dirname, '../../../content');
let t: TestApp;
let member: TestUser;
let stranger: TestUser;
let checklist: Checklist;

const ids = () => checklist.sections.flatMap((s) => s.items.map((i) => i.id));
const assessmentsOf = async (u: TestUser) =>
  rowsOf<{ id: number; scores: Record<string, { score: number | null; note: string }> }>(
    await t.database.db.execute(sql`select id, scores from report_assessments where owner_id = ${u.id} order by id`),
  );

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  member = await createUser(t.database, { username: 'self-assessor' });
  stranger = await createUser(t.database);
  checklist = await readChecklist(CONTENT);
});
afterAll(() => t.close());

describe('the checklist content', () => {
  it('holds every item of the checklist article, each linked to a heading of an existing article', async () => {
    expect(checklist.source.slug).toBe('ill-self-assessment-checklist');
    expect(checklist.sections.map((s) => s.title)).toEqual([
      'Access for patrons',
      'Speed',
      'Policies and agreements',
      'Lending',
      'Copyright and licensing',
      'Systems and data',
      'People',
      'Communication',
      'Assessment',
      'Continuity',
    ]);
    expect(ids()).toHaveLength(46);
    expect(new Set(ids()).size).toBe(46);
    const fill = checklist.sections[8]!.items[0]!;
    expect(fill).toMatchObject({
      article: 'measuring-fill-rate-and-turnaround',
      anchor: 'first-decide-what-a-request-is',
      articleTitle: 'Measuring fill rate and turnaround time',
    });
  });

  it('is refused with the item named when it points at an unknown article or heading', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'checklist-'));
    await mkdir(join(dir, 'articles'));
    await mkdir(join(dir, 'reports'));
    await writeFile(
      join(dir, 'articles', 'one.md'),
      '---\nslug: one\ntitle: One\n---\nText.\n\n## A real heading\n\nMore.\n',
    );
    await writeFile(
      join(dir, 'reports', 'assessment.yaml'),
      `source: one
sections:
  - id: s
    title: Section
    items:
      - { id: good, text: A good item here, practice: one#a-real-heading }
      - { id: no-article, text: Points nowhere, practice: missing-article#x }
      - { id: no-heading, text: Points at no heading, practice: one#not-a-heading }
`,
    );
    const error = await readChecklist(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecklistError);
    expect((error as Error).message).toContain('item “no-article”: no article “missing-article”');
    expect((error as Error).message).toContain(
      'item “no-heading”: article “one” has no heading with the anchor “not-a-heading”',
    );
    expect((error as Error).message).not.toContain('“good”');
  });
});

describe('scoring the checklist', () => {
  it('saves dated assessments and shows progress by area against the one before', async () => {
    const client = await clientFor(t, member);
    const page = await client.get('/reports/assessment');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('href="/articles/measuring-fill-rate-and-turnaround#first-decide-what-a-request-is"');
    expect(html).toContain(`name="${scoreField('speed-same-day-borrowing')}"`);
    const token = await client.csrf('/reports/assessment');

    const first = await client.post(
      '/reports/assessment',
      {
        [scoreField('speed-same-day-borrowing')]: '0',
        [scoreField('speed-lending-queue-daily')]: '1',
        [noteField('speed-lending-queue-daily')]: 'Only mornings, zqxwv',
        [scoreField('continuity-plan')]: 'na',
      },
      { csrf: token },
    );
    expect(first.status).toBe(303);
    t.clock.advance(86_400_000);
    const second = await client.post(
      '/reports/assessment',
      { [scoreField('speed-same-day-borrowing')]: '2', [scoreField('speed-lending-queue-daily')]: '1' },
      { csrf: token },
    );
    expect(second.status).toBe(303);

    const saved = await assessmentsOf(member);
    expect(saved).toHaveLength(2);
    expect(saved[0]!.scores).toEqual({
      'speed-same-day-borrowing': { score: 0, note: '' },
      'speed-lending-queue-daily': { score: 1, note: 'Only mornings, zqxwv' },
      'continuity-plan': { score: null, note: '' },
    });
    const after = await (await client.get('/reports/assessment?notice=saved')).text();
    expect(after).toContain('Your assessment is saved.');
    // Speed: 1 of 4 points (25%) before, 3 of 4 (75%) now.
    const speedRow = after.match(/<th scope="row">Speed<\/th>[\s\S]*?<\/tr>/)?.[0] ?? '';
    expect(speedRow).toContain('3 of 4');
    expect(speedRow).toContain('75%');
    expect(speedRow).toContain('25%');
    expect(speedRow).toContain('up 50 points');
    // The form starts from the latest scores.
    expect(after).toMatch(new RegExp(`name="${scoreField('speed-same-day-borrowing')}" value="2" checked`));
    expect(after).toContain(`href="/reports/assessment/${saved[0]!.id}"`);
    const record = await client.get(`/reports/assessment/${saved[0]!.id}`);
    expect(record.status).toBe(200);
    expect(await record.text()).toContain('Only mornings, zqxwv');
  });

  it('shows a wrong score as an error beside its field (400) and stores nothing', async () => {
    const client = await clientFor(t, member);
    const token = await client.csrf('/reports/assessment');
    const before = (await assessmentsOf(member)).length;
    const res = await client.post(
      '/reports/assessment',
      {
        [scoreField('lending-packaging')]: '7',
        [scoreField('people-cover')]: '',
        [noteField('people-cover')]: 'A note without a score',
        [noteField('access-status-online')]: 'x'.repeat(501),
        [scoreField('access-status-online')]: '1',
      },
      { csrf: token },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-score-lending-packaging-error"[^>]*>[\s\S]*?Choose one of: not yet, partly/);
    expect(html).toMatch(/id="f-score-people-cover-error"[^>]*>[\s\S]*?Choose a score for this item/);
    expect(html).toMatch(/id="f-note-access-status-online-error"[^>]*>[\s\S]*?500 characters or fewer/);
    expect(html).toContain('A note without a score');
    expect((await assessmentsOf(member)).length).toBe(before);
    const empty = await client.post('/reports/assessment', {}, { csrf: token });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Score at least one item before saving.');
  });

  it('keeps assessments private: a stranger and a visitor get not found, and nothing reaches search', async () => {
    const [mine] = await assessmentsOf(member);
    const other = await clientFor(t, stranger);
    const res = await other.get(`/reports/assessment/${mine!.id}`);
    expect(res.status).toBe(404);
    expect(errorCode(await res.text())).toBe('reports.assessment_not_found');
    expect(await (await other.get('/reports/assessment')).text()).not.toContain('Only mornings, zqxwv');
    const visitor = await new TestClient(t.app).get(`/reports/assessment/${mine!.id}`);
    expect(visitor.status).not.toBe(200);
    expect(await visitor.text()).not.toContain('Only mornings, zqxwv');
    expect((await search(t.database.db, { q: 'zqxwv' })).hits).toHaveLength(0);
  });

  it('limits how often a member saves', async () => {
    const someone = await createUser(t.database);
    const ctx = { db: t.database.db, actor: actorFor(someone), now: t.clock.now(), checklist };
    const values = { [scoreField('speed-few-hands')]: '2' };
    let refused: unknown;
    for (let i = 0; i < 25 && !refused; i++)
      await saveAssessment({ ...ctx, values }).catch((e: unknown) => (refused = e));
    expect((refused as { status?: number }).status).toBe(429);
    expect((await assessmentsOf(someone)).length).toBeGreaterThan(0);
    expect((await assessmentsOf(someone)).length).toBeLessThan(25);
  });

  it('goes into the member’s data export and leaves with the account', async () => {
    const exported = (await reportsModule.personalData!.export(t.deps, member.id)) as {
      selfAssessments: Array<{ savedAt: string; scores: Record<string, unknown> }>;
    };
    expect(exported.selfAssessments).toHaveLength(2);
    expect(exported.selfAssessments[0]!.scores).toHaveProperty('speed-lending-queue-daily', {
      score: 1,
      note: 'Only mornings, zqxwv',
    });
    await t.database.db.transaction((tx) => reportsModule.personalData!.erase(tx, member.id));
    expect(await assessmentsOf(member)).toHaveLength(0);
  });
});

describe('report recipes', () => {
  it('are loaded from their files, public and cacheable, with their maintaining group and review date', async () => {
    const files = await readRecipes(CONTENT);
    expect(files.length).toBeGreaterThanOrEqual(5);
    const anonymous = new TestClient(t.app);
    const list = await anonymous.get('/reports/recipes');
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const listHtml = await list.text();
    for (const f of files) expect(listHtml).toContain(`href="/reports/recipes/${f.slug}"`);
    const page = await anonymous.get('/reports/recipes/fill-rate-to-your-director');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>How to report fill rate to your director</h1>');
    expect(html).toContain('Maintained by <a href="/groups/ill-commons-editors">ILL Commons editors</a>');
    expect(html).toContain('<time datetime="2027-12-01">');
    // Rendered once, at load: the stored HTML is what is served.
    const [row] = rowsOf<{ body_html: string }>(
      await t.database.db.execute(sql`select body_html from report_recipes where slug = 'fill-rate-to-your-director'`),
    );
    expect(row!.body_html).toContain('<h2 id="1-write-down-your-definition">');
    expect((await anonymous.get('/reports/recipes/no-such-recipe')).status).toBe(404);
  });

  it('are a facet of their own in the hub’s search', async () => {
    const found = await search(t.database.db, { q: 'fill rate director', kind: REPORT_RECIPE_KIND });
    expect(found.hits.map((h) => h.url)).toContain('/reports/recipes/fill-rate-to-your-director');
    expect(found.facets.map((f) => f.kind)).toContain(REPORT_RECIPE_KIND);
  });

  it('follow their files: a changed file is rendered and indexed again, a removed one leaves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recipes-'));
    await mkdir(join(dir, 'reports', 'recipes'), { recursive: true });
    const file = (title: string, word: string) =>
      `---\ntitle: ${title}\nsummary: A recipe written for this test only, long enough.\naudience: Test readers\nsteps: [One step, Two steps, Three steps]\nmaintained_by: ill-commons-editors\nreview_due: 2027-01-01\n---\n${`The ${word} paragraph. `.repeat(20)}\n`;
    await writeFile(join(dir, 'reports', 'recipes', 'test-recipe.md'), file('How to test a recipe', 'aardvark'));
    // One added, the five shipped recipes removed; a second run changes nothing.
    expect(await syncRecipes(t.database.db, dir, t.clock.now())).toBe(6);
    expect(await syncRecipes(t.database.db, dir, t.clock.now())).toBe(0);
    expect((await search(t.database.db, { q: 'aardvark', kind: REPORT_RECIPE_KIND })).hits).toHaveLength(1);
    expect(
      (await search(t.database.db, { q: 'fill rate director', kind: REPORT_RECIPE_KIND })).hits.map((h) => h.url),
    ).not.toContain('/reports/recipes/fill-rate-to-your-director');
    await writeFile(join(dir, 'reports', 'recipes', 'test-recipe.md'), file('How to test a recipe', 'okapi'));
    expect(await syncRecipes(t.database.db, dir, t.clock.now())).toBe(1);
    expect((await search(t.database.db, { q: 'aardvark', kind: REPORT_RECIPE_KIND })).hits).toHaveLength(0);
    expect((await search(t.database.db, { q: 'okapi', kind: REPORT_RECIPE_KIND })).hits).toHaveLength(1);
    // Back to the shipped files for the tests after this one.
    await syncRecipes(t.database.db, CONTENT, t.clock.now());
    expect((await search(t.database.db, { q: 'okapi', kind: REPORT_RECIPE_KIND })).hits).toHaveLength(0);
  });

  it('are refused with the file named when the front matter is wrong', () => {
    const out = parseRecipe('content/reports/recipes/bad.md', '---\ntitle: Short\n---\nbody');
    expect(out.recipe).toBeUndefined();
    expect(out.problems.join('\n')).toContain('content/reports/recipes/bad.md: title');
    expect(out.problems.join('\n')).toContain('content/reports/recipes/bad.md: steps');
  });
});
