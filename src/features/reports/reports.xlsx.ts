/**
 * Reading an Excel workbook (.xlsx) into records, like a CSV's: the sheet the member chose (asked when there are
 * several), every cell as text. Nothing is computed: a formula cell reads as the result the file already holds,
 * or, when it holds none, as the formula's own text ("=…"), which the pipeline then treats like any other text.
 */
import type ExcelJS from 'exceljs';
import { reportsErrors } from './reports.errors';

/** A zip file (an .xlsx is one) starts "PK\x03\x04". */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Unpacked, a workbook may hold at most this much: a small zip that unpacks to gigabytes is refused unopened. */
export const XLSX_UNPACKED_LIMIT = 200 * 1024 * 1024;

/** The sum of the uncompressed sizes in the zip's central directory (undefined when there is none to read). */
export function unpackedSize(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 + 65,535 bytes.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const entries = view.getUint16(at + 10, true);
    let p = view.getUint32(at + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return undefined;
      total += view.getUint32(p + 24, true);
      p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    return total;
  }
  return undefined;
}

type Cell = ExcelJS.CellValue | undefined;

/** A cell as text: dates as YYYY-MM-DD, rich text joined, a formula's stored result (never computed). */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result !== undefined && result !== null && typeof result !== 'object') return String(result);
    if (result instanceof Date) return cellText(result);
    if (result && typeof result === 'object' && 'error' in result) return String(result.error);
    const formula = 'formula' in value ? value.formula : (value as { sharedFormula: string }).sharedFormula;
    return `=${formula ?? ''}`;
  }
  if ('text' in value) return cellText(value.text as Cell);
  return '';
}

export interface Workbook {
  sheets: string[];
  /** The chosen sheet's non-empty rows, every cell as trimmed text (the header first). */
  records(sheet: string): string[][];
}

export async function openWorkbook(bytes: Uint8Array): Promise<Workbook> {
  const unpacked = unpackedSize(bytes);
  if (unpacked === undefined) throw reportsErrors.refused('the file is neither a CSV file nor an Excel workbook');
  if (unpacked > XLSX_UNPACKED_LIMIT)
    throw reportsErrors.refused('the workbook unpacks to more than 200 MB; export a shorter period');
  // Loaded on the first workbook, not by every worker thread (they serve other tasks too).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw reportsErrors.refused('the file looks like a zip archive but is not an Excel workbook we can read');
  }
  const worksheets = workbook.worksheets;
  return {
    sheets: worksheets.map((w) => w.name),
    records(sheet) {
      const ws = worksheets.find((w) => w.name === sheet);
      if (!ws) return [];
      const out: string[][] = [];
      ws.eachRow({ includeEmpty: false }, (row) => {
        const values = row.values as Cell[];
        const record: string[] = [];
        // row.values starts at index 1.
        for (let i = 1; i < values.length; i++) record.push(cellText(values[i]).trim());
        if (record.some((c) => c !== '')) out.push(record);
      });
      return out;
    },
  };
}
