/** Reports' SQL: datasets, their rows (replaced by period), and the measures, all computed in the database. */
import { and, asc, between, count, eq, sql } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../platform/db/database';
import type { Dataset, DatasetRow, DroppedColumn } from './reports.models';
import { reportDatasets, reportRows } from './reports.table';

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
    .where(eq(reportDatasets.ownerId, ownerId))
    .orderBy(asc(reportDatasets.id));
  return rows.map((r) => ({ ...toDataset(r.d), rowCount: Number(r.rowCount) }));
}

export async function countDatasets(db: DbOrTx, ownerId: number): Promise<number> {
  const rows = await db.select({ n: count() }).from(reportDatasets).where(eq(reportDatasets.ownerId, ownerId));
  return Number(rows[0]?.n ?? 0);
}

export async function insertDataset(
  db: DbOrTx,
  values: {
    ownerId: number;
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

export async function deleteDatasetsOf(db: DbOrTx, ownerId: number): Promise<void> {
  await db.delete(reportDatasets).where(eq(reportDatasets.ownerId, ownerId));
}

const BATCH = 1000;

/** The period's rows replaced by the file's (same transaction): re-importing a period never duplicates it. */
export async function replacePeriod(
  tx: DbOrTx,
  datasetId: number,
  period: { from: string; to: string },
  rows: DatasetRow[],
): Promise<{ replaced: number }> {
  const gone = await tx
    .delete(reportRows)
    .where(and(eq(reportRows.datasetId, datasetId), between(reportRows.requestDate, period.from, period.to)))
    .returning({ id: reportRows.id });
  for (let i = 0; i < rows.length; i += BATCH)
    await tx.insert(reportRows).values(rows.slice(i, i + BATCH).map((r) => ({ ...r, datasetId })));
  return { replaced: gone.length };
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
const FILLED = sql`(status in ('received', 'filled') or (direction = 'lending' and status = 'shipped'))`;

export interface Measures {
  volume: Array<{ month: string; loan: number; copy: number; total: number }>;
  fillRate: Array<{ direction: string; filled: number; unfilled: number; rate: number | null }>;
  turnaround: Array<{ requestType: string; received: number; median: number | null; p90: number | null }>;
  balance: Array<{ direction: string; requests: number; filled: number }>;
  partners: Array<{ partner: string; requests: number; filled: number }>;
  unfilledReasons: Array<{ reason: string; requests: number }>;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function measures(db: DbOrTx, datasetId: number): Promise<Measures> {
  const volume = rowsOf<{ month: string; loan: number; copy: number; total: number }>(
    await db.execute(sql`select to_char(request_date, 'YYYY-MM') as month,
        count(*) filter (where request_type = 'loan')::int as loan,
        count(*) filter (where request_type = 'copy')::int as copy, count(*)::int as total
      from report_rows where dataset_id = ${datasetId} group by 1 order by 1`),
  );
  const fill = rowsOf<{ direction: string; filled: number; unfilled: number }>(
    await db.execute(sql`select direction, count(*) filter (where ${FILLED})::int as filled,
        count(*) filter (where status = 'unfilled')::int as unfilled
      from report_rows where dataset_id = ${datasetId} group by direction order by direction`),
  );
  const turnaround = rowsOf<{ request_type: string; received: number; median: unknown; p90: unknown }>(
    await db.execute(sql`select request_type, count(*)::int as received,
        percentile_cont(0.5) within group (order by received_date - request_date) as median,
        percentile_cont(0.9) within group (order by received_date - request_date) as p90
      from report_rows where dataset_id = ${datasetId} and received_date is not null
      group by request_type order by request_type`),
  );
  const balance = rowsOf<{ direction: string; requests: number; filled: number }>(
    await db.execute(sql`select direction, count(*)::int as requests, count(*) filter (where ${FILLED})::int as filled
      from report_rows where dataset_id = ${datasetId} group by direction order by direction`),
  );
  const partners = rowsOf<{ partner: string; requests: number; filled: number }>(
    await db.execute(sql`select partner, count(*)::int as requests, count(*) filter (where ${FILLED})::int as filled
      from report_rows where dataset_id = ${datasetId} and partner is not null and partner <> ''
      group by partner order by requests desc, partner limit 10`),
  );
  const reasons = rowsOf<{ reason: string; requests: number }>(
    await db.execute(sql`select coalesce(nullif(unfilled_reason, ''), 'No reason given') as reason, count(*)::int as requests
      from report_rows where dataset_id = ${datasetId} and status = 'unfilled'
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
    balance: balance.map((r) => ({ direction: r.direction, requests: Number(r.requests), filled: Number(r.filled) })),
    partners: partners.map((r) => ({ partner: r.partner, requests: Number(r.requests), filled: Number(r.filled) })),
    unfilledReasons: reasons.map((r) => ({ reason: r.reason, requests: Number(r.requests) })),
  };
}
