import { crc32, gunzipSync } from 'node:zlib';
import { raw } from 'hono/html';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../http/context';
import { privateHtml } from '../http/private-html';
import {
  crcAfter,
  crcShiftFor,
  encodePage,
  FilledHoles,
  joinPage,
  keptText,
  placeKept,
  type RenderedHtml,
  rememberHoled,
  renderSegmented,
  renderWithHoles,
} from './segments';

const kept = (s: string) => s as RenderedHtml;
const body = kept(
  `<section>${'<p>An article body every reader sees alike, with “quotes” — and ünïcode.</p>'.repeat(80)}</section>`,
);
const header = kept(`<header>${'<a href="/x">Your own header</a>'.repeat(30)}</header>`);

function page() {
  return renderSegmented(() =>
    String(
      <html lang="en">
        <body>
          {placeKept(header)}
          <h1>{'Title with <b>markup</b> escaped'}</h1>
          {placeKept(body)}
          <p>{'x'.repeat(5000)}</p>
          {placeKept(kept('<p>too short to keep</p>'))}
        </body>
      </html>,
    ),
  );
}

describe('a page with kept parts', () => {
  it('keeps long parts as segments and places short ones inline', () => {
    const p = page();
    expect(typeof p).toBe('object');
    if (typeof p === 'string') return;
    expect(p.kept).toEqual([header, body]);
    expect(joinPage(p)).toContain('<p>too short to keep</p>');
    expect(joinPage(p)).toContain('Title with &lt;b&gt;markup&lt;/b&gt; escaped');
    expect(joinPage(p).indexOf(header)).toBeLessThan(joinPage(p).indexOf(body));
  });

  it('encodes to exactly the joined page, plain and as one valid gzip member (CRC and length checked by gunzip)', () => {
    const p = page();
    const whole = joinPage(p);
    expect(encodePage(p, false).toString()).toBe(whole);
    for (let round = 0; round < 2; round++) {
      // The second round reuses the kept parts' compressed blocks.
      const gz = encodePage(p, true);
      expect(gunzipSync(gz).toString()).toBe(whole);
      expect(gz.length).toBeLessThan(Buffer.byteLength(whole) / 3);
    }
  });

  it('handles text made for the request longer than one stored block, and pages with no kept part', () => {
    const long = renderSegmented(() => `${'é'.repeat(70_000)}${keptText(body)}<p>${'z'.repeat(1500)}</p>`);
    expect(gunzipSync(encodePage(long, true)).toString()).toBe(joinPage(long));
    const plain = renderSegmented(() => '<p>nothing kept</p>');
    expect(plain).toBe('<p>nothing kept</p>');
    expect(gunzipSync(encodePage('<p>a plain page</p>'.repeat(200), true)).toString()).toBe(
      '<p>a plain page</p>'.repeat(200),
    );
  });

  it('puts each kept part where it was placed, whatever order the parts were rendered in', () => {
    // The layout renders the page's content (with its parts) before the header around it.
    const p = renderSegmented(() => {
      const content = `<main>${keptText(body)}</main>`;
      return `${keptText(header)}${content}`;
    });
    expect(joinPage(p)).toBe(`${header}<main>${body}</main>`);
    expect(gunzipSync(encodePage(p, true)).toString()).toBe(`${header}<main>${body}</main>`);
  });

  it('places kept parts inline outside a segmented render, and text cannot forge a mark', () => {
    expect(String(<div>{placeKept(body)}</div>)).toBe(`<div>${body}</div>`);
    // Control characters typed by a member are escaped or kept as text; only the process's nonce splits a page.
    const p = renderSegmented(() => `<p>\u0001forged\u0001</p>${keptText(body)}`);
    expect(joinPage(p)).toBe(`<p>\u0001forged\u0001</p>${body}`);
  });

  it('is what a signed-in reader receives through privateHtml', async () => {
    const app = new Hono();
    app.get('/', (c) => privateHtml(c as unknown as AppContext, page()));
    const res = await app.request('/', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(joinPage(page()));
    const plain = await app.request('/');
    expect(await plain.text()).toBe(joinPage(page()));
  });
});

describe('parts rendered once with holes', () => {
  function Form({ token, owner }: { token: string; owner: string }) {
    return (
      <form method="post" data-owner={owner}>
        <input type="hidden" name="_csrf" value={token} />
        {body}
        <button type="submit">Post reply</button>
      </form>
    );
  }

  it('fills each hole with the value escaped, giving what a direct render gives, and keeps the markup between', () => {
    const holed = renderWithHoles((hole) => String(<Form token={hole('csrf')} owner={hole('owner')} />));
    expect(holed.holes).toEqual(['owner', 'csrf']);
    const values = { csrf: 'tok"<en>', owner: '42' };
    const p = renderSegmented(() => String(<main>{FilledHoles({ html: holed, values })}</main>));
    expect(joinPage(p)).toBe(String(<main>{raw(String(<Form token={values.csrf} owner={values.owner} />))}</main>));
    expect(joinPage(p)).toContain('value="tok&quot;&lt;en&gt;"');
    // The long markup after the token is a kept part: compressed once, not per page.
    expect(typeof p === 'string' ? [] : p.kept.length).toBeGreaterThan(0);
    const gz = gunzipSync(encodePage(p, true)).toString();
    expect(gz).toBe(joinPage(p));
  });

  it('remembers a holed part by its key and makes it again for another key', () => {
    let made = 0;
    const render = (hole: (name: string) => string) => {
      made++;
      return String(<Form token={hole('csrf')} owner="x" />);
    };
    const a = rememberHoled('test:a', render);
    expect(rememberHoled('test:a', render)).toBe(a);
    expect(made).toBe(1);
    rememberHoled('test:b', render);
    expect(made).toBe(2);
  });
});

describe('CRC-32 of a page from its parts', () => {
  it('equals the CRC of the concatenation, for empty, short and longer-than-64-KiB parts', () => {
    for (const [a, b] of [
      ['', 'x'],
      ['hello ', 'wörld'],
      ['a'.repeat(70_000), 'b'.repeat(123_457)],
      ['x', ''],
    ] as const) {
      const A = Buffer.from(a);
      const B = Buffer.from(b);
      expect(crcAfter(crc32(A), crc32(B), crcShiftFor(B.length))).toBe(crc32(Buffer.concat([A, B])));
    }
  });
});
