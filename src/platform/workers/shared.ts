import os from 'node:os';
import { httpErrors } from '../http/errors';
import { WorkerPool, WorkerPoolFullError, type WorkerPoolOptions, WorkerTaskTimeoutError } from './pool';

/**
 * The hub's one pool for expensive work that must not run on the event loop.
 * Its tasks are registered in src/worker.ts (the worker entry, bundled to
 * dist/worker.js beside dist/main.js by scripts/build-server.mjs).
 *
 * Small on purpose: each thread costs about 10–20 MiB, and on a 2-core machine
 * one thread leaves a core for the event loop (and the embedded database on it).
 */
export const SHARED_POOL_LIMITS = {
  maxThreads: Math.max(1, Math.min(2, os.availableParallelism() - 1)),
  /** Waiting tasks beyond the running ones: at about half a second a task, nobody waits more than a few seconds. */
  queueLimit: 8,
  /** A thread holds 30–50 MiB once it has compared large revisions: give it back soon after a burst. */
  idleTimeoutMs: 15_000,
  taskTimeoutMs: 5_000,
  /** Seconds a refused request is told to wait (Retry-After). */
  retryAfterSeconds: 5,
  /** Heap limits per thread (old and young generation): a task needing more fails rather than growing the hub. */
  heapMb: 64,
  youngHeapMb: 8,
} as const;

/**
 * Where a worker entry is: src/<name>.ts under tsx or vitest, dist/<name>.js in the bundle. The shared pool's is
 * src/worker.ts; a pool for one kind of work may have a leaner entry of its own (src/read-worker.ts).
 */
export function workerEntry(name = 'worker'): Pick<WorkerPoolOptions, 'entry' | 'workerData'> {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { entry: new URL('./tsx-worker.mjs', here), workerData: { entry: new URL(`../../${name}.ts`, here).href } };
  }
  return { entry: new URL(`./${name}.js`, here), workerData: undefined };
}

/** The shared pool's entry (src/worker.ts, dist/worker.js). */
export const sharedPoolEntry = (): Pick<WorkerPoolOptions, 'entry' | 'workerData'> => workerEntry('worker');

let shared: WorkerPool | undefined;

export function sharedPool(): WorkerPool {
  shared ??= new WorkerPool({
    ...sharedPoolEntry(),
    maxThreads: SHARED_POOL_LIMITS.maxThreads,
    queueLimit: SHARED_POOL_LIMITS.queueLimit,
    idleTimeoutMs: SHARED_POOL_LIMITS.idleTimeoutMs,
    taskTimeoutMs: SHARED_POOL_LIMITS.taskTimeoutMs,
    resourceLimits: {
      maxOldGenerationSizeMb: SHARED_POOL_LIMITS.heapMb,
      maxYoungGenerationSizeMb: SHARED_POOL_LIMITS.youngHeapMb,
    },
  });
  return shared;
}

/** Tests: use this pool (a fixture with a small queue) in place of the shared one. */
export function replaceSharedPool(pool: WorkerPool | undefined): void {
  shared = pool;
}

/** Stop the shared pool's threads (the hub's stop). A later task starts a new pool. */
export async function stopSharedPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}

/**
 * Run a task off the event loop, as a request handler wants it: a full queue
 * becomes "busy, try again in a few seconds" (503 + Retry-After), an overrun a
 * 503 that says so.
 */
export async function offload<T>(
  task: string,
  input: unknown,
  options: { timeoutMs?: number; pool?: WorkerPool } = {},
): Promise<T> {
  try {
    return await (options.pool ?? sharedPool()).run<T>(
      task,
      input,
      options.timeoutMs ? { timeoutMs: options.timeoutMs } : {},
    );
  } catch (error) {
    if (error instanceof WorkerPoolFullError) throw httpErrors.busy(SHARED_POOL_LIMITS.retryAfterSeconds);
    if (error instanceof WorkerTaskTimeoutError) throw httpErrors.tookTooLong();
    throw error;
  }
}
