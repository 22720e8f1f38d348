import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db';
import { fixedClock } from '../clock';
import type { Database } from '../db/database';
import { rowsOf } from '../db/database';
import { createLogger } from '../logger';
import { backoffSeconds, claimJob, createWorker, enqueue, pruneJobs } from './queue';
import { tickSchedules } from './scheduler';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function jobRow(id: number) {
  return rowsOf<{ status: string; attempts: number; run_at: string; last_error: string | null }>(
    await database.db.execute(sql`select status, attempts, run_at, last_error from jobs where id = ${id}`),
  )[0]!;
}

describe('job queue', () => {
  it('prunes finished jobs after 7 days and failed ones after 30, keeping pending work', async () => {
    const now = new Date('2026-06-30T12:00:00Z');
    const at = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    await database.db.execute(sql`
      insert into jobs (queue, payload, run_at, status, completed_at) values
        ('test.prune', '{"k":"done-old"}', ${at(9)}, 'done', ${at(8)}),
        ('test.prune', '{"k":"done-recent"}', ${at(3)}, 'done', ${at(2)}),
        ('test.prune', '{"k":"failed-old"}', ${at(31)}, 'failed', null),
        ('test.prune', '{"k":"failed-recent"}', ${at(10)}, 'failed', null),
        ('test.prune', '{"k":"pending-old"}', ${at(40)}, 'pending', null)`);
    expect(await pruneJobs(database.db, now)).toBe(2);
    const left = rowsOf<{ k: string }>(
      await database.db.execute(sql`select payload->>'k' as k from jobs where queue = 'test.prune' order by k`),
    ).map((r) => r.k);
    expect(left).toEqual(['done-recent', 'failed-recent', 'pending-old']);
    expect(await pruneJobs(database.db, now)).toBe(0);
  });

  it('deletes pending jobs of a queue no handler serves once a day overdue, when told the served queues', async () => {
    // The first test's jobs are still there; at its time nothing of them is due for pruning (test.prune is served).
    const now = new Date('2026-06-30T12:00:00Z');
    const at = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();
    await database.db.execute(sql`
      insert into jobs (queue, payload, run_at, status) values
        ('notifications.article-scan', '{"k":"retired-old"}', ${at(30)}, 'pending'),
        ('notifications.article-event', '{"k":"retired-recent"}', ${at(2)}, 'pending'),
        ('test.served', '{"k":"served-old"}', ${at(30)}, 'pending'),
        ('test.served', '{"k":"served-running"}', ${at(30)}, 'running')`);
    const left = async () =>
      rowsOf<{ k: string }>(
        await database.db.execute(sql`select payload->>'k' as k from jobs where queue <> 'test.prune' order by k`),
      ).map((r) => r.k);
    expect(await pruneJobs(database.db, now)).toBe(0);
    expect(await pruneJobs(database.db, now, { servedQueues: ['test.served', 'test.prune'] })).toBe(1);
    expect(await left()).toEqual(['retired-recent', 'served-old', 'served-running']);
  });

  it('backs off exponentially and caps the delay at an hour', () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([5, 10, 20, 40]);
    expect(backoffSeconds(20)).toBe(3600);
  });

  it('retries a failing job later with backoff, then completes it, never losing it', async () => {
    const clock = fixedClock('2026-05-01T10:00:00Z');
    let calls = 0;
    const worker = createWorker({
      database,
      clock,
      logger: createLogger('silent'),
      handlers: {
        'test.flaky': async () => {
          calls++;
          if (calls < 3) throw new Error(`SMTP unavailable (${calls})`);
        },
      },
    });
    await enqueue(database.db, 'test.flaky', { n: 1 }, { runAt: clock.now() });
    expect(await worker.drain()).toBe(1);
    const ids = rowsOf<{ id: number }>(await database.db.execute(sql`select id from jobs where queue = 'test.flaky'`));
    const id = Number(ids[0]!.id);
    let row = await jobRow(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMTP unavailable (1)' });
    expect(new Date(row.run_at).toISOString()).toBe('2026-05-01T10:00:05.000Z');
    // Not due yet: nothing runs.
    expect(await worker.drain()).toBe(0);
    clock.advance(5_000);
    await worker.drain();
    row = await jobRow(id);
    expect(row.attempts).toBe(2);
    expect(new Date(row.run_at).toISOString()).toBe('2026-05-01T10:00:15.000Z');
    clock.advance(10_000);
    await worker.drain();
    expect((await jobRow(id)).status).toBe('done');
    expect(calls).toBe(3);
  });

  it('marks a job failed after its last attempt, keeping the error', async () => {
    const clock = fixedClock('2026-05-02T10:00:00Z');
    const worker = createWorker({
      database,
      clock,
      logger: createLogger('silent'),
      handlers: { 'test.broken': async () => Promise.reject(new Error('bad address')) },
    });
    await enqueue(database.db, 'test.broken', {}, { maxAttempts: 2, runAt: clock.now() });
    await worker.drain();
    clock.advance(60_000);
    await worker.drain();
    const row = rowsOf<{ status: string; last_error: string }>(
      await database.db.execute(sql`select status, last_error from jobs where queue = 'test.broken'`),
    )[0]!;
    expect(row).toEqual({ status: 'failed', last_error: 'bad address' });
  });

  it('gives each due job to one worker only', async () => {
    const now = new Date('2026-05-03T10:00:00Z');
    for (let i = 0; i < 5; i++) await enqueue(database.db, 'test.shared', { i }, { runAt: now });
    const claimed = [];
    for (let i = 0; i < 7; i++) claimed.push(await claimJob(database.db, ['test.shared'], `worker-${i % 2}`, now));
    const ids = claimed.filter(Boolean).map((j) => j!.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });

  it('runs a job again when its worker died holding it (lock expired)', async () => {
    const now = new Date('2026-05-04T10:00:00Z');
    await enqueue(database.db, 'test.orphan', {}, { runAt: now });
    const first = await claimJob(database.db, ['test.orphan'], 'dead-worker', now);
    expect(first).toBeDefined();
    expect(
      await claimJob(database.db, ['test.orphan'], 'live-worker', new Date(now.getTime() + 60_000)),
    ).toBeUndefined();
    const again = await claimJob(database.db, ['test.orphan'], 'live-worker', new Date(now.getTime() + 121_000));
    expect(again?.id).toBe(first?.id);
  });

  it('enqueues a job with a dedupe key once, even after that job has run', async () => {
    const clock = fixedClock('2026-05-05T10:00:00Z');
    const worker = createWorker({
      database,
      clock,
      logger: createLogger('silent'),
      handlers: { 'test.dedupe': async () => {} },
    });
    await enqueue(database.db, 'test.dedupe', {}, { dedupeKey: 'digest:2026-05-05:user-1', runAt: clock.now() });
    await enqueue(database.db, 'test.dedupe', {}, { dedupeKey: 'digest:2026-05-05:user-1', runAt: clock.now() });
    expect(await worker.drain()).toBe(1);
    await enqueue(database.db, 'test.dedupe', {}, { dedupeKey: 'digest:2026-05-05:user-1', runAt: clock.now() });
    expect(await worker.drain()).toBe(0);
    const n = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from jobs where queue = 'test.dedupe'`),
    )[0]!.n;
    expect(n).toBe(1);
  });

  it('queues each schedule once per period, however many processes tick', async () => {
    const clock = fixedClock('2026-05-06T13:20:00Z');
    const runs: string[] = [];
    const worker = createWorker({
      database,
      clock,
      logger: createLogger('silent'),
      handlers: { 'test.hourly': async (payload) => void runs.push(String(payload.periodStart)) },
    });
    const schedules = [{ queue: 'test.hourly', everyMinutes: 60 }];
    await tickSchedules(database, clock, schedules);
    await tickSchedules(database, clock, schedules); // a second process, same minute
    clock.advance(30 * 60_000); // 13:50, same hour
    await tickSchedules(database, clock, schedules);
    await worker.drain();
    clock.advance(15 * 60_000); // 14:05, next hour
    await tickSchedules(database, clock, schedules);
    await worker.drain();
    expect(runs).toEqual(['2026-05-06T13:00:00.000Z', '2026-05-06T14:00:00.000Z']);
  });

  it('tells a running handler the worker is stopping, and stop() resolves once that handler returns', async () => {
    const clock = fixedClock('2026-05-07T10:00:00Z');
    const seen: boolean[] = [];
    let entered!: () => void;
    const started = new Promise<void>((r) => {
      entered = r;
    });
    let runs = 0;
    // The handler returns only when the test lets it: stop() cannot resolve before that, however busy the machine.
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const worker = createWorker({
      database,
      clock,
      logger: createLogger('silent'),
      pollMs: 20,
      handlers: {
        'test.stopping': async (_payload, job) => {
          runs++;
          seen.push(job.signal.aborted);
          entered();
          // A long handler's loop: one piece of work after another until told to stop.
          while (!job.signal.aborted) await new Promise((r) => setTimeout(r, 5));
          seen.push(job.signal.aborted);
          await released;
        },
      },
    });
    await enqueue(database.db, 'test.stopping', { n: 1 }, { runAt: clock.now() });
    await enqueue(database.db, 'test.stopping', { n: 2 }, { runAt: clock.now() });
    await worker.start();
    await started;
    expect(seen).toEqual([false]);
    let stopDone = false;
    const stopping = worker.stop().then(() => {
      stopDone = true;
    });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen).toEqual([false, true]);
    // The handler saw the signal and is still running: stop() waits for it.
    expect(stopDone).toBe(false);
    release();
    await stopping;
    expect(stopDone).toBe(true);
    // The job that was running finished; the next one was not claimed once stop() was called.
    const rows = rowsOf<{ n: string; status: string }>(
      await database.db.execute(
        sql`select payload->>'n' as n, status from jobs where queue = 'test.stopping' order by id`,
      ),
    );
    expect(rows).toEqual([
      { n: '1', status: 'done' },
      { n: '2', status: 'pending' },
    ]);
    expect(runs).toBe(1);
  });

  it('gives a handler run by drain() a signal that is not aborted', async () => {
    const clock = fixedClock('2026-05-08T10:00:00Z');
    const seen: boolean[] = [];
    const worker = createWorker({
      database,
      clock,
      logger: createLogger('silent'),
      handlers: { 'test.drain-signal': async (_payload, job) => void seen.push(job.signal.aborted) },
    });
    await enqueue(database.db, 'test.drain-signal', {}, { runAt: clock.now() });
    expect(await worker.drain()).toBe(1);
    expect(seen).toEqual([false]);
  });

  it('queues nothing when the transaction that asked for the job rolls back', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await enqueue(tx, 'test.rollback', {}, { runAt: new Date() });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const n = rowsOf<{ n: number }>(
      await database.db.execute(sql`select count(*)::int as n from jobs where queue = 'test.rollback'`),
    )[0]!.n;
    expect(n).toBe(0);
  });
});
