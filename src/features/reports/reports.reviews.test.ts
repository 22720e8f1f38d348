// Report examples and report recipes past their review date: shown on their pages, counted on the content-health
// pages (the hub's and the maintaining group's), and cleared by "Mark reviewed" from those allowed. A recipe's
// recorded review outlives the sync from its file.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { exampleGroup } from '../../../test/helpers/groups';
import type { Group } from '../groups';
import { composeReport, markExampleReviewed, publishReport } from './reports.compose.usecases';
import { findRecipe } from './reports.recipes.repository';
import { syncRecipes } from './reports.recipes.seed';
import { markRecipeReviewed } from './reports.recipes.usecases';
import { importNewDataset } from './reports.usecases';

const CONTENT = join(import.meta.dirname, '../../../content');
const FILE = `date,status,type,dir
2025-01-05,filled,loan,borrowing
2025-02-01,unfilled,copy,borrowing
`;
const MAPPING = { requestDate: 'date', status: 'status', requestType: 'type', direction: 'dir' };
const RECIPE = 'fill-rate-to-your-director';

let t: TestApp;
let author: TestUser;
let member: TestUser;
let outsider: TestUser;
let editor: TestUser;
let group: Group;
let exampleId: number;

const ctx = (u: TestUser) => ({ db: t.database.db, actor: actorFor(u), now: t.clock.now() });

/** The figure a content-health page shows for a line, and where it links. */
function healthRow(html: string, what: string): { count: number; href: string } | undefined {
  const match = html.match(new RegExp(`<a href="([^"]+)">(\\d+)<span class="visually-hidden"> — ${what}</span></a>`));
  return match ? { href: match[1]!.replace(/&amp;/g, '&'), count: Number(match[2]) } : undefined;
}
const EXAMPLES_ROW = 'report examples past their review date';
const RECIPES_ROW = 'report recipes past their review date';

beforeAll(async () => {
  t = await createTestApp({ seed: true }); // today is 2026-03-02
  const admin = await createUser(t.database, { role: 'admin' });
  author = await createUser(t.database);
  member = await createUser(t.database);
  outsider = await createUser(t.database);
  editor = await createUser(t.database, { role: 'editor' });
  group = await exampleGroup(t, author, admin, { name: 'Review Dates Committee', members: [[member, 'member']] });
  const made = await importNewDataset({
    ...ctx(author),
    name: 'Committee figures',
    preset: 'custom',
    mapping: MAPPING,
    bytes: new TextEncoder().encode(FILE),
    groupId: group.id,
  });
  if (made.kind !== 'stored') throw new Error(made.kind);
  const composed = await composeReport({
    ...ctx(author),
    datasetId: made.datasetId,
    input: {
      title: 'Overdue fill rate example',
      measures: ['fill-rate'],
      periodFrom: '2025-01',
      periodTo: '2025-02',
      commentary: '',
    },
  });
  if (!composed.ok) throw new Error(JSON.stringify(composed.errors));
  exampleId = composed.report.id;
  await publishReport({
    ...ctx(author),
    reportId: exampleId,
    input: {
      purpose: 'Made to show the committee how the fill rate moved.',
      audience: 'The committee',
      reception: 'The committee asked for it every quarter.',
    },
  });
  // Published today: its review falls due a year on. Move past that day, and past the recipes' dates too.
  t.clock.set('2028-01-10T12:00:00Z');
});
afterAll(() => t.close());

