/**
 * Writes content/reports/starter/*.csv: one synthetic year (2025) of ILL requests per preset, for the starter
 * report examples (src/features/reports/reports.compose.seed.ts). Deterministic (a seeded generator), so running
 * it again writes the same files. Invented libraries, partners and people: no row describes a real request.
 *
 *   npx tsx scripts/report-starter-samples.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = join(import.meta.dirname, '../content/reports/starter');

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rnd = () => number;
const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const between = (r: Rnd, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const iso = (d: Date) => d.toISOString().slice(0, 10);

interface Req {
  date: Date;
  received: Date | null;
  outcome: 'filled' | 'unfilled' | 'cancelled' | 'open' | 'shipped';
  type: 'loan' | 'copy';
  direction: 'borrowing' | 'lending';
  partner: string;
  reason: string;
  cost: number | null;
}

/** Requests through 2025: `perMonth(m)` a month, with the given shares and turnaround (days) by type. */
function year(
  r: Rnd,
  o: {
    perMonth: (month: number) => number;
    lendingShare: number;
    copyShare: number;
    unfilled: number;
    partners: readonly string[];
    reasons: readonly string[];
    days: (type: 'loan' | 'copy', month: number) => number;
    cost?: (partner: string, type: 'loan' | 'copy') => number | null;
  },
): Req[] {
  const out: Req[] = [];
  for (let month = 0; month < 12; month++) {
    const n = o.perMonth(month);
    for (let i = 0; i < n; i++) {
      const date = new Date(Date.UTC(2025, month, between(r, 1, 28), between(r, 8, 17), between(r, 0, 59)));
      const type = r() < o.copyShare ? 'copy' : 'loan';
      const direction = r() < o.lendingShare ? 'lending' : 'borrowing';
      const x = r();
      const late = month === 11 && date.getUTCDate() > 20;
      const outcome: Req['outcome'] = late
        ? 'open'
        : x < o.unfilled
          ? 'unfilled'
          : x < o.unfilled + 0.03
            ? 'cancelled'
            : direction === 'lending' && r() < 0.25
              ? 'shipped'
              : 'filled';
      const partner = pick(r, o.partners);
      const received =
        outcome === 'filled' && direction === 'borrowing' ? addDays(date, Math.max(0, o.days(type, month))) : null;
      out.push({
        date,
        received: received && received.getUTCFullYear() === 2025 ? received : null,
        outcome: received && received.getUTCFullYear() > 2025 ? 'open' : outcome,
        type,
        direction,
        partner,
        reason: outcome === 'unfilled' ? pick(r, o.reasons) : '',
        cost: o.cost ? o.cost(partner, type) : null,
      });
    }
  }
  return out.sort((a, b) => a.date.getTime() - b.date.getTime());
}

