import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/database';
import { search } from '../../platform/search/search';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { exampleGroup } from '../../../test/helpers/groups';
import { errorCode } from '../../../test/helpers/http';
import type { Group } from '../groups';
import { REPORT_EXAMPLE_KIND } from './reports.compose.models';
import { REPORT_LIMITS } from './reports.models';
import { insertDataset } from './reports.repository';
import { composeReport, readReport } from './reports.compose.usecases';
import { readStarterExamples } from './reports.compose.seed';
import { expandRows } from './reports.rows';
import { importNewDataset } from './reports.usecases';

const bytes = (text: string) => new TextEncoder().encode(text);
const CUSTOM = {
  requestDate: 'date',
  receivedDate: 'recv',
  status: 'status',
  requestType: 'type',
  direction: 'dir',
  partner: 'partner',
  unfilledReason: 'reason',
};
// Three months; the reports below look at February and March only.
const FILE = `date,recv,status,type,dir,partner,reason
2025-01-05,2025-01-09,filled,loan,borrowing,Alpha Library,
2025-01-10,,unfilled,copy,borrowing,Beta Library,Not owned
2025-02-01,2025-02-02,filled,copy,borrowing,Beta Library,
2025-02-03,2025-02-09,received,loan,borrowing,Alpha Library,
2025-02-11,,unfilled,loan,borrowing,Gamma Library,In use
2025-03-02,2025-03-03,filled,copy,borrowing,Alpha Library,
2025-03-20,,shipped,loan,lending,Delta Library,
`;

let t: TestApp;
let admin: TestUser;
let owner: TestUser;
let steward: TestUser;
let groupMember: TestUser;
let outsider: TestUser;
let group: Group;
let ownDatasetId: number;
let groupDatasetId: number;

const ctx = (u: TestUser | null) => ({ db: t.database.db, actor: u ? actorFor(u) : null, now: t.clock.now() });
const anonymous = () => new TestClient(t.app);
const COMPOSE = {
  title: 'Spring borrowing for the director',
  measures: ['fill-rate', 'volume'],
  periodFrom: '2025-02',
  periodTo: '2025-03',
  commentary: 'We filled **most** requests. <script>alert(1)</script>',
};

async function stored(datasetId: number, user: TestUser) {
  const out = await composeReport({ ...ctx(user), datasetId, input: COMPOSE });
  if (!out.ok) throw new Error(JSON.stringify(out.errors));
  return out.report;
}

async function countRows(table: string): Promise<number> {
  return Number(
    rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n,
  );
}

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  admin = await createUser(t.database, { role: 'admin' });
  owner = await createUser(t.database, { username: 'report-author' });
  steward = await createUser(t.database);
  groupMember = await createUser(t.database);
  outsider = await createUser(t.database);
  group = await exampleGroup(t, steward, admin, {
    name: 'Valley ILL Committee',
    members: [[groupMember, 'member']],
  });
  const mine = await importNewDataset({
    ...ctx(owner),
    name: 'My borrowing',
    preset: 'custom',
    mapping: CUSTOM,
    bytes: bytes(FILE),
  });
  if (mine.kind !== 'stored') throw new Error(mine.kind);
  ownDatasetId = mine.datasetId;
  const shared = await importNewDataset({
    ...ctx(steward),
    name: 'Committee statistics',
    preset: 'custom',
    mapping: CUSTOM,
    bytes: bytes(FILE),
    groupId: group.id,
  });
  if (shared.kind !== 'stored') throw new Error(shared.kind);
  groupDatasetId = shared.datasetId;
});
afterAll(() => t.close());

describe('the starter sample exports', () => {
  it('read cleanly with their presets, a year each, patron columns dropped', async () => {
    const starter = await readStarterExamples(join(import.meta.dirname, '../../../content'));
    expect(starter).toBeDefined();
    const dropped = Object.fromEntries(starter!.datasets.map((d) => [d.preset, d.read.dropped.map((c) => c.header)]));
    expect(dropped).toEqual({
      illiad: ['Username', 'SpecIns', 'TAddress'],
      worldshare: ['Patron Name', 'Patron Email'],
      alma: ['User Primary Identifier', 'Note'],
      rapido: ['Requester Email'],
      reshare: ['patronIdentifier', 'patronGivenName', 'patronSurname'],
    });
    for (const d of starter!.datasets) {
      expect(d.period, d.file).toEqual({
        from: expect.stringMatching(/^2025-01/),
        to: expect.stringMatching(/^2025-12/),
      });
      const rows = expandRows(d.rows);
      expect(rows.length, d.file).toBeGreaterThan(200);
      expect(new Set(rows.map((r) => r.direction)), d.file).toEqual(new Set(['borrowing', 'lending']));
      expect(JSON.stringify(rows), d.file).not.toMatch(/@|user\d{3}|U1\d{6}|College Road/);
    }
    expect(starter!.manifest.reports.length).toBeGreaterThanOrEqual(5);
  });
});

