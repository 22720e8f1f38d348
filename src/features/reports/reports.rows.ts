/**
 * A file's checked rows, held by column in typed arrays rather than as one object per request: 100,000 requests
 * take about 3 MB instead of tens of MB of small objects, cross from the reading thread to the hub without being
 * rebuilt, and are written in batches as column arrays (reports.repository.ts `replacePeriod`). Partners and
 * unfilled reasons repeat, so each distinct text is kept once.
 */
import {
  type DatasetRow,
  type Direction,
  DIRECTIONS,
  REQUEST_TYPES,
  type RequestType,
  STATUSES,
  type Status,
} from './reports.models';

export interface RowColumns {
  length: number;
  /** Days since 1970-01-01. */
  requestDay: Int32Array;
  /** Days since 1970-01-01, or NO_DAY. */
  receivedDay: Int32Array;
  /** Indexes into STATUSES, REQUEST_TYPES, DIRECTIONS. */
  status: Uint8Array;
  requestType: Uint8Array;
  direction: Uint8Array;
  /** Indexes into `texts`, or -1 for none. */
  partner: Int32Array;
  unfilledReason: Int32Array;
  /** Whole cents, or NaN for none (exact: a cost has at most 9 digits and 2 decimals). */
  costCents: Float64Array;
  texts: string[];
}

export const NO_DAY = -2_147_483_648;
const DAY_MS = 86_400_000;

const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
export const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Rows added one at a time into columns sized for `capacity` rows (the reader counted them first). */
export class RowColumnsBuilder {
  private readonly cols: RowColumns;
  private readonly textIndex = new Map<string, number>();

  constructor(capacity: number) {
    this.cols = {
      length: 0,
      requestDay: new Int32Array(capacity),
      receivedDay: new Int32Array(capacity),
      status: new Uint8Array(capacity),
      requestType: new Uint8Array(capacity),
      direction: new Uint8Array(capacity),
      partner: new Int32Array(capacity),
      unfilledReason: new Int32Array(capacity),
      costCents: new Float64Array(capacity),
      texts: [],
    };
  }

  private text(value: string | null): number {
    if (value === null) return -1;
    let i = this.textIndex.get(value);
    if (i === undefined) {
      i = this.cols.texts.push(value) - 1;
      this.textIndex.set(value, i);
    }
    return i;
  }

  push(row: DatasetRow): void {
    const c = this.cols;
    const i = c.length;
    if (i >= c.requestDay.length) throw new Error('more rows than the reader counted');
    c.requestDay[i] = dayOf(row.requestDate);
    c.receivedDay[i] = row.receivedDate === null ? NO_DAY : dayOf(row.receivedDate);
    c.status[i] = STATUSES.indexOf(row.status);
    c.requestType[i] = REQUEST_TYPES.indexOf(row.requestType);
    c.direction[i] = DIRECTIONS.indexOf(row.direction);
    c.partner[i] = this.text(row.partner);
    c.unfilledReason[i] = this.text(row.unfilledReason);
    c.costCents[i] = row.cost === null ? Number.NaN : Math.round(Number(row.cost) * 100);
    c.length = i + 1;
  }

  /** The columns, trimmed to the rows added. */
  build(): RowColumns {
    const c = this.cols;
    const n = c.length;
    return {
      length: n,
      requestDay: c.requestDay.slice(0, n),
      receivedDay: c.receivedDay.slice(0, n),
      status: c.status.slice(0, n),
      requestType: c.requestType.slice(0, n),
      direction: c.direction.slice(0, n),
      partner: c.partner.slice(0, n),
      unfilledReason: c.unfilledReason.slice(0, n),
      costCents: c.costCents.slice(0, n),
      texts: c.texts,
    };
  }
}

/** One row back as values ("2025-01-03", "filled", "12.00"…). */
export function rowAt(c: RowColumns, i: number): DatasetRow {
  const cents = c.costCents[i]!;
  return {
    requestDate: isoOfDay(c.requestDay[i]!),
    receivedDate: c.receivedDay[i] === NO_DAY ? null : isoOfDay(c.receivedDay[i]!),
    status: STATUSES[c.status[i]!] as Status,
    requestType: REQUEST_TYPES[c.requestType[i]!] as RequestType,
    direction: DIRECTIONS[c.direction[i]!] as Direction,
    partner: c.partner[i]! < 0 ? null : c.texts[c.partner[i]!]!,
    unfilledReason: c.unfilledReason[i]! < 0 ? null : c.texts[c.unfilledReason[i]!]!,
    cost: Number.isNaN(cents) ? null : `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
  };
}

/** Every row as values: for tests and small files, never for a whole upload in the hub. */
export function expandRows(c: RowColumns): DatasetRow[] {
  return Array.from({ length: c.length }, (_, i) => rowAt(c, i));
}

/** A PostgreSQL array literal of texts (NULL for null), for one parameter: `'{"a","b",NULL}'::text[]`. */
export function arrayLiteral(values: ReadonlyArray<string | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (m) => `\\${m}`)}"`)).join(',')}}`;
}

/** Rows `from`…`to` (exclusive) as one array literal per column, in the table's column order. */
export function batchLiterals(c: RowColumns, from: number, to: number) {
  const rows = Array.from({ length: to - from }, (_, k) => rowAt(c, from + k));
  return {
    requestDate: arrayLiteral(rows.map((r) => r.requestDate)),
    receivedDate: arrayLiteral(rows.map((r) => r.receivedDate)),
    status: arrayLiteral(rows.map((r) => r.status)),
    requestType: arrayLiteral(rows.map((r) => r.requestType)),
    direction: arrayLiteral(rows.map((r) => r.direction)),
    partner: arrayLiteral(rows.map((r) => r.partner)),
    unfilledReason: arrayLiteral(rows.map((r) => r.unfilledReason)),
    cost: arrayLiteral(rows.map((r) => r.cost)),
  };
}
