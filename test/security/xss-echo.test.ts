import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp, clientFor, type TestUser } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { type ScannedTag, tokenize } from './html-scan';
import { expectInert, PAYLOADS } from './payloads';
import { addTopic, newArticle } from '../helpers/content';

/** Text that comes straight from the address bar or a header and is shown back on the page. */
let t: TestApp;
let member: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  member = await createUser(t.database);
  // Something to find, so result lists, snippets and "did you mean" suggestions appear.
  await newArticle(t, member, {
    title: 'Alert lenders about overdue returnables',
    body: 'Send an alert to the lender when a returnable is overdue. Script the reminder in your ILL system.',
  });
  await newArticle(t, member, {
    title: 'Javascript bookmarklets for ILL staff',
    body: 'A bookmarklet can fill the request form. Onerror handling is left to the reader.',
  });
});
afterAll(() => t.close());

const inputNamed = (html: string, id: string): ScannedTag | undefined =>
  tokenize(html).find((tag) => tag.name === 'input' && tag.attrs.some(([k, v]) => k === 'id' && v === id));
const valueIn = (tag: ScannedTag | undefined) => tag?.attrs.find(([k]) => k === 'value')?.[1];

async function inert(client: TestClient, path: string, status: number): Promise<string> {
  const res = await client.get(path);
  expect(res.status, path).toBe(status);
  const html = await res.text();
  expectInert(html, path);
  return html;
}

describe('the search query', () => {
  for (const payload of PAYLOADS) {
    it(`shows ${JSON.stringify(payload)} back as text in the heading, the search form and the header box`, async () => {
      for (const client of [new TestClient(t.app), await clientFor(t, member)]) {
        const q = `alert ${payload}`;
        const html = await inert(
          client,
          `/search?q=${encodeURIComponent(q)}&topic=${encodeURIComponent(payload)}&page=2`,
          200,
        );
        // The exact text typed is what each box holds: proof it was echoed, and escaped rather than dropped.
        expect(valueIn(inputNamed(html, 'site-search-q'))).toBe(q);
        expect(valueIn(inputNamed(html, 'search-q'))).toBe(q);
        await inert(client, `/search?q=${encodeURIComponent(payload)}`, 200);
        await inert(client, `/search?q=${encodeURIComponent(`${payload} alrt lendr`)}`, 200);
      }
    });
  }

  it('keeps list filters from the address bar out of the page when they are not known values', async () => {
    for (const payload of PAYLOADS) {
      const q = encodeURIComponent(payload);
      await inert(new TestClient(t.app), `/articles?topic=${q}&type=${q}&audience=${q}&sort=${q}&page=${q}`, 200);
    }
  });
});

describe('the sign-in `next` parameter', () => {
  it('is carried in the form as inert text, whatever it holds', async () => {
    for (const payload of PAYLOADS) {
      t.clock.advance(86_400_000); // every earlier wrong password forgotten (PASSWORD_THROTTLE)
      for (const next of [`/${payload}`, `/articles?x=${payload}`, payload]) {
        const client = new TestClient(t.app);
        const html = await inert(client, `/sign-in?next=${encodeURIComponent(next)}`, 200);
        const hidden = tokenize(html).find(
          (tag) => tag.name === 'input' && tag.attrs.some(([k, v]) => k === 'name' && v === 'next'),
        );
        const carried = hidden?.attrs.find(([k]) => k === 'value')?.[1];
        // Only a same-site path is kept; anything else is dropped, never shown as a link.
        if (next.startsWith('/')) expect(carried).toBe(next);
        else expect(carried).toBeUndefined();
        const again = await client.post('/sign-in', { email: member.email, password: 'not the password', next });
        expect(again.status).toBe(400);
        expectInert(await again.text(), `sign-in again with next=${next}`);
      }
    }
  });

  it('never carries a javascript: or data: address, however it is spelt', async () => {
    for (const next of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '\tjavascript:alert(1)',
    ]) {
      const html = await inert(new TestClient(t.app), `/sign-in?next=${encodeURIComponent(next)}`, 200);
      expect(html).not.toContain('name="next"');
    }
  });
});

describe('addresses shown on error pages', () => {
  it('keeps not-found pages for hostile addresses inert', async () => {
    for (const payload of PAYLOADS) {
      const p = encodeURIComponent(payload);
      await inert(new TestClient(t.app), `/articles/${p}`, 404);
      await inert(new TestClient(t.app), `/no-such-page/${p}`, 404);
      await inert(new TestClient(t.app), `/topics/${p}`, 404);
      await inert(new TestClient(t.app), `/articles/${p}/history`, 404);
    }
  });

  it('does not echo a hostile X-Request-Id header', async () => {
    for (const payload of PAYLOADS) {
      const res = await t.app.request('http://localhost/no-such-page', { headers: { 'x-request-id': payload } });
      expect(res.headers.get('x-request-id')).not.toBe(payload);
      expect(res.headers.get('x-request-id')).toMatch(/^[\w.-]{8,64}$/);
      expectInert(await res.text(), `x-request-id ${payload}`);
    }
  });
});
