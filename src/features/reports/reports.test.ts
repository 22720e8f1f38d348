import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/database';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { multipartBody, SAME_ORIGIN } from '../../../test/helpers/http';
import { detectDelimiter, detectEncoding } from './reports.csv';
import { parseDate, readExport } from './reports.import';
import { expandRows } from './reports.rows';
import type { PresetName } from './reports.models';
import { patronHeaderReason } from './reports.privacy';
import { csvCell } from './reports.tables';
import { importIntoDataset, importNewDataset, viewDataset } from './reports.usecases';

const SAMPLES = join(import.meta.dirname, '../../../content/reports/samples');
const sample = (name: string) => new Uint8Array(readFileSync(join(SAMPLES, `${name}.csv`)));
const NOW = new Date('2026-03-02T15:00:00Z');
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
const SMALL = `date,recv,status,type,dir,partner,reason
2025-01-05,2025-01-09,filled,loan,borrowing,A,
2025-01-10,2025-01-20,received,loan,borrowing,A,
2025-01-15,,unfilled,copy,borrowing,B,Not owned
2025-02-01,2025-02-02,filled,copy,borrowing,B,
2025-02-03,2025-02-05,filled,copy,borrowing,A,
2025-02-10,,shipped,loan,lending,C,
2025-02-11,,unfilled,loan,lending,C,In use
2025-02-12,,cancelled,copy,lending,C,
2025-02-20,2025-02-24,filled,loan,borrowing,B,
`;

describe('every preset reads its sample export', () => {
  const expected: Record<Exclude<PresetName, 'custom'>, { rows: number; dropped: string[] }> = {
    illiad: { rows: 7, dropped: ['Username', 'SpecIns', 'TAddress'] },
    worldshare: { rows: 6, dropped: ['Patron Name', 'Patron Email'] },
    alma: { rows: 5, dropped: ['User Primary Identifier', 'Note'] },
    rapido: { rows: 4, dropped: ['Requester Email'] },
    reshare: { rows: 5, dropped: ['patronIdentifier', 'patronGivenName', 'patronSurname'] },
  };
  for (const [preset, want] of Object.entries(expected)) {
    it(preset, async () => {
      const read = await readExport(sample(preset), { preset: preset as PresetName, now: NOW });
      expect(read.dropped.map((d) => d.header)).toEqual(want.dropped);
      expect(read.outcome.kind, JSON.stringify(read.outcome)).toBe('ok');
      if (read.outcome.kind !== 'ok') return;
      expect(read.outcome.rows).toHaveLength(want.rows);
      // Nothing patron-level survives: no email, no user id, in any stored value.
      const stored = JSON.stringify(expandRows(read.outcome.rows));
      expect(stored).not.toMatch(/@|jdoe|U100233|p0012|Jane/);
    });
  }

  it('reads encodings and delimiters as they come', async () => {
    const alma = await readExport(sample('alma'), { preset: 'alma', now: NOW });
    expect(alma.shape).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(alma.outcome.kind === 'ok' && expandRows(alma.outcome.rows)[0]).toMatchObject({
      requestDate: '2025-01-03',
      partner: 'Universitätsbibliothek Basel',
      cost: '12.50',
    });
    const illiad = await readExport(sample('illiad'), { preset: 'illiad', now: NOW });
    expect(illiad.shape).toMatchObject({ format: 'csv', encoding: 'utf-8 (BOM)' });
    // The formula stays text: never evaluated.
    expect(illiad.outcome.kind === 'ok' && expandRows(illiad.outcome.rows)[5]?.partner).toBe(
      '=HYPERLINK("http://example.test")',
    );
    expect((await readExport(sample('rapido'), { preset: 'rapido', now: NOW })).shape).toMatchObject({
      delimiter: '\t',
    });
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(SMALL, 'utf16le')]);
    expect(detectEncoding(utf16).encoding).toBe('utf-16le');
    const read16 = await readExport(utf16, { preset: 'custom', mapping: CUSTOM, now: NOW });
    expect(read16.outcome.kind === 'ok' && read16.outcome.rows).toHaveLength(9);
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
  });

  it('reads dates in several forms, day first only when the file says so', () => {
    expect(parseDate('2025-03-04', false)).toBe('2025-03-04');
    expect(parseDate('3/4/2025 9:14 AM', false)).toBe('2025-03-04');
    expect(parseDate('3/4/2025', true)).toBe('2025-04-03');
    expect(parseDate('04.03.2025', false)).toBe('2025-03-04');
    expect(parseDate('4 Mar 2025', false)).toBe('2025-03-04');
    expect(parseDate('2025-02-30', false)).toBeUndefined();
  });
});

