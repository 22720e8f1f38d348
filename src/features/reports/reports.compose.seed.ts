/**
 * Starter report examples: the synthetic exports in content/reports/starter read with their presets (patron columns
 * dropped as for any upload) into datasets of the "ILL Commons editors" group, owned by the hub's system account,
 * and the report examples of examples.yaml published from them, once per database (docs/decisions/044).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { runOnce } from '../../platform/db/app-state';
import type { Db } from '../../platform/db/database';
import type { Deps } from '../../platform/http/context';
import type { Logger } from '../../platform/logger';
import { ensureSystemUser } from '../accounts';
import { EDITORS_GROUP, findGroupBySlug } from '../groups';
import { composedAggregates } from './reports.compose.aggregates';
import { EXAMPLE_REVIEW_MONTHS } from './reports.compose.models';
import { insertReport } from './reports.compose.repository';
import { indexExample } from './reports.compose.search';
import { readExport } from './reports.import';
import { PRESETS } from './reports.models';
import * as repo from './reports.repository';

/** Raise the version when a release ships examples existing hubs should receive. */
export const EXAMPLES_SEED_KEY = 'reports.examples.v1';

/** The samples are of 2025: read as of a fixed day, so a hub's clock never makes them "in the future". */
const READ_AS_OF = new Date('2026-01-15T00:00:00Z');

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const manifestSchema = z.object({
  datasets: z
    .array(
      z.object({
        key: z.string().min(1),
        file: z.string().regex(/^[a-z0-9-]+\.csv$/),
        preset: z.enum(PRESETS),
        name: z.string().min(1).max(120),
      }),
    )
    .min(1),
  reports: z
    .array(
      z.object({
        dataset: z.string(),
        title: z.string().min(1).max(160),
        measures: z.array(z.string()).min(1),
        // YAML reads 2025-01 as text; a number or date would fail here.
        from: month,
        to: month,
        purpose: z.string().min(20),
        audience: z.string().min(5),
        reception: z.string().min(20),
        commentary: z.string(),
      }),
    )
    .min(1),
});
export type StarterExamples = z.infer<typeof manifestSchema>;

/** The manifest and each dataset's file, read and checked (undefined when the hub ships no starter examples). */
export async function readStarterExamples(contentDir: string) {
  const dir = path.join(contentDir, 'reports', 'starter');
  let text: string;
  try {
    text = await readFile(path.join(dir, 'examples.yaml'), 'utf8');
  } catch {
    return undefined;
  }
  const manifest = manifestSchema.parse(parse(text));
  const datasets = [];
  for (const d of manifest.datasets) {
    const read = await readExport(new Uint8Array(await readFile(path.join(dir, d.file))), {
      preset: d.preset,
      now: READ_AS_OF,
    });
    if (read.outcome.kind !== 'ok')
      throw new Error(`reports/starter/${d.file} does not read cleanly: ${read.outcome.kind}`);
    datasets.push({ ...d, read, rows: read.outcome.rows, period: read.outcome.period });
  }
  for (const r of manifest.reports)
    if (!datasets.some((d) => d.key === r.dataset)) throw new Error(`report "${r.title}": no dataset ${r.dataset}`);
  return { manifest, datasets };
}

const inMonths = (now: Date, months: number) => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

/** Load the starter examples once per database; returns how many reports were published. */
export async function loadStarterExamples(db: Db, contentDir: string, now: Date, logger?: Logger): Promise<number> {
  const starter = await readStarterExamples(contentDir);
  if (!starter) return 0;
  const owner = await ensureSystemUser(db, now);
  let published = 0;
  await runOnce(db, EXAMPLES_SEED_KEY, now, async (tx) => {
    const editors = (await findGroupBySlug(tx, EDITORS_GROUP.slug))?.id ?? null;
    const ids = new Map<string, number>();
    for (const d of starter.datasets) {
      const id = await repo.insertDataset(tx, {
        ownerId: owner,
        groupId: editors,
        name: d.name,
        preset: d.preset,
        mapping: Object.fromEntries(
          Object.entries(d.read.mapping).filter((e): e is [string, string] => typeof e[1] === 'string'),
        ),
        dropped: d.read.dropped,
        now,
      });
      await repo.replacePeriod(tx, id, d.period, d.rows);
      ids.set(d.key, id);
    }
    for (const r of starter.manifest.reports) {
      const datasetId = ids.get(r.dataset)!;
      const list = await composedAggregates.measureList(tx, datasetId, await repo.periodOf(tx, datasetId));
      const known = new Set(list.map((m) => m.slug));
      const unknown = r.measures.filter((m) => !known.has(m));
      if (unknown.length) throw new Error(`report "${r.title}": unknown measures ${unknown.join(', ')}`);
      const report = await insertReport(tx, {
        datasetId,
        ownerId: owner,
        title: r.title,
        measures: r.measures,
        periodFrom: r.from,
        periodTo: r.to,
        commentary: r.commentary.trim(),
        sharing: 'public',
        linkToken: null,
        purpose: r.purpose,
        audience: r.audience,
        reception: r.reception,
        publishedAt: now,
        maintainingGroupId: editors,
        reviewDue: inMonths(now, EXAMPLE_REVIEW_MONTHS),
        now,
      });
      await indexExample(
        tx,
        report,
        list.filter((m) => r.measures.includes(m.slug)).map((m) => m.caption),
      );
      published++;
    }
  });
  if (published) logger?.info('starter report examples loaded', { published });
  return published;
}

export async function seedReportExamples(deps: Deps): Promise<void> {
  await loadStarterExamples(deps.database.db, deps.config.contentDir, deps.clock.now(), deps.logger);
}
