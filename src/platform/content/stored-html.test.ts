import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '../db/database';
import { createLogger } from '../logger';
import { MARKDOWN_PAYLOADS, PAYLOADS } from '../../../test/security/payloads';
import { markdownToText, RENDER_VERSION, renderMarkdown, type SafeHtml } from './markdown';
import { rerenderStoredHtml, type StoredHtmlKind, storedHtml, storedText } from './stored-html';

const db = {} as DbOrTx;
const logger = createLogger('silent');
const quietly = async () => {};

/** A table in memory: rows with a body, stored HTML and the version that rendered it. */
function memoryKind(count: number, options: { keeps?: boolean } = {}) {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    body: `**row ${i + 1}**`,
    html: '<p>old</p>',
    version: RENDER_VERSION - 1,
  }));
  const calls = { stale: 0, store: 0 };
  const kind: StoredHtmlKind<{ id: number; body: string }> = {
    name: 'rows',
    async stale(_db, limit) {
      calls.stale++;
      return rows
        .filter((r) => r.version < RENDER_VERSION)
        .slice(0, limit)
        .map((r) => ({ id: r.id, body: r.body }));
    },
    async store(_db, row) {
      calls.store++;
      if (options.keeps === false) return;
      const target = rows.find((r) => r.id === row.id)!;
      target.html = renderMarkdown(row.body);
      target.version = RENDER_VERSION;
    },
  };
  return { rows, calls, kind };
}

describe('storedHtml', () => {
  it('serves the stored HTML as it is', () => {
    expect(storedHtml('<p><strong>x</strong></p>' as SafeHtml, '**x**')).toBe('<p><strong>x</strong></p>');
  });

  it('shows a row that has not been rendered yet as escaped plain text, without rendering it', () => {
    const html = storedHtml(null, '**bold** <script>alert(1)</script> & "quotes"');
    expect(html).toBe(
      '<div class="pre-wrap">**bold** &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</div>',
    );
  });
});

describe('storedText', () => {
  it('reads the same words off the stored HTML as markdownToText does from the source', () => {
    const sources = [
      '## Heading\n\nSome **bold** text & a [link](https://x.org).',
      'Quotes "double" and \'single\', <angle> & ampersands &amp; entities &copy;',
      '- one\n- two\n\n> quoted *emphasis*\n\n```\ncode <b>x</b>\n```',
      '| a | b |\n|:-|-:|\n| 1 | 2 |',
      '![Label](/attachments/0b6f0b0e-7c4f-4a55-9b1a-5b2f3a8f0c11/label.png) after',
      ...PAYLOADS,
      ...MARKDOWN_PAYLOADS,
    ];
    const differing = sources.filter((source) => storedText(renderMarkdown(source), source) !== markdownToText(source));
    expect(differing).toEqual([]);
  });

  it('renders the source only for a row not rendered yet', () => {
    expect(storedText(null, '**x** y')).toBe('x y');
  });
});

describe('rerenderStoredHtml', () => {
  it('renders every row from an older renderer again, in batches, and reports each batch', async () => {
    const { rows, calls, kind } = memoryKind(5);
    const batches: number[] = [];
    const counts = await rerenderStoredHtml({
      db,
      logger,
      kinds: [kind],
      batchSize: 2,
      afterBatch: async (_kind, n) => {
        batches.push(n);
      },
    });
    expect(counts).toEqual({ rows: 5 });
    expect(batches).toEqual([2, 2, 1]);
    // Three batches, then one look that finds nothing left.
    expect(calls.stale).toBe(4);
    expect(rows.every((r) => r.version === RENDER_VERSION && r.html === renderMarkdown(r.body))).toBe(true);
  });

  it('costs one look when nothing is stale', async () => {
    const { calls, kind, rows } = memoryKind(3);
    for (const r of rows) r.version = RENDER_VERSION;
    expect(await rerenderStoredHtml({ db, logger, kinds: [kind] })).toEqual({ rows: 0 });
    expect(calls).toEqual({ stale: 1, store: 0 });
  });

  it('stops between rows when the hub stops', async () => {
    const { calls, kind } = memoryKind(10);
    let stop = false;
    const stopping: StoredHtmlKind<{ id: number; body: string }> = {
      ...kind,
      async store(d, row) {
        await kind.store(d, row);
        if (calls.store === 3) stop = true;
      },
    };
    const counts = await rerenderStoredHtml({
      db,
      logger,
      kinds: [stopping],
      stopped: () => stop,
      afterBatch: quietly,
    });
    expect(counts).toEqual({ rows: 3 });
  });

  it('gives up on a kind whose stored rows still read as stale instead of looping', async () => {
    const { calls, kind } = memoryKind(3, { keeps: false });
    const warnings: string[] = [];
    const counts = await rerenderStoredHtml({
      db,
      logger: { ...logger, warn: (msg: string) => void warnings.push(msg) },
      kinds: [kind],
      afterBatch: quietly,
    });
    expect(counts).toEqual({ rows: 3 });
    expect(calls.stale).toBe(2);
    expect(warnings).toEqual(['stored HTML did not keep']);
  });
});
