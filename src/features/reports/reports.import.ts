/**
 * An export read into dataset rows: patron columns dropped first (reports.privacy.ts), the mapping applied (a
 * preset's or the member's), then every row checked. Pure: nothing here touches the database, so a refused file
 * cannot leave anything behind.
 */
import { type CsvShape, csvRecords, csvShape, type Upload, uploadBytes } from './reports.csv';
import { reportsErrors } from './reports.errors';
import {
  type Direction,
  DIRECTIONS,
  type DroppedColumn,
  FIELD_LABELS,
  FIELDS,
  type Field,
  type PresetName,
  REPORT_LIMITS,
  REQUIRED_FIELDS,
  type RowError,
} from './reports.models';
import { type RowColumns, RowColumnsBuilder } from './reports.rows';
import { directionOf, PRESET_DEFINITIONS, type Preset, presetMapping, statusOf, typeOf } from './reports.presets';
import { looksLikeXlsx, openWorkbook } from './reports.xlsx';
import { EMAIL_CONTENT_REASON, looksLikeEmail, patronColumnsByHeader } from './reports.privacy';

export type Mapping = Partial<Record<Field, string>> & { fixedDirection?: Direction };

export type ReadOutcome =
  | { kind: 'needs-mapping' }
  /** A workbook with several sheets and none (or one it lacks) chosen: the member picks one. */
  | { kind: 'choose-sheet' }
  | { kind: 'invalid'; errors: RowError[]; errorCount: number }
  | { kind: 'ok'; rows: RowColumns; period: { from: string; to: string } };

/** How the file was read: a CSV's encoding and delimiter, or a workbook's sheets and the one read. */
export type FileShape =
  | ({ format: 'csv' } & CsvShape)
  | { format: 'xlsx'; sheets: string[]; sheet: string | undefined };

export interface ReadResult {
  shape: FileShape;
  /** The columns kept (patron columns removed), in the file's order. */
  headers: string[];
  dropped: DroppedColumn[];
  /** The first rows, kept columns only. */
  preview: string[][];
  mapping: Mapping;
  /** Required fields with no column (direction: neither a column nor a fixed value). */
  missing: Field[];
  rowCount: number;
  outcome: ReadOutcome;
}

function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** `records` starts a new pass over the file: it is read twice (first what it holds, then the rows checked). */
type Source = { shape: FileShape; records: () => AsyncIterable<string[]> | Iterable<string[]> };

/** A CSV file streamed, or a workbook's chosen sheet (undefined: there are several and none was chosen). */
async function sourceOf(bytes: Uint8Array, sheet: string | undefined): Promise<Source> {
  if (!looksLikeXlsx(bytes)) {
    const shape = csvShape(bytes);
    return {
      shape: { format: 'csv', encoding: shape.encoding, delimiter: shape.delimiter },
      records: () => csvRecords(bytes, shape),
    };
  }
  const workbook = await openWorkbook(bytes);
  const chosen = workbook.sheets.length === 1 ? workbook.sheets[0] : workbook.sheets.find((s) => s === sheet);
  return {
    shape: { format: 'xlsx', sheets: workbook.sheets, sheet: chosen },
    records: () => (chosen === undefined ? [] : workbook.records(chosen)),
  };
}

/**
 * Read a file (CSV, or an Excel workbook's sheet). `mapping` is the member's (custom, or a saved dataset's);
 * without it a preset's columns are looked up. `mapping === undefined` with the custom preset asks for the mapping
 * screen; a workbook with several sheets and no `sheet` among them asks which sheet.
 */
