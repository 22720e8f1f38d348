/** The measures as tables (caption, column headings, rows), for the page and for each table's CSV download. */
import { csvCell } from '../../platform/http/csv';
import type { Measures } from './reports.repository';

export interface MeasureTable {
  slug: string;
  caption: string;
  /** What the figures mean, in a sentence. */
  about: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const days = (d: number | null) => (d === null ? '—' : Number(d.toFixed(1)));

export function measureTables(m: Measures): MeasureTable[] {
  return [
    {
      slug: 'volume',
      caption: 'Requests by month and type',
      about: 'Every request, by the month it was made.',
      columns: ['Month', 'Loans', 'Copies', 'Total'],
      rows: m.volume.map((r) => [r.month, r.loan, r.copy, r.total]),
    },
    {
      slug: 'fill-rate',
      caption: 'Fill rate',
      about:
        'Filled (received or filled; for lending also shipped) out of filled and unfilled requests. Cancelled and open requests are left out.',
      columns: ['Direction', 'Filled', 'Unfilled', 'Fill rate'],
      rows: m.fillRate.map((r) => [r.direction, r.filled, r.unfilled, pct(r.rate)]),
    },
    {
      slug: 'turnaround',
      caption: 'Turnaround in days, request to receipt',
      about: 'Requests with a received date; median and 90th percentile (interpolated).',
      columns: ['Type', 'Requests received', 'Median days', '90th percentile days'],
      rows: m.turnaround.map((r) => [r.requestType, r.received, days(r.median), days(r.p90)]),
    },
    {
      slug: 'turnaround-partners',
      caption: 'Turnaround in days by partner',
      about: 'Requests with a received date, by partner (the 20 with the most); median and 90th percentile.',
      columns: ['Partner', 'Requests received', 'Median days', '90th percentile days'],
      rows: (m.turnaroundByPartner ?? []).map((r) => [r.partner, r.received, days(r.median), days(r.p90)]),
    },
    {
      slug: 'balance',
      caption: 'Borrowing and lending balance',
      about: 'Requests and filled requests in each direction.',
      columns: ['Direction', 'Requests', 'Filled'],
      rows: m.balance.map((r) => [r.direction, r.requests, r.filled]),
    },
    {
      slug: 'partners',
      caption: 'Top partners',
      about: 'The ten partners with the most requests.',
      columns: ['Partner', 'Requests', 'Filled'],
      rows: m.partners.map((r) => [r.partner, r.requests, r.filled]),
    },
    {
      slug: 'unfilled-reasons',
      caption: 'Unfilled reasons',
      about: 'Why unfilled requests were not filled, as the export says.',
      columns: ['Reason', 'Requests'],
      rows: m.unfilledReasons.map((r) => [r.reason, r.requests]),
    },
  ];
}

/** A CSV cell: quoted when needed, and a leading = + - @ (or tab/CR) escaped so a spreadsheet never runs it. */
export { csvCell } from '../../platform/http/csv';

export function tableCsv(table: MeasureTable): string {
  return [table.columns, ...table.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