describe('group workspaces', () => {
  it('lets every member read a group’s dataset and only its stewards and owners change it', async () => {
    const member = await clientFor(t, groupMember);
    const page = await member.get(`/reports/datasets/${groupDatasetId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('In the workspace of Valley ILL Committee');
    // A plain member is not offered, and is not allowed, to upload or delete.
    expect(html).not.toContain('Delete this dataset');
    const token = await member.csrf(`/reports/datasets/${groupDatasetId}`);
    const del = await member.post(`/reports/datasets/${groupDatasetId}/delete`, {}, { csrf: token });
    expect(del.status).toBe(404);
    expect((await member.get(`/reports/datasets/${groupDatasetId}/upload`)).status).toBe(404);
    expect((await (await clientFor(t, steward)).get(`/reports/datasets/${groupDatasetId}/upload`)).status).toBe(200);
    expect(await countRows('report_datasets')).toBeGreaterThanOrEqual(2);
    const stewardPage = await (await clientFor(t, steward)).get(`/reports/datasets/${groupDatasetId}`);
    expect(await stewardPage.text()).toContain('Delete this dataset');
    // The members' index lists the group's dataset.
    expect(await (await member.get('/reports')).text()).toContain('Committee statistics');
  });

  it('refuses a plain member adding a dataset to the group, and stores nothing', async () => {
    const before = await countRows('report_datasets');
    await expect(
      importNewDataset({
        ...ctx(groupMember),
        name: 'Sneaky',
        preset: 'custom',
        mapping: CUSTOM,
        bytes: bytes(FILE),
        groupId: group.id,
      }),
    ).rejects.toMatchObject({ code: 'reports.not_group_manager', status: 403 });
    expect(await countRows('report_datasets')).toBe(before);
  });

  it('counts a group’s datasets towards the group’s limit, not towards the uploader’s own', async () => {
    const busy = await createUser(t.database);
    const coSteward = await createUser(t.database);
    const limited = await exampleGroup(t, busy, admin, { members: [[coSteward, 'steward']] });
    const fill = async (ownerId: number, groupId: number | null, n: number) => {
      for (let i = 0; i < n; i++)
        await insertDataset(t.database.db, {
          ownerId,
          groupId,
          name: `Filler ${i}`,
          preset: 'custom',
          mapping: {},
          dropped: [],
          now: t.clock.now(),
        });
    };
    const upload = (u: TestUser, groupId?: number) =>
      importNewDataset({ ...ctx(u), name: 'More', preset: 'custom', mapping: CUSTOM, bytes: bytes(FILE), groupId });

    // At the personal limit, the member still adds to the group they manage; their own space refuses.
    await fill(busy.id, null, REPORT_LIMITS.datasetsPerMember);
    expect((await upload(busy, limited.id)).kind).toBe('stored');
    await expect(upload(busy)).rejects.toMatchObject({ code: 'reports.too_many_datasets', status: 409 });

    // The group at its limit refuses whoever uploads, and stores nothing; the uploader's own space is untouched.
    await fill(coSteward.id, limited.id, REPORT_LIMITS.datasetsPerGroup - 1);
    const before = await countRows('report_datasets');
    await expect(upload(coSteward, limited.id)).rejects.toMatchObject({
      code: 'reports.too_many_group_datasets',
      status: 409,
      message: expect.stringContaining(`at most ${REPORT_LIMITS.datasetsPerGroup} datasets`),
    });
    await expect(upload(busy, limited.id)).rejects.toMatchObject({ code: 'reports.too_many_group_datasets' });
    expect(await countRows('report_datasets')).toBe(before);
    expect((await upload(coSteward)).kind).toBe('stored');
    // Another group is not affected by this one's count.
    const other = await exampleGroup(t, coSteward, admin);
    expect((await upload(coSteward, other.id)).kind).toBe('stored');
  });

  it('tells non-members the dataset does not exist, on every address, and leaks nothing', async () => {
    const client = await clientFor(t, outsider);
    for (const path of [
      `/reports/datasets/${groupDatasetId}`,
      `/reports/datasets/${groupDatasetId}/upload`,
      `/reports/datasets/${groupDatasetId}/volume.csv`,
      `/reports/datasets/${groupDatasetId}/compose`,
    ]) {
      const res = await client.get(path);
      expect(res.status, path).toBe(404);
      const body = await res.text();
      expect(body).not.toContain('Committee statistics');
      expect(body).not.toContain('Alpha Library');
    }
    const token = await client.csrf('/reports');
    expect((await client.post(`/reports/datasets/${groupDatasetId}/delete`, {}, { csrf: token })).status).toBe(404);
    expect((await client.post(`/reports/datasets/${groupDatasetId}/compose`, COMPOSE, { csrf: token })).status).toBe(
      404,
    );
    expect(await (await client.get('/reports')).text()).not.toContain('Committee statistics');
  });
});

describe('composed reports', () => {
  it('shows the chosen measures over the chosen months only, as worked out by hand', async () => {
    const report = await stored(ownDatasetId, owner);
    const view = await readReport({ ...ctx(owner), reportId: report.id });
    expect(view.tables.map((t) => t.slug)).toEqual(['fill-rate', 'volume']);
    // February and March: 3 filled (one of them "received"), 1 unfilled among borrowing; the lending shipment counts.
    expect(view.tables[0]!.rows).toEqual([
      ['borrowing', 3, 1, '75.0%'],
      ['lending', 1, 0, '100.0%'],
    ]);
    expect(view.tables[1]!.rows).toEqual([
      ['2025-02', 2, 1, 3],
      ['2025-03', 1, 1, 2],
    ]);
    // Commentary rendered once at save, sanitised.
    expect(report.bodyHtml).toContain('<strong>most</strong>');
    expect(report.bodyHtml).not.toContain('<script>');
  });

  it('checks the form: measures from the list, months in order, field errors beside the fields (400)', async () => {
    const client = await clientFor(t, owner);
    const token = await client.csrf(`/reports/datasets/${ownDatasetId}/compose`);
    const before = await countRows('report_compositions');
    const res = await client.post(
      `/reports/datasets/${ownDatasetId}/compose`,
      { ...COMPOSE, periodFrom: '2025-03', periodTo: '2025-01' },
      { csrf: token },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The last month must not be before the first month.');
    const unknown = await client.post(
      `/reports/datasets/${ownDatasetId}/compose`,
      { ...COMPOSE, measures: ['rows'] },
      { csrf: token },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Choose measures from the list.');
    expect(await countRows('report_compositions')).toBe(before);
  });

  it('is private by default: others and anonymous readers are told it does not exist', async () => {
    const report = await stored(ownDatasetId, owner);
    for (const client of [await clientFor(t, outsider), await clientFor(t, groupMember), anonymous()]) {
      for (const path of [`/reports/composed/${report.id}`, `/reports/composed/${report.id}/volume.csv`]) {
        const res = await client.get(path);
        expect(res.status, path).toBe(404);
        expect(errorCode(await res.text())).toBe('reports.report_not_found');
      }
    }
    const page = await (await clientFor(t, owner)).get(`/reports/composed/${report.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Aggregates only');
    expect(html).toContain('<strong>most</strong>');
    expect(html).toContain('role="img"');
  });

  it('shares by an unguessable link that a new link or "private" stops', async () => {
    const report = await stored(ownDatasetId, owner);
    const client = await clientFor(t, owner);
    const token = await client.csrf(`/reports/composed/${report.id}`);
    const shared = await client.post(`/reports/composed/${report.id}/sharing`, { sharing: 'link' }, { csrf: token });
    expect(shared.status).toBe(303);
    const first = (await client.get(`/reports/composed/${report.id}`).then((r) => r.text())).match(
      /\/reports\/shared\/([A-Za-z0-9_-]{43})/,
    )![1]!;
    const byLink = await anonymous().get(`/reports/shared/${first}`);
    expect(byLink.status).toBe(200);
    const html = await byLink.text();
    expect(html).toContain(COMPOSE.title);
    expect(html).not.toContain('Who may read this report');
    expect((await anonymous().get(`/reports/shared/${first}/fill-rate.csv`)).status).toBe(200);
    // A new link: the old one stops working.
    await client.post(`/reports/composed/${report.id}/sharing`, { sharing: 'link' }, { csrf: token });
    expect((await anonymous().get(`/reports/shared/${first}`)).status).toBe(404);
    const second = (await client.get(`/reports/composed/${report.id}`).then((r) => r.text())).match(
      /\/reports\/shared\/([A-Za-z0-9_-]{43})/,
    )![1]!;
    expect(second).not.toBe(first);
    await client.post(`/reports/composed/${report.id}/sharing`, { sharing: 'private' }, { csrf: token });
    expect((await anonymous().get(`/reports/shared/${second}`)).status).toBe(404);
    // Someone else cannot change the sharing.
    const other = await clientFor(t, outsider);
    const otherToken = await other.csrf('/reports');
    const tried = await other.post(`/reports/composed/${report.id}/sharing`, { sharing: 'link' }, { csrf: otherToken });
    expect(tried.status).toBe(404);
  });

  it('shares with the dataset’s group: its members read it, others do not', async () => {
    const report = await stored(groupDatasetId, groupMember);
    const author = await clientFor(t, groupMember);
    const token = await author.csrf(`/reports/composed/${report.id}`);
    expect(
      (await author.post(`/reports/composed/${report.id}/sharing`, { sharing: 'group' }, { csrf: token })).status,
    ).toBe(303);
    expect((await (await clientFor(t, steward)).get(`/reports/composed/${report.id}`)).status).toBe(200);
    expect((await (await clientFor(t, outsider)).get(`/reports/composed/${report.id}`)).status).toBe(404);
    // A personal dataset has no group to share with.
    const own = await stored(ownDatasetId, owner);
    const mine = await clientFor(t, owner);
    const res = await mine.post(
      `/reports/composed/${own.id}/sharing`,
      { sharing: 'group' },
      { csrf: await mine.csrf('/reports') },
    );
    expect(res.status).toBe(409);
  });
});

describe('report examples and the gallery', () => {
  it('requires why, for whom and how it was received to publish', async () => {
    const report = await stored(ownDatasetId, owner);
    const client = await clientFor(t, owner);
    const token = await client.csrf(`/reports/composed/${report.id}`);
    const res = await client.post(
      `/reports/composed/${report.id}/publish`,
      { purpose: '', audience: 'The director', reception: '' },
      { csrf: token },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Why it was made is required.');
    expect(html).toContain('How it was received is required.');
    expect((await anonymous().get(`/reports/examples/${report.id}`)).status).toBe(404);
  });

  it('publishes aggregates to the gallery and search, and unpublishing takes it out of both', async () => {
    const report = await stored(ownDatasetId, owner);
    const client = await clientFor(t, owner);
    const token = await client.csrf(`/reports/composed/${report.id}`);
    const published = await client.post(
      `/reports/composed/${report.id}/publish`,
      {
        purpose: 'The director asked for spring figures before the budget round.',
        audience: 'The library director',
        reception: 'Quoted in the annual report; asked for every spring.',
      },
      { csrf: token },
    );
    expect(published.status).toBe(303);

    const gallery = await (await anonymous().get('/reports/examples')).text();
    expect(gallery).toContain(`/reports/examples/${report.id}`);
    const example = await anonymous().get(`/reports/examples/${report.id}`);
    expect(example.status).toBe(200);
    const html = await example.text();
    expect(html).toContain('Why it was made');
    expect(html).toContain('The director asked for spring figures');
    expect(html).toContain('Aggregates only');
    expect(html).toContain('role="img"');
    // Aggregates, not rows: a January request (outside the period) and per-request dates never appear.
    expect(html).not.toContain('2025-01-05');
    expect(html).not.toContain('2025-02-03');
    expect(html).not.toContain('Who may read this report');
    const csv = await anonymous().get(`/reports/examples/${report.id}/volume.csv`);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toBe('Month,Loans,Copies,Total\r\n2025-02,2,1,3\r\n2025-03,1,1,2\r\n');

    const found = await search(t.database.db, { q: 'spring figures budget round', kind: REPORT_EXAMPLE_KIND });
    expect(found.hits.map((h) => h.url)).toContain(`/reports/examples/${report.id}`);
    expect(found.facets.map((f) => f.kind)).toContain(REPORT_EXAMPLE_KIND);

    await client.post(`/reports/composed/${report.id}/sharing`, { sharing: 'private' }, { csrf: token });
    expect((await anonymous().get(`/reports/examples/${report.id}`)).status).toBe(404);
    expect(await (await anonymous().get('/reports/examples')).text()).not.toContain(`/reports/examples/${report.id}"`);
    const gone = await search(t.database.db, { q: 'spring figures budget round', kind: REPORT_EXAMPLE_KIND });
    expect(gone.hits.map((h) => h.url)).not.toContain(`/reports/examples/${report.id}`);
  });

  it('takes a deleted dataset’s examples out of search', async () => {
    const made = await importNewDataset({
      ...ctx(owner),
      name: 'Short-lived',
      preset: 'custom',
      mapping: CUSTOM,
      bytes: bytes(FILE),
    });
    if (made.kind !== 'stored') throw new Error(made.kind);
    const report = await stored(made.datasetId, owner);
    const client = await clientFor(t, owner);
    const token = await client.csrf(`/reports/composed/${report.id}`);
    await client.post(
      `/reports/composed/${report.id}/publish`,
      {
        purpose: 'A consortium asked for our quarterly zebra figures.',
        audience: 'Consortium coordinators',
        reception: 'Discussed at the meeting and adopted.',
      },
      { csrf: token },
    );
    expect((await search(t.database.db, { q: 'zebra', kind: REPORT_EXAMPLE_KIND })).hits).toHaveLength(1);
    await client.post(`/reports/datasets/${made.datasetId}/delete`, {}, { csrf: token });
    expect((await search(t.database.db, { q: 'zebra', kind: REPORT_EXAMPLE_KIND })).hits).toHaveLength(0);
    expect((await anonymous().get(`/reports/examples/${report.id}`)).status).toBe(404);
  });

  it('starts a new hub with report examples built from the sample exports, aggregates only', async () => {
    const gallery = await (await anonymous().get('/reports/examples')).text();
    for (const title of [
      'annual report to the library director',
      'Budget request 2026',
      'Fill-rate review for the regional consortium meeting',
      'Turnaround after we started scanning',
      'Staffing case',
      'partners and balance for the members',
    ])
      expect(gallery).toContain(title);
    const ids = [...gallery.matchAll(/href="\/reports\/examples\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const examples = rowsOf<{ id: number; group: string; review_due: string | null }>(
      await t.database.db.execute(sql`select c.id, g.slug as group, c.review_due::text as review_due
        from report_compositions c join groups g on g.id = c.maintaining_group_id
        join users u on u.id = c.owner_id where u.is_system`),
    );
    expect(examples.length).toBe(6);
    expect(examples.every((e) => e.group === 'ill-commons-editors' && e.review_due === '2027-03-02')).toBe(true);
    const alma = await (await anonymous().get(`/reports/examples/${ids.at(-1)}`)).text();
    for (const id of ids) {
      const html = await (await anonymous().get(`/reports/examples/${id}`)).text();
      expect(html).toContain('How it was received');
      expect(html).toContain('Aggregates only');
      // No patron value from the sample files reaches a page.
      expect(html).not.toMatch(/@example\.(org|edu)|user\d{3}|U1\d{6}|College Road|A\. Reader/);
    }
    expect(alma).toContain('<svg');
    // The turnaround example: copies in July–December, hand-checked against the sample file (median 1 day).
    const turnaround = await search(t.database.db, { q: 'scanning', kind: REPORT_EXAMPLE_KIND });
    expect(turnaround.hits[0]?.title).toBe('Turnaround after we started scanning instead of lending volumes');
    const page = await (await anonymous().get(turnaround.hits[0]!.url)).text();
    expect(page).toMatch(/<th scope="row">copy<\/th>\s*<td>21<\/td>\s*<td>1<\/td>/);
  });
});

describe('account erasure', () => {
  it('takes the member’s own datasets and reports, and leaves the datasets they uploaded for a group', async () => {
    const { reportsModule } = await import('./reports.module');
    const leaving = await createUser(t.database);
    const own = await importNewDataset({
      ...ctx(leaving),
      name: 'Leaving own',
      preset: 'custom',
      mapping: CUSTOM,
      bytes: bytes(FILE),
    });
    if (own.kind !== 'stored') throw new Error(own.kind);
    await stored(own.datasetId, leaving);
    await t.database.db.transaction((tx) => reportsModule.personalData!.erase!(tx, steward.id));
    await t.database.db.transaction((tx) => reportsModule.personalData!.erase!(tx, leaving.id));
    const left = rowsOf<{ id: number }>(
      await t.database.db.execute(
        sql`select id from report_datasets where id in (${own.datasetId}, ${groupDatasetId})`,
      ),
    ).map((r) => Number(r.id));
    expect(left).toEqual([groupDatasetId]);
    const reports = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from report_compositions where owner_id = ${leaving.id}`,
      ),
    );
    expect(Number(reports[0]!.n)).toBe(0);
    expect((await (await clientFor(t, groupMember)).get(`/reports/datasets/${groupDatasetId}`)).status).toBe(200);
  });
});
