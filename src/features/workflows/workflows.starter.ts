import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { getAppState, setAppState } from '../../platform/db/app-state';
import type { Db } from '../../platform/db/database';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { decisionProblems, STEP_PLACES, WORKFLOW_LIMITS as L, type Workflow } from './workflows.models';
import * as repo from './workflows.repository';
import { indexWorkflow } from './workflows.search';

const STARTER_LOCK_KEY = 741_852_965;
const FINGERPRINT_KEY = 'workflows.starter_content_sha256';
const FOLDER = 'workflows';
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Addresses under /workflows that are not workflows. */
const RESERVED = new Set(['local', 'runs', 'manual']);

const slugList = z.array(z.string().regex(SLUG)).max(20).optional();

const stepSchema = z.object({
  key: z.string().regex(SLUG).max(L.stepKey),
  title: z.string().min(3).max(L.stepTitle),
  role: z.string().min(2).max(L.role),
  // Starter workflows are vendor-neutral: generic places only, never a named system.
  system: z.enum(Object.keys(STEP_PLACES) as [keyof typeof STEP_PLACES]),
  minutes: z.number().int().min(0).max(L.minutes).nullable().default(null),
  details: z.string().max(L.details).default(''),
  checks: z.array(z.string().min(2).max(L.check)).max(L.checks).default([]),
  decisions: z
    .array(z.object({ when: z.string().min(2).max(L.decisionWhen), goto: z.string().regex(SLUG) }).strict())
    .max(L.decisions)
    .default([]),
});

const fileSchema = z
  .object({
    slug: z.string().regex(SLUG).max(100),
    title: z.string().min(3).max(L.title),
    summary: z.string().min(10).max(L.summary),
    topics: z.array(z.string().regex(SLUG)).min(1),
    related_article: z.string().regex(SLUG).optional(),
    /** "Where this applies" is required: at least one of its fields. */
    context: z
      .object({
        libraryTypes: slugList,
        sizes: slugList,
        systems: slugList,
        regions: slugList,
        consortium: z.string().max(120).optional(),
      })
      .strict()
      .refine((c) => Object.values(c).some((v) => (Array.isArray(v) ? v.length > 0 : Boolean(v))), {
        message: 'say where this applies (library types, sizes, regions or consortium)',
      }),
    sources: z
      .array(z.object({ title: z.string().min(1).max(200), url: z.url({ protocol: /^https?$/ }) }).strict())
      .min(1, 'every starter workflow lists at least one source')
      .max(L.sources),
    steps: z.array(stepSchema).min(2).max(L.steps),
  })
  .strict();

export type StarterWorkflow = Omit<Workflow, 'id' | 'createdBy' | 'createdAt' | 'updatedAt'>;

export class StarterWorkflowError extends Error {
  constructor(readonly problems: string[]) {
    super(`Starter workflows have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

async function fileNames(contentDir: string): Promise<string[]> {
  return (await fs.readdir(path.join(contentDir, FOLDER)).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** Read and check every starter workflow: any problem anywhere means none is loaded. */
export async function readStarterWorkflows(contentDir: string): Promise<StarterWorkflow[]> {
  const { default: YAML } = await import('yaml');
  const vocabulary = await vocabularyFor(contentDir);
  const problems: string[] = [];
  const out: StarterWorkflow[] = [];
  for (const name of await fileNames(contentDir)) {
    const file = `${FOLDER}/${name}`;
    let data: unknown;
    try {
      data = YAML.parse(await fs.readFile(path.join(contentDir, file), 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
      continue;
    }
    const parsed = fileSchema.safeParse(data);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || 'file'}: ${i.message}`));
      continue;
    }
    const w = parsed.data;
    if (path.basename(name, '.yaml') !== w.slug)
      problems.push(`${file}: slug “${w.slug}” does not match the file name`);
    if (RESERVED.has(w.slug)) problems.push(`${file}: slug “${w.slug}” is a reserved address under /workflows`);
    const keys = new Set<string>();
    for (const s of w.steps) {
      if (keys.has(s.key)) problems.push(`${file}: step key “${s.key}” is used twice`);
      keys.add(s.key);
    }
    for (const [key, list] of [
      ['libraryTypes', vocabulary.libraryTypes],
      ['systems', vocabulary.systems],
      ['regions', vocabulary.regions],
    ] as const)
      for (const v of w.context[key] ?? [])
        if (!list.has(v)) problems.push(`${file}: context.${key}: “${v}” is not a vocabulary slug`);
    for (const v of w.context.sizes ?? [])
      if (!['small', 'medium', 'large'].includes(v))
        problems.push(`${file}: context.sizes: “${v}” is not small, medium or large`);
    const steps = w.steps.map((s) => ({
      key: s.key,
      title: s.title,
      role: s.role,
      system: s.system,
      minutes: s.minutes,
      details: s.details.trim(),
      checks: s.checks,
      decisions: s.decisions.map((d) => ({ when: d.when, goTo: d.goto })),
    }));
    problems.push(...decisionProblems(steps).map((p) => `${file}: ${p}`));
    const { consortium, ...lists } = w.context;
    out.push({
      slug: w.slug,
      title: w.title,
      summary: w.summary,
      context: {
        ...Object.fromEntries(Object.entries(lists).filter(([, v]) => v?.length)),
        ...(consortium ? { consortium } : {}),
      },
      sources: w.sources,
      steps,
      topics: w.topics,
      relatedArticle: w.related_article ?? null,
      origin: 'starter',
      adoptedFrom: null,
      baseSteps: null,
      ownerUserId: null,
      ownerGroupId: null,
      visibility: 'public',
    });
  }
  if (problems.length) throw new StarterWorkflowError(problems);
  return out;
}

export async function workflowsFingerprint(contentDir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const name of await fileNames(contentDir))
    hash
      .update(name)
      .update('\0')
      .update(await fs.readFile(path.join(contentDir, FOLDER, name)))
      .update('\0');
  return hash.digest('hex');
}

/**
 * Load the starter workflows not there yet (by slug), in one transaction. A workflow already loaded is never
 * touched, so edits made in the hub survive restarts; when the files' fingerprint matches the last load nothing
 * is read at all, so a restart costs one hash of a few small files.
 */
export async function loadStarterWorkflows(input: {
  db: Db;
  now: Date;
  contentDir: string;
  systemUserId: number;
}): Promise<{ added: number; unchanged?: boolean }> {
  const fingerprint = await workflowsFingerprint(input.contentDir);
  if ((await getAppState(input.db, FINGERPRINT_KEY)) === fingerprint) return { added: 0, unchanged: true };
  const starter = await readStarterWorkflows(input.contentDir);
  let added = 0;
  await input.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${STARTER_LOCK_KEY})`);
    const existing = await repo.existingSlugs(
      tx,
      starter.map((w) => w.slug ?? ''),
    );
    for (const w of starter) {
      if (existing.has(w.slug ?? '')) continue;
      const row = await repo.insertWorkflow(tx, {
        ...w,
        createdBy: input.systemUserId,
        createdAt: input.now,
        updatedAt: input.now,
      });
      await indexWorkflow(tx, row);
      added++;
    }
    await setAppState(tx, FINGERPRINT_KEY, fingerprint, input.now);
  });
  return { added };
}
