import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../src/platform/db/database';
import { httpClient, pageWhen } from '../helpers/client';
import { useTwoHubs } from '../helpers/two-hubs';

const hubs = useTwoHubs('two-hubs');

describe('two hub processes on one PostgreSQL database', () => {
  it('both loaded the starter content exactly once', async () => {
    const rows = await hubs.database.db.execute(
      'select count(*)::int as n, count(distinct slug)::int as d from articles' as never,
    );
    const { n, d } = (rows as unknown as { rows: Array<{ n: number; d: number }> }).rows[0]!;
    expect(n).toBeGreaterThan(100);
    expect(n).toBe(d);
  });

  it('a session made on one process is honoured by the other', async () => {
    const onA = httpClient(hubs.a.url);
    const email = `twin${Date.now()}@library.test`;
    const res = await onA.post(
      '/sign-up',
      { email, displayName: 'Twin Tester', username: `twin${Date.now() % 100000}`, password: 'a long enough password' },
      { from: '/sign-up' },
    );
    expect(res.status).toBe(303);
    const onB = httpClient(hubs.b.url);
    onB.cookies = new Map(onA.cookies);
    const account = await onB.get('/account');
    expect(account.status).toBe(200);
    expect(await account.text()).toContain(email);
  });

  it('an edit through one process reaches anonymous readers of the other, whose page cache is dropped by NOTIFY', async () => {
    const reader = httpClient(hubs.b.url);
    const before = await (await reader.get('/articles/hard-citations')).text();
    expect(before).not.toContain('Edited through process A');
    // Read twice so process B certainly serves it from its render cache.
    expect((await reader.get('/articles/hard-citations')).status).toBe(200);

    // An editor signs up on process A (promoted in the database) and edits there.
    const author = httpClient(hubs.a.url);
    const email = `author${Date.now()}@library.test`;
    await author.post(
      '/sign-up',
      { email, displayName: 'Author A', username: `author${Date.now() % 100000}`, password: 'a long enough password' },
      { from: '/sign-up' },
    );
    await hubs.database.db.execute(`update users set role = 'editor' where email = '${email}'` as never);
    const editPage = await author.get('/articles/hard-citations/edit');
    expect(editPage.status).toBe(200);
    const html = author.lastHtml;
    const field = (name: string) => html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`))?.[1] ?? '';
    const textarea = (name: string) => html.match(new RegExp(`name="${name}"[^>]*>([\\s\\S]*?)</textarea>`))?.[1] ?? '';
    const decode = (s: string) =>
      s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    const topics = [...html.matchAll(/name="topicSlugs" value="([^"]+)" checked/g)].map((m) => m[1]!);
    const saved = await author.post('/articles/hard-citations', {
      title: decode(field('title')),
      summary: decode(textarea('summary')),
      type: 'how-to',
      audience: 'new',
      body: `${decode(textarea('body'))}\n\nEdited through process A.`,
      topicSlugs: topics,
      licence: 'CC-BY-4.0',
      sources: decode(textarea('sources')),
      baseRevision: field('baseRevision'),
      message: 'Two-process test',
    });
    expect(saved.status).toBe(303);
    await pageWhen(reader, '/articles/hard-citations', (html) => expect(html).toContain('Edited through process A'));
  });

  it('counts failed sign-ins across both processes for the throttle', async () => {
    const email = `limited${Date.now()}@library.test`;
    const statuses: number[] = [];
    // PASSWORD_THROTTLE.pair allows 5 failures from one address for one account, wherever they land;
    // the next attempt must wait 2 seconds after the last failure.
    for (let i = 0; i < 6; i++) {
      const client = httpClient(i % 2 === 0 ? hubs.a.url : hubs.b.url);
      const res = await client.post('/sign-in', { email, password: 'wrong password here' }, { from: '/sign-in' });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });

  it('sends a queued email once even though both processes run job workers', async () => {
    const author = httpClient(hubs.a.url);
    const email = `mailer${Date.now()}@library.test`;
    await author.post(
      '/sign-up',
      { email, displayName: 'Mail Once', username: `mail${Date.now() % 100000}`, password: 'a long enough password' },
      { from: '/sign-up' },
    );
    const outbox = path.join(hubs.dataDir, 'mail');
    // Done once, claimed once: a second claim (the other process) would have counted a second attempt.
    const job = async () =>
      rowsOf<{ status: string; attempts: number }>(
        await hubs.database.db.execute(
          sql`select status, attempts from jobs where queue = 'mail.send' and payload->>'to' = ${email}`,
        ),
      );
    await vi.waitFor(async () => expect(await job()).toEqual([{ status: 'done', attempts: 1 }]), {
      timeout: 10_000,
      interval: 50,
    });
    const copies = fs
      .readdirSync(outbox)
      .filter((f) => fs.readFileSync(path.join(outbox, f), 'utf8').includes(`To: ${email}`));
    expect(copies).toHaveLength(1);
  });
});
