import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { multipartBody, SAME_ORIGIN } from '../../../test/helpers/http';
import { worldshareWorkbook } from '../../../test/helpers/xlsx';
import { expandRows } from './reports.rows';
import { readExport } from './reports.import';
import { cellText, openWorkbook, unpackedSize } from './reports.xlsx';

const NOW = new Date('2026-03-02T15:00:00Z');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HYPERLINK = '=HYPERLINK("http://example.test","XYZ")';

describe('reading an Excel workbook', () => {
  it('reads a one-sheet workbook through the same presets, privacy and validation as a CSV', async () => {
    const read = await readExport(await worldshareWorkbook(), { preset: 'worldshare', now: NOW });
    expect(read.shape).toEqual({ format: 'xlsx', sheets: ['Requests'], sheet: 'Requests' });
    expect(read.dropped.map((d) => d.header)).toEqual(['Patron Name', 'Patron Email']);
    expect(read.outcome.kind, JSON.stringify(read.outcome)).toBe('ok');
    if (read.outcome.kind !== 'ok') return;
    // The same rows as the CSV sample, but for the two formula cells.
    const csv = await readExport(
      new Uint8Array(readFileSync(join(import.meta.dirname, '../../../content/reports/samples/worldshare.csv'))),
      {
        preset: 'worldshare',
        now: NOW,
      },
    );
    if (csv.outcome.kind !== 'ok') throw new Error(csv.outcome.kind);
    const expected = expandRows(csv.outcome.rows).map((r, i) =>
      i === 2 ? { ...r, partner: HYPERLINK } : i === 0 ? { ...r, cost: '12.00' } : r,
    );
    const rows = expandRows(read.outcome.rows);
    expect(rows).toEqual(expected);
    expect(rows[0]).toMatchObject({
      requestDate: '2025-01-06',
      receivedDate: '2025-01-14',
      cost: '12.00',
    });
    expect(JSON.stringify(rows)).not.toMatch(/@|Jane|Amir/);
  });

  it('keeps a formula as text (its stored result when the file has one), never computing it', () => {
    expect(cellText({ formula: 'HYPERLINK("http://example.test","XYZ")' } as never)).toBe(HYPERLINK);
    expect(cellText({ formula: '1+1', result: 7 } as never)).toBe('7');
    expect(cellText({ sharedFormula: 'A1', result: 'filled' } as never)).toBe('filled');
    expect(cellText({ richText: [{ text: 'Closed - ' }, { text: 'Filled' }] } as never)).toBe('Closed - Filled');
    expect(cellText(new Date('2025-03-04T00:00:00Z'))).toBe('2025-03-04');
  });

  it('asks which sheet when there are several, and reads the one chosen', async () => {
    const bytes = await worldshareWorkbook({ notes: true });
    const ask = await readExport(bytes, { preset: 'worldshare', now: NOW });
    expect(ask.outcome.kind).toBe('choose-sheet');
    expect(ask.shape).toEqual({ format: 'xlsx', sheets: ['About', 'Requests'], sheet: undefined });
    expect((await readExport(bytes, { preset: 'worldshare', now: NOW, sheet: 'Nope' })).outcome.kind).toBe(
      'choose-sheet',
    );
    const chosen = await readExport(bytes, { preset: 'worldshare', now: NOW, sheet: 'Requests' });
    expect(chosen.outcome.kind === 'ok' && chosen.outcome.rows.length).toBe(6);
  });

  it('refuses a whole workbook with one bad row, listing the row and column', async () => {
    const read = await readExport(await worldshareWorkbook({ badStatus: true }), { preset: 'worldshare', now: NOW });
    expect(read.outcome).toMatchObject({ kind: 'invalid', errorCount: 1, errors: [{ row: 7, column: 'Status' }] });
  });

  it('refuses a zip that claims to unpack to more than the limit, before opening it', async () => {
    const bytes = await worldshareWorkbook();
    expect(unpackedSize(bytes)).toBeGreaterThan(1000);
    // Make the central directory's first entry claim 4 GB.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = bytes.length - 22;
    while (view.getUint32(at, true) !== 0x06054b50) at--;
    view.setUint32(view.getUint32(at + 16, true) + 24, 0xfffffff0, true);
    await expect(openWorkbook(bytes)).rejects.toThrow(/more than 200 MB/);
    await expect(openWorkbook(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).rejects.toThrow(/neither a CSV/);
  });
});

describe('uploading a workbook', () => {
  let t: TestApp;
  let owner: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await createUser(t.database);
  });
  afterAll(() => t.close());

  it('asks for the sheet on the same form (400), then stores the chosen one; formulas download escaped', async () => {
    const client = await clientFor(t, owner);
    const token = await client.csrf('/reports/datasets/new');
    const file = new File([Buffer.from(await worldshareWorkbook({ notes: true }))], 'worldshare.xlsx', {
      type: XLSX_TYPE,
    });
    const post = (fields: Record<string, string>) =>
      client.request('/reports/datasets/new', {
        method: 'POST',
        body: multipartBody({ _csrf: token, name: 'From Excel', preset: 'worldshare', ...fields }, { file }),
        headers: SAME_ORIGIN,
      });
    const ask = await post({});
    expect(ask.status).toBe(400);
    const html = await ask.text();
    expect(html).toMatch(/<label for="f-sheet">Which sheet holds the requests/);
    expect(html).toContain('<option value="Requests">Requests</option>');
    expect(html).toContain('Choose the sheet that holds the requests.');
    expect(html).toContain('Choose the file again (nothing was kept)');

    const stored = await post({ sheet: 'Requests' });
    expect(stored.status).toBe(303);
    const page = await (await client.get(stored.headers.get('location')!)).text();
    expect(page).toContain('Imported 6 requests.');
    expect(page).toContain('Patron Email');
    const csv = await (await client.get(`${stored.headers.get('location')!.split('?')[0]}/partners.csv`)).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://example.test"",""XYZ"")",1,1`);
  });
});
