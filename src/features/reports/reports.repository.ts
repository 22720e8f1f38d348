/** Reports' SQL: datasets, their rows (replaced by period), and the measures, all computed in the database. */
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import type { Dataset, DroppedColumn } from './reports.models';
import { batchLiterals, type RowColumns } from './reports.rows';
import { reportDatasets } from './reports.table';

const toDataset = (r: typeof reportDatasets.$inferSelect): Dataset => ({ ...r, preset: r.preset as Dataset['preset'] });

export async function findDataset(db: DbOrTx, id: number): Promise<Dataset | undefined> {
  const rows = await db.select().from(reportDatasets).where(eq(reportDatasets.id, id));
  return rows[0] ? toDataset(rows[0]) : undefined;
}

export async function datasetsOf(db: DbOrTx, ownerId: number): Promise<Array<Dataset & { rowCount: number }>> {
  const rows = await db
    .select({
      d: reportDatasets,
      rowCount: sql<number>`(select count(*)::int from report_rows r where r.dataset_id = ${reportDatasets.id})`,
    })
    .from(reportDatasets)
    // The member's own; the datasets they uploaded for a group are the group's (docs/decisions/044).
    .where(and(eq(reportDatasets.ownerId, ownerId), isNull(reportDatasets.groupId)))
    .orderBy(asc(reportDatasets.id));
  return rows.map((r) => ({ ...toDataset(r.d), rowCount: Number(r.rowCount) }));
}

/** The member's personal datasets: those they uploaded for a group count towards the group's limit instead. */
export async function countPersonalDatasets(db: DbOrTx, ownerId: number): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(reportDatasets)
    .where(and(eq(reportDatasets.ownerId, ownerId), isNull(reportDatasets.groupId)));
  return Number(rows[0]?.n ?? 0);
}

/** A group workspace's datasets, whoever uploaded them. */
export async function countGroupDatasets(db: DbOrTx, groupId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(reportDatasets).where(eq(reportDatasets.groupId, groupId));
  return Number(rows[0]?.n ?? 0);
}

export async function insertDataset(
  db: DbOrTx,
  values: {
    ownerId: number;
    groupId?: number | null;
    name: string;
    preset: string;
    mapping: Record<string, string>;
    dropped: DroppedColumn[];
    now: Date;
  },
): Promise<number> {
  const rows = await db
    .insert(reportDatasets)
    .values({
      ownerId: values.ownerId,
      groupId: values.groupId ?? null,
      name: values.name,
      preset: values.preset,
      mapping: values.mapping,
      droppedColumns: values.dropped,
      createdAt: values.now,
      updatedAt: values.now,
    })
    .returning({ id: reportDatasets.id });
  return rows[0]!.id;
}

export async function touchDataset(db: DbOrTx, id: number, dropped: DroppedColumn[], now: Date): Promise<void> {
  await db.update(reportDatasets).set({ droppedColumns: dropped, updatedAt: now }).where(eq(reportDatasets.id, id));
}

export async function deleteDataset(db: DbOrTx, id: number): Promise<void> {
  await db.delete(reportDatasets).where(eq(reportDatasets.id, id));
}

/** Account erasure: the member's own datasets; those they uploaded for a group stay the group's. */
export async function deleteDatasetsOf(db: DbOrTx, ownerId: number): Promise<void> {
  await db.delete(reportDatasets).where(and(eq(reportDatasets.ownerId, ownerId), isNull(reportDatasets.groupId)));
}

const BATCH = 1000;

/** The period's rows replaced by the file's (same transaction): re-importing a period never duplicates it. */
export async function replacePeriod(
  tx: DbOrTx,
  datasetId: number,
  period: { from: string; to: string },
  rows: RowColumns,
): Promise<{ replaced: number }> {
  const gone = rowsOf<{ n: number }>(
    await tx.execute(sql`with gone as (delete from report_rows
        where dataset_id = ${datasetId} and request_date between ${period.from} and ${period.to} returning 1)
      select count(*)::int as n from gone`),
  );
  // Each batch is one statement with one array per column (a few parameters, however many rows), about three
  // times faster than a multi-row VALUES with a parameter per cell.
  for (let i = 0; i < rows.length; i += BATCH) {
    const b = batchLiterals(rows, i, Math.min(rows.length, i + BATCH));
    await tx.execute(sql`insert into report_rows
        (dataset_id, request_date, received_date, status, request_type, direction, partner, unfilled_reason, cost)
      select ${datasetId}, * from unnest(${b.requestDate}::date[], ${b.receivedDate}::date[], ${b.status}::text[],
        ${b.requestType}::text[], ${b.direction}::text[], ${b.partner}::text[], ${b.unfilledReason}::text[],
        ${b.cost}::numeric[])`);
  }
  return { replaced: Number(gone[0]?.n ?? 0) };
}

export interface Period {
  from: string | null;
  to: string | null;
  rows: number;
  /** Changes with every stored import (new rows get new ids): the key of the cached aggregates. */
  version: string;
}

export async function periodOf(db: DbOrTx, datasetId: number): Promise<Period> {
  const r = rowsOf<{ from: string | null; to: string | null; rows: number; last: string | null }>(
    await db.execute(sql`select min(request_date)::text as "from", max(request_date)::text as "to", count(*)::int as rows,
        max(id)::text as last
      from report_rows where dataset_id = ${datasetId}`),
  );
  const rows = Number(r[0]?.rows ?? 0);
  return { from: r[0]?.from ?? null, to: r[0]?.to ?? null, rows, version: `${r[0]?.last ?? 0}-${rows}` };
}

