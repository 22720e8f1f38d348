import { describe, expect, it } from 'vitest';
import { renderPart } from '../../../platform/cache/shared';
import type { SafeHtml } from '../../../platform/content/markdown';
import type { PostView } from '../community.models';
import { type PostControls, PostContent, PostItem, postControlsHtml, postFrameHtml } from './parts';

const hostile = `<script>alert(1)</script>"'&`;
const post: PostView = {
  id: 41,
  threadId: 7,
  number: 3,
  authorId: 5,
  body: 'x',
  bodyHtml: '<p>Text</p>' as SafeHtml,
  renderVersion: 1,
  quoteOf: null,
  status: 'published',
  helpfulCount: 2,
  via: 'web',
  createdAt: new Date('2026-01-02T03:04:05Z'),
  editedAt: null,
  deletedAt: null,
  hiddenAt: null,
  authorName: hostile,
  authorUsername: 'eve',
};
const all: PostControls = {
  csrfToken: `tok"><b>`,
  canEdit: true,
  canDelete: true,
  canQuote: true,
  canReact: true,
  reacted: true,
  canFlag: true,
  canAccept: true,
  canUnaccept: true,
  moderator: true,
};

describe('a post built from its shared frame and the reader’s controls (thread pages)', () => {
  it('is the same markup as the post rendered whole, for every combination of controls', async () => {
    const html = post.bodyHtml!;
    const content = await renderPart(<PostContent post={post} html={html} accepted={false} />);
    const frame = postFrameHtml(post, false, content);
    const keys = [
      'canEdit',
      'canDelete',
      'canQuote',
      'canReact',
      'reacted',
      'canFlag',
      'canAccept',
      'canUnaccept',
      'moderator',
    ] as const;
    for (let mask = 0; mask < 1 << keys.length; mask += 37) {
      const controls: PostControls = { ...all };
      keys.forEach((k, i) => {
        controls[k] = Boolean(mask & (1 << i));
      });
      const whole = String(<PostItem post={post} html={html} accepted={false} controls={controls} />);
      expect(`${frame.open}${postControlsHtml(post, controls)}${frame.close}`).toBe(whole);
    }
    const accepted = postFrameHtml({ ...post, helpfulCount: 0 }, true, content);
    expect(accepted.open).toContain('class="post post-accepted"');
    expect(accepted.open).not.toContain('helpful-count');
  });

  it('escapes the author’s name and the token wherever the controls carry them', () => {
    const out = postControlsHtml(post, all);
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('tok"><b>');
    expect(out).toContain('by &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</span>');
    expect(out).toContain('value="tok&quot;&gt;&lt;b&gt;"');
  });
});
