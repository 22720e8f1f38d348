import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BACKGROUND_START_DELAY_MS, type Hub, startHub } from '../../src/hub';
import { MAIL_QUEUE, mailPayload } from '../../src/platform/mail/mail-job';
import { jobs } from '../../src/platform/jobs/jobs.table';
import { enqueue } from '../../src/platform/jobs/queue';
import { createLogger } from '../../src/platform/logger';
import { captureMailer, testConfig } from '../helpers/app';
import { createTestDatabase } from '../helpers/db';

// Jobs that waited while the hub was down are run after a restart, but only
// once the hub already answers: on the embedded database every query runs on
// the hub's one thread, so a backlog must not hold up the first requests.
let hub: Hub | undefined;
afterAll(async () => {
  await hub?.stop();
});

describe('background work after a start', () => {
  it('answers requests first, then sends the mail that was waiting, once', async () => {
    const database = await createTestDatabase();
    const now = new Date();
    await enqueue(
      database.db,
      MAIL_QUEUE,
      mailPayload({ to: 'waiting@library.test', subject: 'Queued while the hub was down', text: 'Hello.' }),
      { runAt: now },
    );
    const mailer = captureMailer();
    hub = await startHub(testConfig({ port: 0, host: '127.0.0.1', seedContent: false, runWorkers: true }), {
      database,
      mailer,
    });

    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
    expect(mailer.sent).toHaveLength(0);

    // Done after one claim: a second run would have claimed it again (attempts 2) or left it pending.
    const job = async () =>
      (
        await database.db
          .select({ status: jobs.status, attempts: jobs.attempts })
          .from(jobs)
          .where(eq(jobs.queue, MAIL_QUEUE))
      ).map((j) => ({ ...j }));
    await vi.waitFor(async () => expect(await job()).toEqual([{ status: 'done', attempts: 1 }]), {
      timeout: BACKGROUND_START_DELAY_MS + 10_000,
      interval: 20,
    });
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Queued while the hub was down']);
  }, 30_000);

  it('stops cleanly before background work has started: nothing starts on the closed database afterwards', async () => {
    const database = await createTestDatabase();
    await enqueue(
      database.db,
      MAIL_QUEUE,
      mailPayload({ to: 'later@library.test', subject: 'Not before the next start', text: 'Hello.' }),
      { runAt: new Date() },
    );
    const mailer = captureMailer();
    const lines: string[] = [];
    const logger = createLogger('warn', (line) => lines.push(line));
    // The hub's own timers are fake here, so "afterwards" is a step of the test, not a pause.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const early = await startHub(testConfig({ port: 0, host: '127.0.0.1', seedContent: false, runWorkers: true }), {
        database,
        mailer,
        logger,
      });
      await early.stop();
      // On PostgreSQL the test's own pool (which outlives the hub) keeps an idle timer per idle connection; the
      // hub's timers are gone on both engines, and what follows proves nothing of the hub's runs afterwards.
      if (database.kind === 'pglite') expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(BACKGROUND_START_DELAY_MS * 10);
    } finally {
      vi.useRealTimers();
    }
    expect(mailer.sent).toHaveLength(0);
    expect(lines).toEqual([]);
  }, 30_000);
});
