import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { httpErrors } from './errors';

export interface RateRule {
  /** Distinguishes rules sharing a key space, e.g. "sign-in:ip". */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Count one hit against a fixed window. Counters live in Postgres, so every app
 * process sees the same totals.
 */
export async function hit(db: DbOrTx, rule: RateRule, subject: string, now: Date): Promise<RateResult> {
  const windowMs = rule.windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const key = `${rule.name}:${subject}`;
  const rows = rowsOf<{ count: number }>(
    await db.execute(sql`
      insert into rate_limits (key, window_start, count) values (${key}, ${start.toISOString()}, 1)
      on conflict (key, window_start) do update set count = rate_limits.count + 1
      returning count`),
  );
  const count = Number(rows[0]?.count ?? 1);
  const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: count <= rule.limit, count, retryAfterSeconds };
}

/** Throws the 429 error when any of the rules is exceeded. */
export async function enforce(db: DbOrTx, now: Date, checks: Array<[RateRule, string]>): Promise<void> {
  let worst = 0;
  for (const [rule, subject] of checks) {
    const result = await hit(db, rule, subject, now);
    if (!result.allowed) worst = Math.max(worst, result.retryAfterSeconds);
  }
  if (worst > 0) throw httpErrors.rateLimited(worst);
}

export async function pruneRateLimits(db: DbOrTx, now: Date): Promise<void> {
  await db.execute(
    sql`delete from rate_limits where window_start < ${new Date(now.getTime() - 86_400_000).toISOString()}`,
  );
  // Every backoff rule has forgotten all its failures well within a day.
  await db.execute(
    sql`delete from failure_counters where last_failure_at < ${new Date(now.getTime() - 86_400_000).toISOString()}`,
  );
}

/**
 * Growing delays instead of a lock-out (failure_counters): after `free`
 * failures, the next attempt must wait 2, 4, 8 … seconds after the last
 * failure, never more than `maxDelaySeconds`; one failure is forgotten every
 * `leakSeconds`.
 */
export interface BackoffRule {
  name: string;
  free: number;
  maxDelaySeconds: number;
  leakSeconds: number;
}

/** How long after the last failure the next attempt must wait. */
export function backoffSeconds(failures: number, free: number, maxDelaySeconds: number): number {
  if (failures < free || failures <= 0) return 0;
  return Math.min(maxDelaySeconds, 2 ** Math.min(30, failures - free + 1));
}

/** The failures still remembered: one leaks away every `leakSeconds` since the last one. */
export function rememberedFailures(failures: number, lastFailureAt: Date, leakSeconds: number, now: Date): number {
  const leaked = Math.floor(Math.max(0, now.getTime() - lastFailureAt.getTime()) / (leakSeconds * 1000));
  return Math.max(0, failures - leaked);
}