const q = (s: string) => (/[",\n;\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const line = (cells: Array<string | number>, sep = ',') => cells.map((c) => q(String(c))).join(sep);
const READERS = ['A. Reader', 'B. Scholar', 'C. Student', 'D. Faculty', 'E. Visitor', 'F. Researcher'];

// ILLiad at an invented university: byte-order mark, US dates with and without times, quoted partner names with
// commas, IFM fees from some lenders, notes with line breaks, patron columns (dropped on import).
function illiad() {
  const r = prng(2025_01);
  const partners = [
    'Riverside University Library',
    'Lakeside College',
    'University of Westland, Main Library',
    'State Library of Northland',
    'Hillcrest Medical Library',
    'Eastport Public Library',
    'Coastal Institute of Technology',
    'Pinewood University',
    'British Library Document Supply',
    'Southbank Law Library',
  ];
  const reqs = year(r, {
    perMonth: (m) => [26, 30, 32, 28, 24, 14, 10, 16, 34, 36, 32, 20][m]!,
    lendingShare: 0.3,
    copyShare: 0.45,
    unfilled: 0.09,
    partners,
    reasons: ['Not owned', 'In use', 'Non-circulating', 'Lacking volume', 'Not found as cited'],
    days: (t) => (t === 'copy' ? between(r, 0, 4) : between(r, 5, 16)),
    cost: (p) => (p === 'British Library Document Supply' ? 28.5 : p === 'Southbank Law Library' ? 15 : null),
  });
  const status = (q: Req) =>
    q.outcome === 'open'
      ? pick(r, ['Awaiting Request Processing', 'Request Sent', 'In Transit to Lender'])
      : q.outcome === 'unfilled'
        ? 'Cancelled by ILL Staff'
        : q.outcome === 'cancelled'
          ? 'Cancelled by Customer'
          : q.outcome === 'shipped'
            ? 'Item Shipped'
            : q.direction === 'lending'
              ? 'Request Finished'
              : q.type === 'copy'
                ? 'Delivered to Web'
                : pick(r, ['Checked Out to Customer', 'Request Finished', 'Customer Notified via E-Mail']);
  const us = (d: Date, time: boolean) => {
    const day = `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
    if (!time) return day;
    const h = d.getUTCHours();
    return r() < 0.7
      ? `${day} ${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`
      : `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()} ${h}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  };
  const rows = reqs.map((q, i) =>
    line([
      300100 + i,
      `user${between(r, 100, 999)}`,
      q.type === 'loan' ? 'Loan' : 'Article',
      status(q),
      us(q.date, true),
      q.received ? us(q.received, false) : '',
      q.direction === 'lending' ? 'Lending' : 'Borrowing',
      q.partner,
      q.reason,
      q.cost === null ? (r() < 0.5 ? '' : '0') : q.cost.toFixed(2),
      r() < 0.06 ? 'Needed for thesis chapter\nplease rush if possible' : '',
      r() < 0.2 ? `${between(r, 1, 99)} College Road` : '',
    ]),
  );
  const head =
    'TransactionNumber,Username,RequestType,TransactionStatus,CreationDate,ReceiveDate,ProcessType,LendingLibrary,ReasonForCancellation,IFMCost,SpecIns,TAddress';
  writeFileSync(join(OUT, 'illiad.csv'), `\ufeff${[head, ...rows].join('\r\n')}\r\n`);
}

// WorldShare ILL at an invented public library: OCLC-style symbols, statuses with stray spaces and odd case,
// expired requests, patron name and email columns.
function worldshare() {
  const r = prng(2025_02);
  const partners = ['OCL', 'ZAP', 'XYZ', 'NPL', 'RVL', 'HCL', 'MTN', 'BRK', 'SUN', 'QPL'];
  const reqs = year(r, {
    perMonth: (m) => [18, 16, 20, 18, 17, 19, 22, 21, 18, 17, 16, 12][m]!,
    lendingShare: 0.45,
    copyShare: 0.2,
    unfilled: 0.16,
    partners,
    reasons: ['Not on shelf', 'In use', 'Non-circulating', 'Lost', 'Not owned', 'Policy problem'],
    days: (t) => (t === 'copy' ? between(r, 1, 5) : between(r, 6, 18)),
    cost: () => (r() < 0.1 ? 5 : null),
  });
  const status = (q: Req) =>
    q.outcome === 'open'
      ? pick(r, ['Pending', 'Submitted'])
      : q.outcome === 'unfilled'
        ? pick(r, ['Closed - Unfilled', 'Closed - Unfilled', 'Expired'])
        : q.outcome === 'cancelled'
          ? 'Cancelled'
          : q.outcome === 'shipped'
            ? 'In Transit'
            : q.direction === 'borrowing' && r() < 0.3
              ? 'Received/Checked In'
              : pick(r, ['Closed - Filled', 'Closed - Filled ', 'closed - filled']);
  const rows = reqs.map((q, i) =>
    line([
      484120000 + i,
      iso(q.date),
      status(q),
      q.type === 'loan' ? pick(r, ['Loan', 'Loan', 'loan']) : 'Copy',
      q.direction === 'lending' ? 'Lender' : 'Borrower',
      q.partner,
      q.received ? iso(q.received) : '',
      q.reason,
      q.cost === null ? '' : q.cost.toFixed(2),
      q.direction === 'borrowing' ? pick(r, READERS) : '',
      q.direction === 'borrowing' ? `reader${between(r, 10, 99)}@example.org` : '',
    ]),
  );
  const head =
    'Request ID,Requested On,Status,Type,Role,Partner,Date Received,Reason For No,Cost,Patron Name,Patron Email';
  writeFileSync(join(OUT, 'worldshare.csv'), `${[head, ...rows].join('\n')}\n`);
}

// Alma at an invented Swiss university library: semicolons, Windows-1252, day-first dates, decimal commas. From
// July the library scans chapters and articles instead of lending the volume: copies arrive much sooner.
function alma() {
  const r = prng(2025_03);
  const partners = [
    'Universitätsbibliothek Basel',
    'Bibliothèque cantonale et universitaire Lausanne',
    'ETH-Bibliothek',
    'Zentralbibliothek Zürich',
    'Universitätsbibliothek Bern',
    'Bibliothèque de Genève',
    'Staatsbibliothek zu Berlin',
  ];
  const reqs = year(r, {
    perMonth: (m) => [20, 22, 24, 20, 18, 12, 10, 12, 22, 24, 22, 14][m]!,
    lendingShare: 0.4,
    copyShare: 0.5,
    unfilled: 0.08,
    partners,
    reasons: ['Not available', 'Lending restrictions', 'Missing', 'Not held'],
    days: (t, m) => (t === 'copy' ? (m < 6 ? between(r, 4, 10) : between(r, 0, 3)) : between(r, 7, 15)),
    cost: (p) => (p === 'Staatsbibliothek zu Berlin' ? 12.5 : null),
  });
  const ch = (d: Date) =>
    `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
  const status = (q: Req) =>
    q.outcome === 'open'
      ? pick(r, ['Request Sent to Partner', 'Created Borrowing Request'])
      : q.outcome === 'unfilled'
        ? pick(r, ['Rejected by Partner', 'Expired'])
        : q.outcome === 'cancelled'
          ? 'Cancelled by Patron'
          : q.outcome === 'shipped'
            ? q.type === 'copy'
              ? 'Shipped Digitally'
              : 'Shipped Physically'
            : q.direction === 'borrowing'
              ? q.type === 'copy'
                ? 'Received Digitally'
                : pick(r, ['Received Physically', 'Request Completed'])
              : 'Request Completed';
  const rows = reqs.map((q) =>
    line(
      [
        ch(q.date),
        status(q),
        q.type === 'copy' ? 'Digital' : 'Physical',
        q.direction === 'lending' ? 'Lending' : 'Borrowing',
        q.partner,
        q.received ? ch(q.received) : '',
        q.reason,
        q.cost === null ? '' : q.cost.toFixed(2).replace('.', ','),
        `U${between(r, 1000000, 1999999)}`,
        r() < 0.05 ? 'Bitte rasch; merci' : '',
      ],
      ';',
    ),
  );
  const head =
    'Request Creation Date;Request Status;Format;Borrowing/Lending;Partner Name;Received Date;Rejection Reason;Cost;User Primary Identifier;Note';
  writeFileSync(join(OUT, 'alma.csv'), Buffer.from(`${[head, ...rows].join('\r\n')}\r\n`, 'latin1'));
}

// Rapido in an invented pod: tab-separated, ISO timestamps, lending growing month by month, requester emails.
function rapido() {
  const r = prng(2025_04);
  const partners = [
    'Rapido Pod East',
    'Rapido Pod West',
    'Rapido Pod North',
    'Mountain State University',
    'Prairie College',
  ];
  const reqs = year(r, {
    perMonth: (m) => 14 + m * 3,
    lendingShare: 0.62,
    copyShare: 0.4,
    unfilled: 0.07,
    partners,
    reasons: ['Citation error', 'Not on shelf', 'In use', 'Not owned'],
    days: (t) => (t === 'copy' ? between(r, 0, 2) : between(r, 3, 8)),
  });
  const status = (q: Req) =>
    q.outcome === 'open'
      ? 'Pending'
      : q.outcome === 'unfilled'
        ? 'Rejected'
        : q.outcome === 'cancelled'
          ? 'Cancelled'
          : q.outcome === 'shipped'
            ? 'Shipped'
            : q.direction === 'borrowing'
              ? 'Received'
              : 'Complete';
  const rows = reqs.map((q) =>
    [
      q.date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      status(q),
      q.type === 'copy' ? 'Digital' : 'Physical',
      q.direction === 'lending' ? 'Lender' : 'Borrower',
      q.partner,
      q.received ? iso(q.received) : '',
      q.reason,
      q.direction === 'borrowing' && r() < 0.8 ? `requester${between(r, 1, 400)}@example.edu` : '',
    ].join('\t'),
  );
  const head = ['Created', 'Status', 'Request Format', 'Role', 'Partner', 'Received', 'Reason', 'Requester Email'].join(
    '\t',
  );
  writeFileSync(join(OUT, 'rapido.csv'), `${[head, ...rows].join('\n')}\n`);
}

// ReShare in an invented consortium: mod-rs state codes, isRequester true/false, institution symbols, patron ids.
function reshare() {
  const r = prng(2025_05);
  const partners = [
    'RESHARE:ACMAIN',
    'RESHARE:BCLIB',
    'RESHARE:CUNORTH',
    'RESHARE:DVCOLL',
    'RESHARE:EPSTATE',
    'RESHARE:FHLAW',
  ];
  const reqs = year(r, {
    perMonth: (m) => [22, 24, 26, 24, 20, 14, 12, 14, 26, 28, 26, 16][m]!,
    lendingShare: 0.5,
    copyShare: 0.3,
    unfilled: 0.11,
    partners,
    reasons: ['No supplier', 'End of rota', 'Cancelled by supplier'],
    days: (t) => (t === 'copy' ? between(r, 1, 3) : between(r, 4, 12)),
  });
  const state = (q: Req) => {
    const req = q.direction === 'borrowing';
    if (q.outcome === 'open') return req ? 'REQ_REQUEST_SENT_TO_SUPPLIER' : 'RES_NEW_AWAITING_PULL_SLIP';
    if (q.outcome === 'unfilled') return req ? 'REQ_END_OF_ROTA' : 'RES_UNFILLED';
    if (q.outcome === 'cancelled') return req ? 'REQ_CANCELLED' : 'RES_CANCELLED';
    if (q.outcome === 'shipped') return 'RES_ITEM_SHIPPED';
    return req ? pick(r, ['REQ_REQUEST_COMPLETE', 'REQ_CHECKED_IN']) : 'RES_COMPLETE';
  };
  const rows = reqs.map((q, i) =>
    line([
      `7a${(0x1000 + i).toString(16)}`,
      q.date.toISOString(),
      state(q),
      q.type === 'loan' ? 'Loan' : 'Copy',
      q.direction === 'borrowing' ? 'true' : 'false',
      q.partner,
      q.received ? iso(q.received) : '',
      q.outcome === 'unfilled' ? q.reason : '',
      q.direction === 'borrowing' ? `p${between(r, 1000, 9999)}` : '',
      q.direction === 'borrowing' ? pick(r, ['Alex', 'Sam', 'Kim', 'Jo']) : '',
      q.direction === 'borrowing' ? pick(r, ['Example', 'Sample', 'Placeholder']) : '',
    ]),
  );
  const head =
    'id,dateCreated,state,serviceType,isRequester,supplyingInstitutionSymbol,dateReceived,cancellationReason,patronIdentifier,patronGivenName,patronSurname';
  writeFileSync(join(OUT, 'reshare.csv'), `${[head, ...rows].join('\n')}\n`);
}

illiad();
worldshare();
alma();
rapido();
reshare();