describe('the patron-column detector', () => {
  it('drops patron headers and keeps library ones', () => {
    for (const h of [
      'Patron Name',
      'Email',
      'E-mail address',
      'Username',
      'User ID',
      'Barcode',
      'TAddress',
      'Phone',
      'Notes',
      'First name',
      'patronIdentifier',
      'User Primary Identifier',
    ])
      expect(patronHeaderReason(h), h).toBeDefined();
    for (const h of [
      'Partner Name',
      'LendingLibrary',
      'Status',
      'isRequester',
      'Requested On',
      'Title',
      'supplyingInstitutionSymbol',
    ])
      expect(patronHeaderReason(h), h).toBeUndefined();
  });

  it('drops a column whose cells hold email addresses, whatever its header', async () => {
    const read = await readExport(
      bytes(`${SMALL.split('\n')[0]},contact\n2025-01-05,,filled,loan,borrowing,A,,x@example.org\n`),
      {
        preset: 'custom',
        mapping: { ...CUSTOM, partner: 'contact' },
        now: NOW,
      },
    );
    expect(read.dropped).toEqual([{ header: 'contact', reason: 'its cells contain email addresses' }]);
    expect(read.headers).not.toContain('contact');
    expect(read.mapping.partner).toBeUndefined();
  });
});

describe('validation', () => {
  it('lists errors by row and column, and reads nothing into rows', async () => {
    const bad = `${SMALL}2027-01-01,,filled,loan,borrowing,A,\nnot a date,,maybe,book,sideways,A,\n`;
    const read = await readExport(bytes(bad), { preset: 'custom', mapping: CUSTOM, now: NOW });
    expect(read.outcome.kind).toBe('invalid');
    if (read.outcome.kind !== 'invalid') return;
    expect(read.outcome.errorCount).toBe(4);
    expect(read.outcome.errors[0]).toMatchObject({ row: 10, column: 'date', message: '2027-01-01 is in the future' });
    expect(read.outcome.errors.map((e) => [e.row, e.column])).toEqual([
      [10, 'date'],
      [11, 'date'],
      [11, 'status'],
      [11, 'dir'],
    ]);
  });

  it('escapes formulas in CSV downloads', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('Plain, text')).toBe('"Plain, text"');
    expect(csvCell(42)).toBe('42');
  });
});