export async function readExport(
  upload: Upload,
  options: { preset: PresetName; mapping?: Mapping | undefined; now: Date; sheet?: string | undefined },
): Promise<ReadResult> {
  const bytes = await uploadBytes(upload);
  if (bytes.length === 0) throw reportsErrors.refused('the file is empty');
  const { shape, records } = await sourceOf(bytes, options.sheet);
  if (shape.format === 'xlsx' && shape.sheet === undefined) {
    if (shape.sheets.length === 0) throw reportsErrors.refused('the workbook has no sheets');
    return {
      shape,
      headers: [],
      dropped: [],
      preview: [],
      mapping: {},
      missing: [],
      rowCount: 0,
      outcome: { kind: 'choose-sheet' },
    };
  }
  const preset: Preset | undefined = options.preset === 'custom' ? undefined : PRESET_DEFINITIONS[options.preset];
  // First pass: the header, which columns hold patron data (by name, or an email in any cell), the preview, the
  // count, and whether slash dates are day first. No row is kept but the preview's.
  let all: string[] = [];
  let byHeader = new Map<number, DroppedColumn>();
  const emailColumns = new Set<number>();
  const dayFirstColumns = new Set<number>();
  const firstRows: string[][] = [];
  let rowCount = 0;
  let headerSeen = false;
  for await (const record of records()) {
    if (!headerSeen) {
      headerSeen = true;
      if (record.length > REPORT_LIMITS.maxColumns)
        throw reportsErrors.refused(`the file has ${record.length} columns; at most ${REPORT_LIMITS.maxColumns}`);
      all = uniqueHeaders(record);
      byHeader = patronColumnsByHeader(all);
      continue;
    }
    if (rowCount >= REPORT_LIMITS.maxRows)
      throw reportsErrors.refused(`the file has more than ${REPORT_LIMITS.maxRows.toLocaleString('en')} rows`);
    record.forEach((cell, i) => {
      if (!byHeader.has(i) && !emailColumns.has(i) && looksLikeEmail(cell)) emailColumns.add(i);
      if (!dayFirstColumns.has(i) && DAY_FIRST.test(cell)) dayFirstColumns.add(i);
    });
    if (firstRows.length < REPORT_LIMITS.previewRows) firstRows.push(record);
    rowCount++;
  }
  if (!headerSeen)
    throw reportsErrors.refused(shape.format === 'xlsx' ? `the sheet “${shape.sheet}” is empty` : 'the file is empty');
  if (rowCount === 0) throw reportsErrors.refused('the file has a header but no rows');

  const dropped: DroppedColumn[] = [];
  const keptIdx: number[] = [];
  all.forEach((header, i) => {
    const byName = byHeader.get(i);
    if (byName) dropped.push(byName);
    else if (emailColumns.has(i)) dropped.push({ header, reason: EMAIL_CONTENT_REASON });
    else keptIdx.push(i);
  });
  const headers = keptIdx.map((i) => all[i]!);
  const indexOf = new Map(keptIdx.map((i) => [all[i]!, i]));

  // The mapping, restricted to kept columns: a dropped column is never read.
  const wanted: Mapping = options.mapping ?? (preset ? presetMapping(preset, headers) : {});
  const mapping: Mapping = {};
  for (const f of FIELDS) {
    const h = wanted[f];
    if (h && indexOf.has(h)) mapping[f] = h;
  }
  if (!mapping.direction && wanted.fixedDirection && DIRECTIONS.includes(wanted.fixedDirection))
    mapping.fixedDirection = wanted.fixedDirection;
  const missing = REQUIRED_FIELDS.filter((f) => !mapping[f]);
  if (!mapping.direction && !mapping.fixedDirection) missing.push('direction');
  const preview = firstRows.map((r) => keptIdx.map((i) => r[i] ?? ''));
  const base = { shape, headers, dropped, preview, mapping, missing, rowCount };
  if (missing.length > 0 || (options.preset === 'custom' && !options.mapping))
    return { ...base, outcome: { kind: 'needs-mapping' } };

  // Second pass: each row's mapped cells checked and added to the columns as it is read.
  const fieldIndex = FIELDS.flatMap((f) => (mapping[f] ? [[f, indexOf.get(mapping[f]!)!] as [Field, number]] : []));
  const dateColumns = [mapping.requestDate, mapping.receivedDate].flatMap((h) => (h ? [indexOf.get(h)!] : []));
  const checker = new RowChecker(
    mapping,
    preset,
    options.now,
    dateColumns.some((i) => dayFirstColumns.has(i)),
    rowCount,
  );
  let n = -1;
  for await (const record of records()) {
    if (n++ < 0) continue;
    const cells: Partial<Record<Field, string>> = {};
    for (const [f, i] of fieldIndex) cells[f] = (record[i] ?? '').trim();
    checker.check(cells, n);
  }
  return { ...base, outcome: checker.outcome() };
}

/** A slash date whose first part is over 12: the file writes dates day first (else month first, as US exports do). */
const DAY_FIRST = /^(1[3-9]|2\d|3[01])\/\d{1,2}\/\d{2,4}/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TIME = String.raw`(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AP]M)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const ISO = new RegExp(`^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})${TIME}$`, 'i');
const SLASH = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4}|\\d{2})${TIME}$`, 'i');
const DOTS = new RegExp(`^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})${TIME}$`, 'i');
const WORDS = /^(\d{1,2})[ -]([a-z]{3})[a-z]*\.?[ -,]*(\d{4})$/i;

