/**
 * Measuring a real hub process while something tries to stall it (test/abuse):
 * /healthz is the witness, answered by the event loop alone.
 */
import { vi } from 'vitest';

/**
 * fetch, once more if a kept-alive socket turned out to be closed by the
 * server (the usual keep-alive race on a loaded machine, not a refusal).
 */
export async function fetchAgainOnReset(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url, init);
  }
}

/** Poll `/healthz` (a pause of `everyMs` between answers) until stopped; `stop()` returns each answer's time in ms. */
export function watchHealth(url: string, everyMs = 50) {
  const times: number[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetchAgainOnReset(`${url}/healthz`);
      await res.arrayBuffer();
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop(): Promise<number[]> {
      running = false;
      await done;
      return times;
    },
  };
}

/**
 * Wait until `/healthz` has answered within `quickMs` for `forMs` in a row
 * (at most `timeoutMs`): the hub starts its background work (jobs, loading
 * the Markdown renderer) a moment after it first answers, so measure after.
 */
export async function settle(url: string, { quickMs = 50, forMs = 2000, timeoutMs = 30_000 } = {}): Promise<void> {
  const wanted = Math.ceil(forMs / 50);
  let quick = 0;
  // Not settled within the time: measure anyway (the measurements' own ceilings then speak).
  await vi
    .waitFor(
      async () => {
        const started = performance.now();
        await (await fetchAgainOnReset(`${url}/healthz`)).arrayBuffer();
        quick = performance.now() - started < quickMs ? quick + 1 : 0;
        if (quick < wanted) throw new Error(`${quick} quick answers in a row of ${wanted}`);
      },
      { timeout: timeoutMs, interval: 50 },
    )
    .catch(() => {});
}
