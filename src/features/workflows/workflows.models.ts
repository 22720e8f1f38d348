/** Types, limits and the pure rules of workflows: steps, decision points and the three-way comparison of steps. */

export const WORKFLOW_LIMITS = {
  title: 150,
  summary: 400,
  steps: 40,
  stepKey: 40,
  stepTitle: 150,
  role: 80,
  details: 2_000,
  checks: 15,
  check: 200,
  decisions: 6,
  decisionWhen: 200,
  minutes: 24 * 60,
  runLabel: 120,
  libraryName: 120,
  manualWorkflows: 40,
  sources: 12,
  consortium: 120,
  topics: 6,
} as const;

/**
 * Where a step happens. Generic places keep the hub's workflows vendor-neutral; a local version may name its own
 * system by a slug of the shared vocabulary (content/vocabulary/systems.yaml).
 */
export const STEP_PLACES = {
  'ill-system': 'Your ILL or resource-sharing system',
  catalogue: 'Your catalogue or discovery system',
  circulation: 'Your circulation system',
  'email-and-phone': 'Email or phone',
  scanner: 'Scanner and delivery software',
  'shipping-desk': 'Mailroom, courier or shipping desk',
  'licence-records': 'Licence records (ERM or licence files)',
  'copyright-log': 'Copyright log or report',
  'web-pages': 'Your library’s web pages',
  'finance-system': 'Your finance or invoicing system',
  'no-system': 'No system: on paper or in person',
} as const;

export interface DecisionPoint {
  /** "If not found on the shelf". */
  when: string;
  /** The key of the step to go to. */
  goTo: string;
}

export interface WorkflowStep {
  /** Stable within a workflow and its local versions: the three-way comparison matches steps by key. */
  key: string;
  title: string;
  /** Who does it: "ILL assistant", "Supervisor". */
  role: string;
  /** A STEP_PLACES key or a systems vocabulary slug. */
  system: string;
  /** Estimated minutes per request (null: not estimated). */
  minutes: number | null;
  details: string;
  checks: string[];
  decisions: DecisionPoint[];
}

/** "Where this applies": the library's ArticleContext plus the consortium or network it assumes. */
export interface WorkflowContext {
  libraryTypes?: string[];
  sizes?: string[];
  systems?: string[];
  regions?: string[];
  consortium?: string;
}

export interface WorkflowSource {
  title: string;
  url: string;
}