/** A date in one of the accepted forms, as YYYY-MM-DD (the date as written: times and zones are ignored). */
export function parseDate(value: string, dayFirst: boolean): string | undefined {
  const ymd = dateParts(value, dayFirst);
  if (!ymd) return undefined;
  const [y, m, d] = ymd;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

function dateParts(value: string, dayFirst: boolean): [number, number, number] | undefined {
  const iso = value.match(ISO);
  if (iso) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  const slash = value.match(SLASH);
  if (slash) {
    const [a, b] = [Number(slash[1]), Number(slash[2])];
    const y = Number(slash[3]);
    return [y < 100 ? y + 2000 : y, dayFirst ? b : a, dayFirst ? a : b];
  }
  const dots = value.match(DOTS);
  if (dots) return [Number(dots[3]), Number(dots[2]), Number(dots[1])];
  const words = value.match(WORDS);
  if (words) {
    const month = MONTHS.indexOf(words[2]!.toLowerCase());
    if (month >= 0) return [Number(words[3]), month + 1, Number(words[1])];
  }
  return undefined;
}

const MONEY = /^(?:[A-Z]{3}\s*)?[$€£]?\s*(-?)(\d{1,9})(?:[.,](\d{1,2}))?$/;

/** Every row checked as it is read: the valid ones kept by column, the errors counted (the first 100 kept). */
class RowChecker {
  private readonly today: string;
  private readonly errors: RowError[] = [];
  private errorCount = 0;
  private readonly rows: RowColumnsBuilder;
  private from = '9999-12-31';
  private to = '0000-01-01';

  constructor(
    private readonly mapping: Mapping,
    private readonly preset: Preset | undefined,
    now: Date,
    private readonly dayFirst: boolean,
    capacity: number,
  ) {
    this.today = now.toISOString().slice(0, 10);
    this.rows = new RowColumnsBuilder(capacity);
  }

  private fail(row: number, field: Field, message: string): void {
    this.errorCount++;
    if (this.errors.length < 100)
      this.errors.push({ row, column: this.mapping[field] ?? FIELD_LABELS[field], message });
  }

  check(r: Partial<Record<Field, string>>, n: number): void {
    const { today, dayFirst, preset, mapping } = this;
    const fail = (field: Field, message: string) => this.fail(n, field, message);
    const requestDate = r.requestDate ? parseDate(r.requestDate, dayFirst) : undefined;
    if (!r.requestDate) fail('requestDate', 'the request date is empty');
    else if (!requestDate) fail('requestDate', `“${r.requestDate.slice(0, 40)}” is not a date we can read`);
    else if (requestDate > today) fail('requestDate', `${requestDate} is in the future`);
    let receivedDate: string | null = null;
    if (r.receivedDate) {
      const parsed = parseDate(r.receivedDate, dayFirst);
      if (!parsed) fail('receivedDate', `“${r.receivedDate.slice(0, 40)}” is not a date we can read`);
      else if (parsed > today) fail('receivedDate', `${parsed} is in the future`);
      else if (requestDate && parsed < requestDate) fail('receivedDate', 'received before it was requested');
      else receivedDate = parsed;
    }
    const status = r.status ? statusOf(r.status, preset) : undefined;
    if (!status)
      fail(
        'status',
        `“${(r.status ?? '').slice(0, 40)}” is not a status we know (requested, shipped, received, filled, unfilled, cancelled)`,
      );
    const requestType = r.requestType ? typeOf(r.requestType) : undefined;
    if (!requestType) fail('requestType', `“${(r.requestType ?? '').slice(0, 40)}” is neither a loan nor a copy`);
    const direction = mapping.fixedDirection ?? (r.direction ? directionOf(r.direction, preset) : undefined);
    if (!direction) fail('direction', `“${(r.direction ?? '').slice(0, 40)}” is neither borrowing nor lending`);
    let cost: string | null = null;
    if (r.cost) {
      const money = r.cost.match(MONEY);
      if (!money) fail('cost', `“${r.cost.slice(0, 40)}” is not an amount`);
      else if (money[1] === '-') fail('cost', 'a cost cannot be negative');
      else cost = `${money[2]}.${(money[3] ?? '0').padEnd(2, '0')}`;
    }
    // A file with an error stores nothing, so after the first the rows are only checked.
    if (this.errorCount > 0) return;
    if (requestDate! < this.from) this.from = requestDate!;
    if (requestDate! > this.to) this.to = requestDate!;
    this.rows.push({
      requestDate: requestDate!,
      receivedDate,
      status: status!,
      requestType: requestType!,
      direction: direction!,
      partner: r.partner ? r.partner.slice(0, 200) : null,
      unfilledReason: status === 'unfilled' && r.unfilledReason ? r.unfilledReason.slice(0, 200) : null,
      cost,
    });
  }

  outcome(): ReadOutcome {
    if (this.errorCount > 0) return { kind: 'invalid', errors: this.errors, errorCount: this.errorCount };
    return { kind: 'ok', rows: this.rows.build(), period: { from: this.from, to: this.to } };
  }
}
