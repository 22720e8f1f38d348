import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../http/errors';
import { WorkerPool, WorkerPoolFullError, type WorkerPoolOptions, WorkerTaskTimeoutError } from './pool';
import { offload } from './shared';

const pools: WorkerPool[] = [];

function fixturePool(options: Partial<WorkerPoolOptions> = {}): WorkerPool {
  const pool = new WorkerPool({
    entry: new URL('./tsx-worker.mjs', import.meta.url),
    workerData: { entry: new URL('./fixtures/tasks.ts', import.meta.url).href },
    maxThreads: 1,
    queueLimit: 4,
    idleTimeoutMs: 60_000,
    taskTimeoutMs: 20_000,
    ...options,
  });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('the worker pool', () => {
  it('starts a thread only when the first task arrives, and runs tasks there', async () => {
    const pool = fixturePool();
    expect(pool.stats.threads).toBe(0);
    expect(await pool.run<number>('double', 21)).toBe(42);
    expect(await pool.run<number>('double', 4)).toBe(8);
    expect(pool.started).toBe(1);
  });

  it('passes a task’s error back and keeps serving', async () => {
    const pool = fixturePool();
    await expect(pool.run('fail', 'no such revision')).rejects.toThrow('no such revision');
    await expect(pool.run('nonexistent', null)).rejects.toThrow('unknown task nonexistent');
    expect(await pool.run<number>('double', 1)).toBe(2);
  });

  it('refuses a task when every thread is busy and the queue is full', async () => {
    const pool = fixturePool({ queueLimit: 1 });
    const running = pool.run('forever', null);
    const queued = pool.run<number>('double', 5);
    await expect(pool.run('double', 6)).rejects.toBeInstanceOf(WorkerPoolFullError);
    expect(pool.stats).toEqual({ threads: 1, busy: 1, queued: 1 });
    running.catch(() => {});
    queued.catch(() => {});
  });

  it('answers a full queue with 503 and Retry-After when offloading for a request', async () => {
    const pool = fixturePool({ queueLimit: 0 });
    pool.run('forever', null).catch(() => {});
    const refused = await offload('double', 1, { pool }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ status: 503, code: 'http.busy', details: { retryAfterSeconds: 5 } });
  });

  it('stops a task that overruns its time limit and runs the next one on a fresh thread', async () => {
    const pool = fixturePool();
    const stuck = pool.run('forever', null, { timeoutMs: 200 });
    const next = pool.run<number>('double', 7);
    await expect(stuck).rejects.toBeInstanceOf(WorkerTaskTimeoutError);
    expect(await next).toBe(14);
    expect(pool.started).toBe(2);
    const viaOffload = await offload('forever', null, { pool, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(viaOffload).toMatchObject({ status: 503, code: 'http.took_too_long' });
  });

  it('fails the task of a thread that dies, and keeps going', async () => {
    const pool = fixturePool();
    const crashed = pool.run('crash', null);
    const next = pool.run<number>('double', 8);
    await expect(crashed).rejects.toThrow(/exited with code 3/);
    expect(await next).toBe(16);
  });

  it('stops idle threads after the idle timeout, and starts one again when needed', async () => {
    const pool = fixturePool({ idleTimeoutMs: 50 });
    await pool.run('double', 1);
    await vi.waitFor(() => expect(pool.stats.threads).toBe(0), { timeout: 10_000, interval: 20 });
    expect(await pool.run<number>('double', 2)).toBe(4);
    expect(pool.started).toBe(2);
  });
});
