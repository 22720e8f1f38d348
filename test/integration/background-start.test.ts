import { afterAll, describe, expect, it } from 'vitest';
import { BACKGROUND_START_DELAY_MS, type Hub, startHub } from '../../src/hub';
import { MAIL_QUEUE, mailPayload } from '../../src/platform/mail/mail-job';
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
    await enqueue(database.db, MAIL_QUEUE, mailPayload({ to: 'waiting@library.test', subject: 'Queued while the hub was down', text: 'Hello.' }), { runAt: now });
    const mailer = captureMailer();
    hub = await startHub(testConfig({ port: 0, host: '127.0.0.1', seedContent: false, runWorkers: true }), { database, mailer });

    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
    expect(mailer.sent).toHaveLength(0);

    const deadline = Date.now() + BACKGROUND_START_DELAY_MS + 10_000;
    while (mailer.sent.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Queued while the hub was down']);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailer.sent).toHaveLength(1);
  }, 30_000);

  it('stops cleanly before background work has started: nothing starts on the closed database afterwards', async () => {
    const database = await createTestDatabase();
    await enqueue(database.db, MAIL_QUEUE, mailPayload({ to: 'later@library.test', subject: 'Not before the next start', text: 'Hello.' }), { runAt: new Date() });
    const mailer = captureMailer();
    const lines: string[] = [];
    const logger = createLogger('warn', (line) => lines.push(line));
    const early = await startHub(testConfig({ port: 0, host: '127.0.0.1', seedContent: false, runWorkers: true }), { database, mailer, logger });
    await early.stop();
    await new Promise((r) => setTimeout(r, BACKGROUND_START_DELAY_MS + 500));
    expect(mailer.sent).toHaveLength(0);
    expect(lines).toEqual([]);
  }, 30_000);
});
