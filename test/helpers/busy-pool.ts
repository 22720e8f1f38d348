import { WorkerPool } from '../../src/platform/workers/pool';
import { replaceSharedPool } from '../../src/platform/workers/shared';

/**
 * Run `body` while the shared worker pool is saturated: its one thread is stuck
 * on a task that never ends and its queue takes nothing, so every task is
 * refused at once (503 `http.busy`). The real pool comes back afterwards.
 */
export async function withBusyPool(body: () => Promise<void>): Promise<void> {
  const busy = new WorkerPool({
    entry: new URL('../../src/platform/workers/tsx-worker.mjs', import.meta.url),
    workerData: { entry: new URL('../../src/platform/workers/fixtures/tasks.ts', import.meta.url).href },
    maxThreads: 1,
    queueLimit: 0,
    idleTimeoutMs: 60_000,
    taskTimeoutMs: 60_000,
  });
  busy.run('forever', null).catch(() => {});
  replaceSharedPool(busy);
  try {
    await body();
  } finally {
    replaceSharedPool(undefined);
    await busy.close();
  }
}
