import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Database, DbOrTx } from '../db/database';
import { rowsOf } from '../db/database';
import { textArray } from '../db/arrays';
import type { Logger } from '../logger';
import { jobs } from './jobs.table';

export const JOBS_CHANNEL = 'hub_jobs';

export interface EnqueueOptions {
  /** When the job becomes due: pass the use case's `now` (the injected clock), or a later time. */
  runAt: Date;
  maxAttempts?: number;
  dedupeKey?: string;
}

/**
 * Queue a job inside the caller's transaction: it exists exactly when the
 * change that asked for it is committed.
 */
export async function enqueue(
  db: DbOrTx,
  queue: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions,
): Promise<void> {
  await db
    .insert(jobs)
    .values({
      queue,
      payload,
      runAt: options.runAt,
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}),
    })
    .onConflictDoNothing();
  await db.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${queue})`);
}

/** What a handler is told about the job it runs. */
export interface JobContext {
  id: number;
  attempts: number;
  /**
   * Aborted when the worker is asked to stop (`stop()` waits for the running handler): a long handler should start
   * no new piece of work once it is, leaving the rest for its next run. Short handlers may ignore it.
   */
  signal: AbortSignal;
}

export type JobHandler = (payload: Record<string, unknown>, job: JobContext) => Promise<void>;

export interface ClaimedJob {
  id: number;
  queue: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

/** Delay before retry n (1-based): 5 s, 10 s, 20 s … capped at one hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 5 * 2 ** Math.max(0, attempt - 1));
}

const LOCK_SECONDS = 120;

/** Claim one due job. `FOR UPDATE SKIP LOCKED` lets any number of workers share the queue. */
export async function claimJob(
  db: DbOrTx,
  queues: string[],
  workerId: string,
  now: Date,
): Promise<ClaimedJob | undefined> {
  if (queues.length === 0) return undefined;
  const iso = now.toISOString();
  const lockedUntil = new Date(now.getTime() + LOCK_SECONDS * 1000).toISOString();
  const rows = rowsOf<ClaimedJob>(
    await db.execute(sql`
      update jobs set status = 'running', attempts = attempts + 1, locked_by = ${workerId}, locked_until = ${lockedUntil}
      where id = (
        select id from jobs
        where queue in (${sql.join(
          queues.map((q) => sql`${q}`),
          sql`, `,
        )})
          and ((status = 'pending' and run_at <= ${iso}) or (status = 'running' and locked_until < ${iso}))
        order by run_at, id
        for update skip locked
        limit 1
      )
      returning id, queue, payload, attempts, max_attempts`),
  );
  const row = rows[0];
  return row ? { ...row, id: Number(row.id) } : undefined;
}

export async function completeJob(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db.execute(
    sql`update jobs set status = 'done', completed_at = ${now.toISOString()}, locked_by = null, locked_until = null where id = ${id}`,
  );
}

/**
 * Finished jobs are kept this long for inspection, failed ones longer; then `pruneJobs` deletes them. Pending jobs of
 * a queue no handler serves any more (a queue retired by an upgrade) are deleted once they are `orphanDays` overdue.
 */
export const JOB_RETENTION = { doneDays: 7, failedDays: 30, orphanDays: 1, batch: 5_000 } as const;

/**
 * Delete finished jobs past their retention, at most `batch` of each kind a
 * call (the maintenance tick calls it every 10 minutes), so one call never
 * does unbounded work however long the queue has run.
 */
export async function pruneJobs(
  db: DbOrTx,
  now: Date,
  options: { servedQueues?: readonly string[] } = {},
): Promise<number> {
  const day = 86_400_000;
  const doneBefore = new Date(now.getTime() - JOB_RETENTION.doneDays * day).toISOString();
  const failedBefore = new Date(now.getTime() - JOB_RETENTION.failedDays * day).toISOString();
  const orphanBefore = new Date(now.getTime() - JOB_RETENTION.orphanDays * day).toISOString();
  // Without the list of served queues (a caller that does not know the handlers) no pending job is touched.
  const orphans = options.servedQueues
    ? sql`union all
        (select id from jobs where status = 'pending' and run_at < ${orphanBefore}
          and queue <> all(${textArray(options.servedQueues)}) limit ${JOB_RETENTION.batch})`
    : sql``;
  const deleted = rowsOf<{ id: number }>(
    await db.execute(sql`
      delete from jobs where id in (
        (select id from jobs where status = 'done' and completed_at < ${doneBefore} limit ${JOB_RETENTION.batch})
        union all
        (select id from jobs where status = 'failed' and run_at < ${failedBefore} limit ${JOB_RETENTION.batch})
        ${orphans}
      ) returning id`),
  );
  return deleted.length;
}

export async function failJob(db: DbOrTx, job: ClaimedJob, error: unknown, now: Date): Promise<'retry' | 'failed'> {
  const message = error instanceof Error ? error.message : String(error);
  if (job.attempts >= job.max_attempts) {
    await db.execute(
      sql`update jobs set status = 'failed', last_error = ${message}, locked_by = null, locked_until = null where id = ${job.id}`,
    );
    return 'failed';
  }
  const runAt = new Date(now.getTime() + backoffSeconds(job.attempts) * 1000).toISOString();
  await db.execute(
    sql`update jobs set status = 'pending', run_at = ${runAt}, last_error = ${message}, locked_by = null, locked_until = null where id = ${job.id}`,
  );
  return 'retry';
}

export interface WorkerOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  pollMs?: number;
  concurrency?: number;
}

export interface Worker {
  /** Run every due job now (tests call this instead of waiting for the poller). */
  drain(): Promise<number>;
  start(): Promise<void>;
  /** Tells a running handler (its `signal` aborts), claims no further job, and resolves once the handler returns. */
  stop(): Promise<void>;
}

export function createWorker(options: WorkerOptions): Worker {
  const { database, clock, logger, handlers } = options;
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const queues = Object.keys(handlers);
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = true;
  let inFlight: Promise<unknown> = Promise.resolve();
  let unlisten: (() => Promise<void>) | undefined;
  let wakeAgain = false;
  // Aborted by stop(); start() after a stop() begins with a fresh one.
  let stopping = new AbortController();

  async function runOne(): Promise<boolean> {
    const job = await claimJob(database.db, queues, workerId, clock.now());
    if (!job) return false;
    const handler = handlers[job.queue];
    try {
      if (!handler) throw new Error(`No handler for queue ${job.queue}`);
      await handler(job.payload, { id: job.id, attempts: job.attempts, signal: stopping.signal });
      await completeJob(database.db, job.id, clock.now());
    } catch (error) {
      const outcome = await failJob(database.db, job, error, clock.now());
      logger[outcome === 'failed' ? 'error' : 'warn']('job failed', {
        jobId: job.id,
        queue: job.queue,
        attempt: job.attempts,
        outcome,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return true;
  }

  async function drain(): Promise<number> {
    let count = 0;
    while (await runOne()) count++;
    return count;
  }

  /** The poller's drain: once stop() is called it claims no further job (they wait for the next worker). */
  async function drainUntilStopped(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && (await runOne()));
  }

  function wake() {
    if (stopped) return;
    if (running) {
      wakeAgain = true;
      return;
    }
    running = true;
    inFlight = drainUntilStopped(stopping.signal)
      .catch((error) =>
        logger.error('job worker error', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        running = false;
        if (wakeAgain && !stopped) {
          wakeAgain = false;
          wake();
        }
      });
  }

  return {
    drain,
    async start() {
      if (stopping.signal.aborted) stopping = new AbortController();
      stopped = false;
      unlisten = await database.listen(JOBS_CHANNEL, () => wake());
      timer = setInterval(wake, options.pollMs ?? 1000);
      timer.unref();
      wake();
    },
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer) clearInterval(timer);
      await unlisten?.();
      await inFlight;
    },
  };
}
