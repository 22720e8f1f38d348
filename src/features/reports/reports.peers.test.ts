import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/database';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { costFigures } from './reports.costs';
import { standing } from './reports.peers.models';
import { costCounts } from './reports.peers.repository';
import { joinPeers, leavePeers, saveCosts, viewComparison, viewCosts, viewReference } from './reports.peers.usecases';
import { readReferenceFile, seedReference } from './reports.reference';
import { insertDataset } from './reports.repository';
import { viewDataset } from './reports.usecases';

const NOW = new Date('2026-03-02T15:00:00Z');
const CONTENT = join(import.meta.dirname, '../../../content');

/** date, received, status, type, direction, partner: the same small dataset as reports.test.ts. */
const SMALL: Array<[string, string | null, string, string, string, string]> = [
  ['2025-01-05', '2025-01-09', 'filled', 'loan', 'borrowing', 'A'],
  ['2025-01-10', '2025-01-20', 'received', 'loan', 'borrowing', 'A'],
  ['2025-01-15', null, 'unfilled', 'copy', 'borrowing', 'B'],
  ['2025-02-01', '2025-02-02', 'filled', 'copy', 'borrowing', 'B'],
  ['2025-02-03', '2025-02-05', 'filled', 'copy', 'borrowing', 'A'],
  ['2025-02-10', null, 'shipped', 'loan', 'lending', 'C'],
  ['2025-02-11', null, 'unfilled', 'loan', 'lending', 'C'],
  ['2025-02-12', null, 'cancelled', 'copy', 'lending', 'C'],
  ['2025-02-20', '2025-02-24', 'filled', 'loan', 'borrowing', 'B'],
];