export interface Workflow {
  id: number;
  slug: string | null;
  title: string;
  summary: string;
  context: WorkflowContext;
  sources: WorkflowSource[];
  steps: WorkflowStep[];
  topics: string[];
  relatedArticle: string | null;
  origin: 'starter' | 'member' | 'local';
  adoptedFrom: number | null;
  baseSteps: WorkflowStep[] | null;
  ownerUserId: number | null;
  ownerGroupId: number | null;
  visibility: 'public' | 'private';
  createdBy: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface WorkflowRun {
  id: number;
  workflowId: number;
  userId: number;
  label: string;
  checked: string[];
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The page of a workflow: originals by slug, local versions by id. */
export function workflowPath(w: Pick<Workflow, 'id' | 'slug'>): string {
  return w.slug ? `/workflows/${w.slug}` : `/workflows/local/${w.id}`;
}

export function stepAnchor(key: string): string {
  return `step-${key}`;
}

export function checkId(stepKey: string, index: number): string {
  return `${stepKey}:${index}`;
}

export function totalMinutes(steps: WorkflowStep[]): number {
  return steps.reduce((n, s) => n + (s.minutes ?? 0), 0);
}

export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** Every check of a workflow, in order, as run ids. */
export function allCheckIds(steps: WorkflowStep[]): string[] {
  return steps.flatMap((s) => s.checks.map((_, i) => checkId(s.key, i)));
}

/** Problems with decision points: each must point at another step of the same workflow. */
export function decisionProblems(steps: WorkflowStep[]): string[] {
  const keys = new Set(steps.map((s) => s.key));
  const problems: string[] = [];
  for (const s of steps)
    for (const d of s.decisions)
      if (!keys.has(d.goTo)) problems.push(`step “${s.title}”: decision “${d.when}” goes to unknown step “${d.goTo}”`);
  return problems;
}

export function sameStep(a: WorkflowStep | undefined, b: WorkflowStep | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.title === b.title &&
    a.role === b.role &&
    a.system === b.system &&
    a.minutes === b.minutes &&
    a.details === b.details &&
    a.checks.length === b.checks.length &&
    a.checks.every((c, i) => c === b.checks[i]) &&
    a.decisions.length === b.decisions.length &&
    a.decisions.every((d, i) => d.when === b.decisions[i]?.when && d.goTo === b.decisions[i]?.goTo)
  );
}

/** One step the original changed since the local version last took or kept its changes. */
export interface PendingChange {
  key: string;
  /** The original's step when the local version adopted it (or last synced); undefined: the original added it. */
  base: WorkflowStep | undefined;
  /** The original's step now; undefined: the original removed it. */
  upstream: WorkflowStep | undefined;
  /** The local version's step; undefined: the local version removed it (or never had it). */
  local: WorkflowStep | undefined;
  /** True when the local version also changed the step: taking the original's replaces the local edit. */
  conflict: boolean;
}

/**
 * The three-way comparison, step by step (matched by key): every step where the original now differs from the
 * base. Bounded by construction: at most WORKFLOW_LIMITS.steps steps on each side, each of bounded size.
 */
export function pendingChanges(base: WorkflowStep[], upstream: WorkflowStep[], local: WorkflowStep[]): PendingChange[] {
  const byKey = (steps: WorkflowStep[]) => new Map(steps.map((s) => [s.key, s]));
  const b = byKey(base);
  const u = byKey(upstream);
  const l = byKey(local);
  const keys = [...new Set([...upstream.map((s) => s.key), ...base.map((s) => s.key)])];
  const out: PendingChange[] = [];
  for (const key of keys) {
    const bs = b.get(key);
    const us = u.get(key);
    if (sameStep(bs, us)) continue;
    const ls = l.get(key);
    out.push({ key, base: bs, upstream: us, local: ls, conflict: !sameStep(ls, bs) && !sameStep(ls, us) });
  }
  return out;
}

/**
 * Take the original's version of one step: the local step becomes the original's (added at the original's
 * position, or removed), and the base records that this change was dealt with.
 */
export function takeChange(
  local: WorkflowStep[],
  base: WorkflowStep[],
  upstream: WorkflowStep[],
  key: string,
): { steps: WorkflowStep[]; base: WorkflowStep[] } {
  const us = upstream.find((s) => s.key === key);
  let steps: WorkflowStep[];
  if (!us) steps = local.filter((s) => s.key !== key);
  else if (local.some((s) => s.key === key)) steps = local.map((s) => (s.key === key ? us : s));
  else {
    // Insert after the nearest preceding step of the original that the local version has.
    const at = upstream.findIndex((s) => s.key === key);
    const before = upstream
      .slice(0, at)
      .reverse()
      .find((s) => local.some((x) => x.key === s.key));
    const index = before ? local.findIndex((s) => s.key === before.key) + 1 : 0;
    steps = [...local.slice(0, index), us, ...local.slice(index)];
  }
  return { steps, base: keepChange(base, upstream, key) };
}

/** Keep the local version of one step: only the base moves on, so the change is no longer offered. */
export function keepChange(base: WorkflowStep[], upstream: WorkflowStep[], key: string): WorkflowStep[] {
  const us = upstream.find((s) => s.key === key);
  if (!us) return base.filter((s) => s.key !== key);
  if (base.some((s) => s.key === key)) return base.map((s) => (s.key === key ? us : s));
  return [...base, us];
}

/** A step as text, for comparing versions line by line. */
export function stepText(step: WorkflowStep | undefined, placeLabel: (slug: string) => string): string {
  if (!step) return '';
  return [
    `Title: ${step.title}`,
    `Who: ${step.role}`,
    `Where: ${placeLabel(step.system)}`,
    `Time: ${step.minutes === null ? 'not estimated' : formatMinutes(step.minutes)}`,
    ...step.details.split('\n').filter((l) => l.trim()),
    ...step.checks.map((c) => `[ ] ${c}`),
    ...step.decisions.map((d) => `If ${d.when}: go to ${d.goTo}`),
  ].join('\n');
}

/** Problems with moving or deleting steps: a step another step's decision point goes to cannot be deleted. */
export function stepsPointingAt(steps: WorkflowStep[], key: string): number[] {
  const out: number[] = [];
  steps.forEach((s, i) => {
    if (s.key !== key && s.decisions.some((d) => d.goTo === key)) out.push(i + 1);
  });
  return out;
}

/** The steps with the one at `key` moved one place up or down (unchanged at either end). */
export function moveStepIn(steps: WorkflowStep[], key: string, direction: 'up' | 'down'): WorkflowStep[] {
  const i = steps.findIndex((s) => s.key === key);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= steps.length) return steps;
  const next = [...steps];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

/** The words of a workflow's steps, to judge whether a change is worth telling a topic's watchers. */
export function workflowWords(w: Pick<Workflow, 'summary' | 'steps'>): string {
  return [
    w.summary,
    ...w.steps.flatMap((s) => [s.title, s.role, s.details, ...s.checks, ...s.decisions.map((d) => d.when)]),
  ].join('\n');
}
