// Reading an export runs in its own worker thread: the same answer as reading it in place, refusals thrown again
// as the same error, and a file of 100,000 rows read within the thread's own heap.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors';
import { readExport } from './reports.import';
import { readExportOffThread, stopReadPool } from './reports.read-task';

const SAMPLES = join(import.meta.dirname, '../../../content/reports/samples');
const NOW = new Date('2026-03-02T15:00:00Z');
const encode = (text: string) => new TextEncoder().encode(text);

afterAll(() => stopReadPool());

describe('reading an export off the event loop', () => {
  it('answers as reading it in place does', async () => {
    const bytes = new Uint8Array(readFileSync(join(SAMPLES, 'worldshare.csv')));
    const here = await readExport(bytes, { preset: 'worldshare', now: NOW });
    const there = await readExportOffThread(bytes, { preset: 'worldshare', now: NOW });
    expect(there).toEqual(here);
    expect(there.dropped.map((d) => d.header)).toEqual(['Patron Name', 'Patron Email']);
  });

  it('throws a refusal again as the same error, with its code and words', async () => {
    const refused = await readExportOffThread(encode('Request ID,Requested On\n'), {
      preset: 'worldshare',
      now: NOW,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('reports.file_refused');
    expect((refused as AppError).status).toBe(400);
    expect((refused as AppError).message).toContain('the file has a header but no rows');
  });

  it('reads 100,000 rows within its thread’s heap (more than a shared pool thread may use)', async () => {
    const lines = ['Request ID,Requested On,Status,Type,Role,Partner,Date Received,Reason For No,Cost'];
    for (let i = 0; i < 100_000; i++)
      lines.push(`${i},2025-0${(i % 9) + 1}-1${i % 9},Closed - Filled,Loan,Borrower,OCL,2025-12-20,,0.00`);
    const read = await readExportOffThread(encode(`${lines.join('\n')}\n`), { preset: 'worldshare', now: NOW });
    expect(read.rowCount).toBe(100_000);
    expect(read.outcome.kind).toBe('ok');
  }, 60_000);
});
