import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { errorCode } from '../../../test/helpers/http';
import { search } from '../../platform/search/search';
import { stopSharedPool } from '../../platform/workers/shared';
import { buildExample } from './iso18626/builder';
import { ISO18626_LIMITS } from './iso18626/iso18626.models';
import { toolsModule } from './tools.module';

let t: TestApp;
let client: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  client = new TestClient(t.app);
});
afterAll(async () => {
  await stopSharedPool();
  await t.close();
});

const check = async (xml: string) => {
  await client.get('/tools/iso18626');
  const res = await client.post('/tools/iso18626', { xml });
  return { status: res.status, html: await res.text() };
};

describe('the tools pages', () => {
  it('lists the tools, and the checker offers a valid example of each message type', async () => {
    const index = await client.get('/tools');
    const html = await index.text();
    expect(index.status).toBe(200);
    expect(html).toContain('href="/tools/iso18626"');
    expect(html).toContain('href="/tools/openurl"');
    const page = await (await client.get('/tools/iso18626?example=requestingAgencyMessage')).text();
    expect(page).toContain('&lt;action&gt;Received&lt;/action&gt;');
    expect(page).toContain('href="/tools/iso18626?example=supplyingAgencyMessageConfirmation"');
  });

  it('are found by search as tools', async () => {
    await toolsModule.seed?.(t.deps);
    const result = await search(t.database.db, { q: 'OpenURL inspector' });
    expect(result.hits[0]).toMatchObject({ kind: 'tool', url: '/tools/openurl' });
  });
});

describe('checking an ISO 18626 message', () => {
  it('answers 400 with the line and a plain explanation when the message is wrong', async () => {
    const xml = buildExample('supplyingAgencyMessage', t.clock.now()).replace(
      '<status>Loaned</status>',
      '<status>Sent</status>',
    );
    const line = xml.split('\n').findIndex((l) => l.includes('<status>Sent')) + 1;
    const { status, html } = await check(xml);
    expect(status).toBe(400);
    expect(html).toContain('Not valid: 1 error');
    expect(html).toContain(
      `<strong>Line ${line}: </strong>The status “Sent” is not one of the values ISO 18626 allows`,
    );
  });

  it('answers 200 and names the message type when the message is valid', async () => {
    const { status, html } = await check(buildExample('request', t.clock.now()));
    expect(status).toBe(200);
    expect(html).toContain('Valid: Request');
  });

  it('refuses a DTD (entity expansion) with 400, before any validator runs', async () => {
    const { status, html } = await check('<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]>\n<x>&a;</x>');
    expect(status).toBe(400);
    expect(html).toContain('declares a DOCTYPE or entities');
    expect(html).not.toContain('root:');
  });

  it('refuses a message over the limit with 413 and says the limit', async () => {
    const { status, html } = await check(`<x>${'a'.repeat(ISO18626_LIMITS.maxBytes)}</x>`);
    expect(status).toBe(413);
    expect(html).toContain('The limit is 256 KB');
  });

  it('refuses a 5 MB upload with 413 on the checker page, unread', async () => {
    await client.get('/tools/iso18626');
    const form = new FormData();
    form.append('_csrf', await client.csrf());
    form.append('file', new File(['<x>', 'a'.repeat(5 * 1024 * 1024), '</x>'], 'big.xml', { type: 'text/xml' }));
    const res = await client.request('/tools/iso18626', {
      method: 'POST',
      body: form,
      headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
    });
    const html = await res.text();
    expect(res.status).toBe(413);
    expect(html).toContain('The limit is 256 KB');
    expect(html).toContain('ISO 18626 message checker');
  });

  it('still refuses a post without the form token', async () => {
    const res = await client.post('/tools/iso18626', { xml: '<x/>' }, { csrf: false });
    expect(errorCode(await res.text())).toBe('http.csrf_failed');
  });
});

describe('inspecting an OpenURL', () => {
  it('labels the parts in plain words and says what is missing, from a plain GET form', async () => {
    const url =
      'https://resolver.example.org/r?genre=article&title=Journal+of+ILL&atitle=Borrowing&date=2020&issn=0028-0837';
    const res = await client.get(`/tools/openurl?url=${encodeURIComponent(url)}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<dt>Journal or book title</dt><dd>Journal of ILL</dd>');
    expect(html).toContain('has a wrong check digit (it should end in 6)');
    expect(html).toContain('No start page');
  });
});