describe('reports: costs, peers and reference data', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  let smallId: number;
  const ctx = (u: TestUser) => ({ db: t.database.db, actor: actorFor(u), now: NOW });

  async function dataset(user: TestUser, rows: typeof SMALL): Promise<number> {
    const id = await insertDataset(t.database.db, {
      ownerId: user.id,
      name: 'Stats',
      preset: 'custom',
      mapping: {},
      dropped: [],
      now: NOW,
    });
    for (const [d, r, status, type, dir, partner] of rows)
      await t.database.db.execute(sql`insert into report_rows
          (dataset_id, request_date, received_date, status, request_type, direction, partner)
        values (${id}, ${d}, ${r}, ${status}, ${type}, ${dir}, ${partner})`);
    return id;
  }
  /** n filled borrowing loans (2 days each) and one unfilled: fill rate n / (n + 1), n + 1 requests. */
  const filledOf = (n: number): typeof SMALL => [
    ...Array.from({ length: n }, (): (typeof SMALL)[number] => [
      '2025-03-01',
      '2025-03-03',
      'filled',
      'loan',
      'borrowing',
      'X',
    ]),
    ['2025-03-02', null, 'unfilled', 'loan', 'borrowing', 'X'],
  ];

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t.database);
    other = await createUser(t.database);
    smallId = await dataset(owner, SMALL);
  });
  afterAll(() => t.close());

  it('computes turnaround by partner in SQL: median and 90th percentile, as worked out by hand', async () => {
    const { measures } = await viewDataset({ ...ctx(owner), datasetId: smallId });
    // A: 4, 10, 2 days → median 4, p90 = 4 + 0.8 × (10 − 4) = 8.8; B: 1, 4 → median 2.5, p90 = 1 + 0.9 × 3 = 3.7.
    expect(measures.turnaroundByPartner).toEqual([
      { partner: 'A', received: 3, median: 4, p90: expect.closeTo(8.8, 6) },
      { partner: 'B', received: 2, median: 2.5, p90: expect.closeTo(3.7, 6) },
    ]);
  });

  it('computes cost per filled request and money saved from the owner’s inputs, as worked out by hand', async () => {
    const counts = await costCounts(t.database.db, smallId);
    expect(counts).toEqual({
      requests: 9,
      filled: 6,
      filledLoans: 4,
      borrowingRequests: 6,
      borrowingFilledLoans: 3,
      borrowingFilledCopies: 2,
    });
    const inputs = {
      staffMinutesPerRequest: 15,
      hourlyCost: 40,
      shippingPerLoan: 8,
      feesPaid: 20,
      ifmPaid: 30,
      bookPrice: 50,
      articleCost: 35,
    };
    // 10 a request: staff 9 × 10 = 90; shipping 4 × 8 = 32; total 90 + 32 + 20 + 30 = 172; 172 / 6 filled = 28.67.
    // Avoided 3 × 50 + 2 × 35 = 220; borrowing 6 × 10 + 3 × 8 + 20 + 30 = 134; saved 86.
    expect(costFigures(inputs, counts)).toEqual({
      staffCost: 90,
      shippingCost: 32,
      totalCost: 172,
      costPerFilled: 28.67,
      purchaseAvoided: 220,
      borrowingCost: 134,
      saved: 86,
    });
    await saveCosts({ ...ctx(owner), datasetId: smallId, inputs });
    const view = await viewCosts({ ...ctx(owner), datasetId: smallId });
    expect(view.figures?.costPerFilled).toBe(28.67);
    expect(view.assumptions.join(' ')).toContain('15 minutes of staff time at 40.00 an hour');
    await expect(
      saveCosts({ ...ctx(owner), datasetId: smallId, inputs: { ...inputs, feesPaid: -1 } }),
    ).rejects.toMatchObject({ code: 'reports.invalid_input', status: 400 });
    await expect(viewCosts({ ...ctx(other), datasetId: smallId })).rejects.toMatchObject({ code: 'reports.not_found' });
  });

  it('over HTTP: negative costs come back with field errors (400); the figures show with their assumptions', async () => {
    const client = await clientFor(t, owner);
    const fields = {
      staffMinutesPerRequest: '15',
      hourlyCost: '40',
      shippingPerLoan: '-8',
      feesPaid: '20',
      ifmPaid: 'lots',
      bookPrice: '50',
      articleCost: '35',
    };
    const bad = await client.post(`/reports/datasets/${smallId}/costs`, fields, {
      from: `/reports/datasets/${smallId}/costs`,
    });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="f-shippingPerLoan-error"[\s\S]*?cannot be negative/);
    expect(html).toMatch(/id="f-ifmPaid-error"[\s\S]*?must be a number/);
    const ok = await client.post(`/reports/datasets/${smallId}/costs`, {
      ...fields,
      shippingPerLoan: '8',
      ifmPaid: '30',
    });
    expect(ok.status).toBe(303);
    const page = await (await client.get(`/reports/datasets/${smallId}/costs`)).text();
    expect(page).toContain('28.67');
    expect(page).toContain('Assumptions');
    // Peer settings: none chosen, or one not in the list, come back with the field's error (400), nothing shared.
    const none = await client.post(
      `/reports/datasets/${smallId}/peers`,
      {},
      { from: `/reports/datasets/${smallId}/peers` },
    );
    expect(none.status).toBe(400);
    expect(await none.text()).toMatch(/id="f-libraryType-error"[\s\S]*?Choose at least one/);
    const unknown = await client.post(`/reports/datasets/${smallId}/peers`, { region: 'atlantis' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/id="f-region-error"[\s\S]*?Choose from the list/);
    const shared = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from report_peer_profiles where dataset_id = ${smallId}`,
      ),
    );
    expect(shared[0]!.n).toBe(0);
    const stranger = await clientFor(t, other);
    expect((await stranger.get(`/reports/datasets/${smallId}/costs`)).status).toBe(404);
    expect((await stranger.get(`/reports/datasets/${smallId}/peers`)).status).toBe(404);
  });

  it('k ≥ 5: a cohort of 4 libraries shows nothing, a fifth shows quartiles; opting out removes the aggregates', async () => {
    const vocabulary = await vocabularyFor(CONTENT);
    const join_ = (u: TestUser, datasetId: number) =>
      joinPeers({ ...ctx(u), datasetId, settings: { libraryType: 'public' }, vocabulary });
    await join_(owner, smallId);
    // Fill rates 0.5, 0.667, 0.75: with the owner's 0.75, four libraries (an owner's second dataset is no new one).
    const peers = [await createUser(t.database), await createUser(t.database), await createUser(t.database)];
    for (const [i, u] of peers.entries()) await join_(u, await dataset(u, filledOf(i + 1)));
    await join_(owner, await dataset(owner, filledOf(9)));
    let view = await viewComparison({ ...ctx(owner), datasetId: smallId });
    const cohortOf = () => view.cohorts.find((c) => c.key === 'libraryType')!.years.find((y) => y.year === 2025)!;
    expect(cohortOf().libraries).toBe(4);
    expect(Object.values(cohortOf().cohort).every((q) => q === null)).toBe(true);
    let page = await (await (await clientFor(t, owner)).get(`/reports/datasets/${smallId}/peers`)).text();
    expect(page).toContain('Not shown: fewer than 5 libraries');

    const fifth = await createUser(t.database);
    const fifthId = await dataset(fifth, filledOf(4));
    await join_(fifth, fifthId);
    view = await viewComparison({ ...ctx(owner), datasetId: smallId });
    const y = cohortOf();
    expect(y.libraries).toBe(5);
    // Owner (its two datasets averaged: 0.75 and 0.9 → 0.825), 0.5, 0.667, 0.75, 0.8.
    expect(y.cohort.fillRate).toMatchObject({ libraries: 5, q1: expect.closeTo(2 / 3, 6), median: 0.75, q3: 0.8 });
    expect(y.own.fillRate).toBe(0.75);
    expect(standing(y.own.fillRate, y.cohort.fillRate!)).toBe('within');
    // Volume: owner (9 + 10) / 2 = 9.5, then 2, 3, 4, 5 → q3 5: the owner's 9 is above the middle half.
    expect(y.cohort.requests).toMatchObject({ q1: 3, median: 4, q3: 5 });
    expect(standing(y.own.requests, y.cohort.requests!)).toBe('above');
    page = await (await (await clientFor(t, owner)).get(`/reports/datasets/${smallId}/peers`)).text();
    expect(page).toContain('above the middle half');

    await leavePeers({ ...ctx(fifth), datasetId: fifthId });
    const left = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from report_peer_aggregates where dataset_id = ${fifthId}`,
      ),
    );
    expect(left[0]!.n).toBe(0);
    view = await viewComparison({ ...ctx(owner), datasetId: smallId });
    expect(cohortOf().cohort.fillRate).toBeNull();
  });

  it('loads the PLS reference data once, only the columns used, and shows a state’s and a size band’s quartiles', async () => {
    const rows = await readReferenceFile(join(CONTENT, 'reports/reference/pls-ill.csv'));
    expect(rows).toHaveLength(40);
    expect(Object.keys(rows[0]!).sort()).toEqual(
      ['fscsKey', 'loansFrom', 'loansTo', 'name', 'population', 'state', 'year'].sort(),
    );
    expect(await seedReference(t.database.db, CONTENT, NOW)).toBe(40);
    expect(await seedReference(t.database.db, CONTENT, NOW)).toBeNull();
    const view = await viewReference({
      db: t.database.db,
      actor: null,
      now: NOW,
      year: 2014,
      state: 'AK',
      band: 'under-2500',
    });
    const of = (label: string) => view.groups.find((g) => g.label === label)!.stats;
    // AK 2014, loans from: 0 0 28 50 76 79 94 147 295 2254 → median 77.5.
    expect(of('AK').loansFrom).toMatchObject({ libraries: 10, median: 77.5 });
    // Under 2,500 served (7 libraries): loans from 0 0 28 50 79 94 295 → 14, 50, 86.5.
    expect(of('AK, Under 2,500 people served').loansFrom).toEqual({ libraries: 7, q1: 14, median: 50, q3: 86.5 });

    const anonymous = await t.app.request('http://localhost/reports/reference?year=2014&state=AK&band=under-2500');
    expect(anonymous.status).toBe(200);
    const html = await anonymous.text();
    expect(html).toMatch(/<svg role="img"[^>]*aria-labelledby="chart-reference-title"/);
    expect(html).toContain('<desc id="chart-reference-desc">');
    expect(html).toContain('<caption>Interlibrary loans per library, 2014: quartiles</caption>');
    const csv = await t.app.request('http://localhost/reports/reference.csv?year=2014&state=AK&band=under-2500');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('"AK, Under 2,500 people served",7,0,0,0,14,50,86.5');
  });
});