describe('report examples past their review date', () => {
  it('are counted on the hub’s and the maintaining group’s content-health pages and listed on the page the count opens', async () => {
    const client = await clientFor(t, member);
    const row = healthRow(await (await client.get(`/groups/${group.slug}/health`)).text(), EXAMPLES_ROW);
    expect(row).toEqual({ count: 1, href: `/reports/reviews?group=${group.slug}` });
    const list = await (await client.get(row!.href)).text();
    expect(list).toContain(`href="/reports/examples/${exampleId}"`);
    expect(list).toContain('Review was due 2027-03-02');
    // The starter examples, maintained by the editors' group, are overdue too: the hub counts them all.
    const hub = healthRow(await (await client.get('/health')).text(), EXAMPLES_ROW);
    expect(hub?.href).toBe('/reports/reviews');
    expect(hub!.count).toBeGreaterThan(1);
  });

  it('show their review dates, and offer "Mark reviewed" to the author, the maintaining group and editors only', async () => {
    const anonymous = await new TestClient(t.app).get(`/reports/examples/${exampleId}`);
    const html = await anonymous.text();
    expect(html).toContain('Not reviewed yet');
    expect(html).toContain('Review overdue (was due <time datetime="2027-03-02">2027-03-02</time>)');
    expect(html).not.toContain('Mark reviewed');
    expect(await (await (await clientFor(t, outsider)).get(`/reports/examples/${exampleId}`)).text()).not.toContain(
      'Mark reviewed',
    );
    expect(await (await (await clientFor(t, member)).get(`/reports/examples/${exampleId}`)).text()).toContain(
      'Mark reviewed',
    );
    expect(await (await (await clientFor(t, editor)).get(`/reports/examples/${exampleId}`)).text()).toContain(
      'Mark reviewed',
    );
  });

  it('refuses a review from anyone but the author, the maintaining group or an editor, and changes nothing', async () => {
    const client = await clientFor(t, outsider);
    const token = await client.csrf(`/reports/examples/${exampleId}`);
    const res = await client.post(`/reports/examples/${exampleId}/reviewed`, {}, { csrf: token });
    expect(res.status).toBe(403);
    await expect(markExampleReviewed({ ...ctx(outsider), reportId: exampleId })).rejects.toMatchObject({
      code: 'reports.example_review_forbidden',
    });
    expect(healthRow(await (await client.get(`/groups/${group.slug}/health`)).text(), EXAMPLES_ROW)?.count).toBe(1);
  });

  it('clears the example once its author marks it reviewed', async () => {
    const client = await clientFor(t, author);
    const token = await client.csrf(`/reports/examples/${exampleId}`);
    const res = await client.post(`/reports/examples/${exampleId}/reviewed`, {}, { csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/reports/examples/${exampleId}?notice=reviewed`);
    const page = await (await client.get(`/reports/examples/${exampleId}?notice=reviewed`)).text();
    expect(page).toContain('Review recorded.');
    expect(page).toContain('Reviewed on <time datetime="2028-01-10');
    expect(page).toContain('next review due <time datetime="2029-01-10">');
    expect(healthRow(await (await client.get(`/groups/${group.slug}/health`)).text(), EXAMPLES_ROW)?.count).toBe(0);
    expect(await (await client.get(`/reports/reviews?group=${group.slug}`)).text()).toContain(
      'No report example is past its review date.',
    );
  });

  it('lets a member of the maintaining group record a review too', async () => {
    t.clock.set('2028-02-10T12:00:00Z');
    const { reviewDue } = await markExampleReviewed({ ...ctx(member), reportId: exampleId });
    expect(reviewDue).toBe('2029-02-10');
    t.clock.set('2028-01-10T12:00:00Z');
  });

  it('is a working list for signed-in people, and knows no unknown group', async () => {
    expect((await new TestClient(t.app).get('/reports/reviews')).status).toBe(401);
    expect((await (await clientFor(t, member)).get('/reports/reviews?group=no-such-group')).status).toBe(404);
  });
});

describe('report recipes past their review date', () => {
  it('are counted on the hub’s and the editors’ content-health pages', async () => {
    const client = await clientFor(t, member);
    const hub = healthRow(await (await client.get('/health')).text(), RECIPES_ROW);
    expect(hub).toEqual({ count: 5, href: '/reports/reviews' });
    const group = healthRow(await (await client.get('/groups/ill-commons-editors/health')).text(), RECIPES_ROW);
    expect(group).toEqual({ count: 5, href: '/reports/reviews?group=ill-commons-editors' });
    const list = await (await client.get(group!.href)).text();
    expect(list).toContain(`href="/reports/recipes/${RECIPE}"`);
    expect(list).toContain('Review was due 2027-12-01');
  });

  it('offer "Mark reviewed" to editors and the maintaining group only, and refuse other members', async () => {
    expect(await (await new TestClient(t.app).get(`/reports/recipes/${RECIPE}`)).text()).not.toContain('Mark reviewed');
    const client = await clientFor(t, member);
    const page = await (await client.get(`/reports/recipes/${RECIPE}`)).text();
    expect(page).not.toContain('Mark reviewed');
    const token = await client.csrf(`/reports/recipes/${RECIPE}`);
    expect((await client.post(`/reports/recipes/${RECIPE}/reviewed`, {}, { csrf: token })).status).toBe(403);
    await expect(markRecipeReviewed({ ...ctx(author), slug: RECIPE })).rejects.toMatchObject({
      code: 'reports.recipe_review_forbidden',
    });
    expect((await findRecipe(t.database.db, RECIPE))!.lastReviewedAt).toBeNull();
  });

  it('record an editor’s review, shown on the page, kept when the files are synced again', async () => {
    const client = await clientFor(t, editor);
    const before = await (await client.get(`/reports/recipes/${RECIPE}`)).text();
    expect(before).toContain('Review overdue (was due <time datetime="2027-12-01">');
    const token = await client.csrf(`/reports/recipes/${RECIPE}`);
    const res = await client.post(`/reports/recipes/${RECIPE}/reviewed`, {}, { csrf: token });
    expect(res.status).toBe(303);
    const after = await (await client.get(`/reports/recipes/${RECIPE}?notice=reviewed`)).text();
    expect(after).toContain('Review recorded.');
    expect(after).toContain('Reviewed on <time datetime="2028-01-10');
    expect(after).toContain('next review due <time datetime="2029-01-10">');
    expect(healthRow(await (await client.get('/health')).text(), RECIPES_ROW)?.count).toBe(4);

    // The files still say 2027-12-01: a sync keeps the recorded review, and the others keep the file's date.
    await syncRecipes(t.database.db, CONTENT, t.clock.now());
    const synced = (await findRecipe(t.database.db, RECIPE))!;
    expect(synced.reviewDue).toBe('2029-01-10');
    expect(synced.lastReviewedAt).not.toBeNull();
    expect((await findRecipe(t.database.db, 'turnaround-to-a-consortium'))!.reviewDue).toBe('2027-12-01');
    expect(healthRow(await (await client.get('/health')).text(), RECIPES_ROW)?.count).toBe(4);
  });
});