/** A request counts as filled when it was received or filled, or (lending) shipped; unfilled when said so. */
export const FILLED = sql`(status in ('received', 'filled') or (direction = 'lending' and status = 'shipped'))`;

export interface Measures {
  volume: Array<{ month: string; loan: number; copy: number; total: number }>;
  fillRate: Array<{ direction: string; filled: number; unfilled: number; rate: number | null }>;
  turnaround: Array<{ requestType: string; received: number; median: number | null; p90: number | null }>;
  /** Turnaround by partner (the 20 partners with the most received requests). */
  turnaroundByPartner: Array<{ partner: string; received: number; median: number | null; p90: number | null }>;
  balance: Array<{ direction: string; requests: number; filled: number }>;
  partners: Array<{ partner: string; requests: number; filled: number }>;
  unfilledReasons: Array<{ reason: string; requests: number }>;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** `range`: only requests made from the first day of `from` to the last day of `to` (months, YYYY-MM). */
export async function measures(db: DbOrTx, datasetId: number, range?: { from: string; to: string }): Promise<Measures> {
  const within = range
    ? sql` and request_date >= to_date(${range.from}, 'YYYY-MM') and request_date < to_date(${range.to}, 'YYYY-MM') + interval '1 month'`
    : sql``;
  const volume = rowsOf<{ month: string; loan: number; copy: number; total: number }>(
    await db.execute(sql`select to_char(request_date, 'YYYY-MM') as month,
        count(*) filter (where request_type = 'loan')::int as loan,
        count(*) filter (where request_type = 'copy')::int as copy, count(*)::int as total
      from report_rows where dataset_id = ${datasetId}${within} group by 1 order by 1`),
  );
  const fill = rowsOf<{ direction: string; filled: number; unfilled: number }>(
    await db.execute(sql`select direction, count(*) filter (where ${FILLED})::int as filled,
        count(*) filter (where status = 'unfilled')::int as unfilled
      from report_rows where dataset_id = ${datasetId}${within} group by direction order by direction`),
  );
  const turnaround = rowsOf<{ request_type: string; received: number; median: unknown; p90: unknown }>(
    await db.execute(sql`select request_type, count(*)::int as received,
        percentile_cont(0.5) within group (order by received_date - request_date) as median,
        percentile_cont(0.9) within group (order by received_date - request_date) as p90
      from report_rows where dataset_id = ${datasetId}${within} and received_date is not null
      group by request_type order by request_type`),
  );
  const byPartner = rowsOf<{ partner: string; received: number; median: unknown; p90: unknown }>(
    await db.execute(sql`select partner, count(*)::int as received,
        percentile_cont(0.5) within group (order by received_date - request_date) as median,
        percentile_cont(0.9) within group (order by received_date - request_date) as p90
      from report_rows where dataset_id = ${datasetId}${within} and received_date is not null
        and partner is not null and partner <> ''
      group by partner order by received desc, partner limit 20`),
  );
  const balance = rowsOf<{ direction: string; requests: number; filled: number }>(
    await db.execute(sql`select direction, count(*)::int as requests, count(*) filter (where ${FILLED})::int as filled
      from report_rows where dataset_id = ${datasetId}${within} group by direction order by direction`),
  );
  const partners = rowsOf<{ partner: string; requests: number; filled: number }>(
    await db.execute(sql`select partner, count(*)::int as requests, count(*) filter (where ${FILLED})::int as filled
      from report_rows where dataset_id = ${datasetId}${within} and partner is not null and partner <> ''
      group by partner order by requests desc, partner limit 10`),
  );
  const reasons = rowsOf<{ reason: string; requests: number }>(
    await db.execute(sql`select coalesce(nullif(unfilled_reason, ''), 'No reason given') as reason, count(*)::int as requests
      from report_rows where dataset_id = ${datasetId}${within} and status = 'unfilled'
      group by 1 order by requests desc, reason`),
  );
  return {
    volume: volume.map((r) => ({ month: r.month, loan: Number(r.loan), copy: Number(r.copy), total: Number(r.total) })),
    fillRate: fill.map((r) => {
      const [filled, unfilled] = [Number(r.filled), Number(r.unfilled)];
      return {
        direction: r.direction,
        filled,
        unfilled,
        rate: filled + unfilled > 0 ? filled / (filled + unfilled) : null,
      };
    }),
    turnaround: turnaround.map((r) => ({
      requestType: r.request_type,
      received: Number(r.received),
      median: num(r.median),
      p90: num(r.p90),
    })),
    turnaroundByPartner: byPartner.map((r) => ({
      partner: r.partner,
      received: Number(r.received),
      median: num(r.median),
      p90: num(r.p90),
    })),
    balance: balance.map((r) => ({ direction: r.direction, requests: Number(r.requests), filled: Number(r.filled) })),
    partners: partners.map((r) => ({ partner: r.partner, requests: Number(r.requests), filled: Number(r.filled) })),
    unfilledReasons: reasons.map((r) => ({ reason: r.reason, requests: Number(r.requests) })),
  };
}
