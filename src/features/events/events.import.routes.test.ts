import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientFor, createTestApp, createUser } from '../../../test/helpers/app';
import type { TestClient } from '../../../test/helpers/client';
import { errorCode, multipartBody, SAME_ORIGIN } from '../../../test/helpers/http';
import { feedsOf } from './events.import.usecases';

const t = await createTestApp();
afterAll(() => t.close());
const DIR = path.resolve(import.meta.dirname, '../../../test/fixtures/ics');
const FIELDS = {
  kind: 'workshop',
  format: 'virtual',
  cost: 'free',
  organiserName: 'Example Consortium',
  timeZone: 'UTC',
};

async function upload(client: TestClient, file: File, fields: Record<string, string> = FIELDS) {
  const token = await client.csrf('/events/import');
  return client.request('/events/import', {
    method: 'POST',
    body: multipartBody({ _csrf: token, ...fields }, { file }),
    headers: SAME_ORIGIN,
  });
}

const fixture = (name: string) => new File([fs.readFileSync(path.join(DIR, name))], path.basename(name));

describe('the import form', () => {
  it('imports a file and lists its events on the answer', async () => {
    const client = await clientFor(t, await createUser(t.database, { role: 'editor' }));
    const res = await upload(client, fixture('outlook-example.ics'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Imported: 3 events');
    expect(html).toContain('Example webinar: Borrowing basics for new staff');
    expect(html).toMatch(/href="\/events\/\d+"/);
    // An all-day event (DATE values) shows its dates, as the list does, not midnights.
    expect(html).toMatch(
      /Example regional resource sharing day<\/a> <span class="meta">Thu, 15 Apr 2027 – Fri, 16 Apr 2027, all day<\/span>/,
    );
    expect(html).toContain('Wed, 6 Jan 2027, 10:00–11:00 (America/New_York, UTC−05:00)');
  });

  it('refuses a broken file whole with its line beside the field (400)', async () => {
    const client = await clientFor(t, await createUser(t.database, { role: 'editor' }));
    const res = await upload(client, fixture('broken/end-before-start.ics'));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('line 10: the event “Backwards” ends before it starts');
  });

  it('answers a 10 MB file with the form and the limit (413), reading none of it', async () => {
    const client = await clientFor(t, await createUser(t.database, { role: 'editor' }));
    const res = await upload(client, new File([new Uint8Array(10 * 1024 * 1024)], 'huge.ics'));
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('the limit is 2 MB');
    expect(html).toContain('id="f-file"');
  });

  it('says to a member outside any group that they may import only for a group they belong to (403)', async () => {
    const client = await clientFor(t, await createUser(t.database));
    const res = await upload(client, fixture('minimal.ics'));
    expect(res.status).toBe(403);
    expect(errorCode(await res.text())).toBeUndefined();
  });

  it('refuses a feed at a private address beside the address field', async () => {
    const client = await clientFor(t, await createUser(t.database, { role: 'editor' }));
    const res = await client.post(
      '/events/import/feeds',
      { ...FIELDS, url: 'http://192.168.1.10/cal.ics' },
      { from: '/events/import' },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('loopback, private or reserved');
  });

  it('refuses a second subscription of the same calendar beside the address field (400), storing nothing', async () => {
    const first = await createUser(t.database, { role: 'editor' });
    const subscribed = await (await clientFor(t, first)).post(
      '/events/import/feeds',
      { ...FIELDS, url: 'https://calendar.example/route-shared.ics' },
      { from: '/events/import' },
    );
    expect(subscribed.status).toBe(303);
    const second = await createUser(t.database, { role: 'editor' });
    const res = await (await clientFor(t, second)).post(
      '/events/import/feeds',
      { ...FIELDS, url: 'https://CALENDAR.EXAMPLE/route-shared.ics/' },
      { from: '/events/import' },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(
      /<p class="field-error" id="f-url-error"><span class="visually-hidden">Error: <\/span>That calendar is already subscribed on the hub/,
    );
    expect(html).toContain('value="https://CALENDAR.EXAMPLE/route-shared.ics/"');
    expect(await feedsOf(t.database.db, second.id)).toEqual([]);
    expect((await feedsOf(t.database.db, first.id)).map((f) => f.url)).toEqual([
      'https://calendar.example/route-shared.ics',
    ]);
  });
});