describe('datasets in the database', () => {
  let t: TestApp;
  let owner: TestUser;
  let other: TestUser;
  const ctx = (u: TestUser) => ({ db: t.database.db, actor: actorFor(u), now: t.clock.now() });
  const rowCount = async (id: number) =>
    Number(
      rowsOf<{ n: number }>(
        await t.database.db.execute(sql`select count(*)::int as n from report_rows where dataset_id = ${id}`),
      )[0]!.n,
    );

  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t.database);
    other = await createUser(t.database);
  });
  afterAll(() => t.close());

  it('computes every measure in SQL, as worked out by hand', async () => {
    const out = await importNewDataset({
      ...ctx(owner),
      name: 'Small',
      preset: 'custom',
      mapping: CUSTOM,
      bytes: bytes(SMALL),
    });
    expect(out.kind).toBe('stored');
    if (out.kind !== 'stored') return;
    const { measures } = await viewDataset({ ...ctx(owner), datasetId: out.datasetId });
    expect(measures.volume).toEqual([
      { month: '2025-01', loan: 2, copy: 1, total: 3 },
      { month: '2025-02', loan: 3, copy: 3, total: 6 },
    ]);
    expect(measures.fillRate).toEqual([
      { direction: 'borrowing', filled: 5, unfilled: 1, rate: 5 / 6 },
      { direction: 'lending', filled: 1, unfilled: 1, rate: 0.5 },
    ]);
    expect(measures.turnaround).toEqual([
      { requestType: 'copy', received: 2, median: 1.5, p90: expect.closeTo(1.9, 9) },
      { requestType: 'loan', received: 3, median: 4, p90: expect.closeTo(8.8, 9) },
    ]);
    expect(measures.balance).toEqual([
      { direction: 'borrowing', requests: 6, filled: 5 },
      { direction: 'lending', requests: 3, filled: 1 },
    ]);
    expect(measures.partners).toEqual([
      { partner: 'A', requests: 3, filled: 3 },
      { partner: 'B', requests: 3, filled: 2 },
      { partner: 'C', requests: 3, filled: 1 },
    ]);
    expect(measures.unfilledReasons).toEqual([
      { reason: 'In use', requests: 1 },
      { reason: 'Not owned', requests: 1 },
    ]);
  });

  it('stores nothing from a file with one bad row', async () => {
    const before = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from report_datasets`),
    )[0]!.n;
    const out = await importNewDataset({
      ...ctx(owner),
      name: 'Bad',
      preset: 'custom',
      mapping: CUSTOM,
      bytes: bytes(`${SMALL}2025-03-01,,lost,loan,borrowing,A,\n`),
    });
    expect(out.kind).toBe('invalid');
    const after = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from report_datasets`),
    )[0]!.n;
    expect(after).toBe(before);
  });

  it('replaces the period a new file covers, never duplicating it, and keeps other periods', async () => {
    const first = await importNewDataset({
      ...ctx(owner),
      name: 'Periods',
      preset: 'custom',
      mapping: CUSTOM,
      bytes: bytes(SMALL),
    });
    if (first.kind !== 'stored') throw new Error(first.kind);
    expect(await rowCount(first.datasetId)).toBe(9);
    // The same file again: still 9.
    const again = await importIntoDataset({ ...ctx(owner), datasetId: first.datasetId, bytes: bytes(SMALL) });
    expect(again.kind === 'stored' && again.replaced).toBe(9);
    expect(await rowCount(first.datasetId)).toBe(9);
    // February alone, with two rows: January's 3 stay, February's 6 become 2.
    const feb = `${SMALL.split('\n')[0]}\n2025-02-01,,filled,loan,borrowing,A,\n2025-02-28,,filled,copy,lending,D,\n`;
    const replaced = await importIntoDataset({ ...ctx(owner), datasetId: first.datasetId, bytes: bytes(feb) });
    expect(replaced.kind === 'stored' && replaced.replaced).toBe(6);
    expect(await rowCount(first.datasetId)).toBe(5);
  });

  it('shows a visitor the public parts at /reports, and the menu leads there', async () => {
    const page = await t.app.request('/reports');
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const href of ['/reports/examples', '/reports/recipes', '/reports/reference'])
      expect(html).toContain(`href="${href}"`);
    expect(html).toContain('href="/reports">Reports</a>');
    // Nothing of anyone's datasets, and no upload form for a visitor.
    expect(html).not.toContain('Your datasets');
    expect(html).not.toContain('href="/reports/datasets/new"');
  });

  it('is private: another member is told it does not exist (404), in use cases and over HTTP', async () => {
    const out = await importNewDataset({
      ...ctx(owner),
      name: 'Mine',
      preset: 'worldshare',
      bytes: sample('worldshare'),
    });
    if (out.kind !== 'stored') throw new Error(out.kind);
    await expect(viewDataset({ ...ctx(other), datasetId: out.datasetId })).rejects.toMatchObject({
      code: 'reports.not_found',
    });
    await expect(
      importIntoDataset({ ...ctx(other), datasetId: out.datasetId, bytes: sample('worldshare') }),
    ).rejects.toMatchObject({ code: 'reports.not_found' });
    const client = await clientFor(t, other);
    for (const path of [`/reports/datasets/${out.datasetId}`, `/reports/datasets/${out.datasetId}/volume.csv`])
      expect((await client.get(path)).status, path).toBe(404);
    const token = await client.csrf('/reports/datasets/new');
    const del = await client.post(`/reports/datasets/${out.datasetId}/delete`, {}, { csrf: token });
    expect(del.status).toBe(404);
    const mine = await clientFor(t, owner);
    const page = await mine.get(`/reports/datasets/${out.datasetId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Patron Email');
    expect(html).not.toContain('jane.doe@example.edu');
  });

  it('uploads over HTTP: a preset file lands on its dataset page; a file over the limit is refused with 413', async () => {
    const client = await clientFor(t, owner);
    const token = await client.csrf('/reports/datasets/new');
    const form = multipartBody(
      { _csrf: token, name: 'ReShare 2025', preset: 'reshare' },
      { file: new File([sample('reshare')], 'reshare.csv', { type: 'text/csv' }) },
    );
    const res = await client.request('/reports/datasets/new', { method: 'POST', body: form, headers: SAME_ORIGIN });
    expect(res.status).toBe(303);
    const page = await (await client.get(res.headers.get('location')!)).text();
    expect(page).toContain('Imported 5 requests.');
    expect(page).toContain('<caption>Fill rate</caption>');
    const big = multipartBody(
      { _csrf: token, name: 'Big', preset: 'illiad' },
      { file: new File([new Uint8Array(21 * 1024 * 1024)], 'big.csv') },
    );
    const refused = await client.request('/reports/datasets/new', { method: 'POST', body: big, headers: SAME_ORIGIN });
    expect(refused.status).toBe(413);
    expect(await refused.text()).toContain('the limit is 20');
  });
});
