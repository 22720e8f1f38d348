import { describe, expect, it } from 'vitest';
import { renderPart } from '../../../platform/cache/shared';
import type { SafeHtml } from '../../../platform/content/markdown';
import type { PostView } from '../community.models';
import {
  framedPostHtml,
  POST_ACTION_FORM,
  type PostControls,
  PostContent,
  PostItem,
  postActionFormHtml,
  postControlsHtml,
  postFrameHtml,
} from './parts';

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
  vendorSystem: null,
  vendorName: null,
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

  it('escapes the author’s name wherever the controls carry it, and the token in the page’s one action form', () => {
    const out = postControlsHtml(post, all);
    expect(out).not.toContain('<script>');
    expect(out).toContain('by &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</span>');
    const form = postActionFormHtml('/forum/t/7', all.csrfToken);
    expect(form).not.toContain('tok"><b>');
    expect(form).toContain('value="tok&quot;&gt;&lt;b&gt;"');
  });

  it('carries no form and no token per post: every button submits the page’s action form to its own address', () => {
    const out = postControlsHtml(post, all);
    expect(out).not.toContain('<form');
    expect(out).not.toContain('tok');
    const buttons = out.match(/<button[^>]*>/g) ?? [];
    // Helpful, accept, no longer accepted, delete, hide (the post is published).
    expect(buttons).toHaveLength(5);
    for (const b of buttons) {
      expect(b).toContain(`form="${POST_ACTION_FORM}"`);
      expect(b).toMatch(/formaction="\/forum\/(p\/41\/(helpful|delete|hide)|t\/7\/accept)"/);
    }
    expect(out).toContain('formaction="/forum/t/7/accept" name="postId" value="41"');
    expect(out).toContain('formaction="/forum/t/7/accept" name="postId" value="none"');
    expect(postActionFormHtml('/forum/t/7', 'abc')).toBe(
      `<form id="${POST_ACTION_FORM}" method="post" action="/forum/t/7" hidden>` +
        '<input type="hidden" name="_csrf" value="abc"/></form>',
    );
  });

  it('keeps each framed post per set of flags, the same for every reader and different where the flags differ', async () => {
    const html = post.bodyHtml!;
    const content = await renderPart(<PostContent post={post} html={html} accepted={false} />);
    const frame = postFrameHtml(post, false, content);
    const mine: PostControls = { ...all, csrfToken: 'token-of-a', moderator: false, reacted: true };
    const theirs: PostControls = { ...mine, csrfToken: 'token-of-b', reacted: false };
    const a = framedPostHtml(frame, post, mine);
    expect(a).toBe(`${frame.open}${postControlsHtml(post, mine)}${frame.close}`);
    expect(a).toContain('take it back');
    const b = framedPostHtml(frame, post, theirs);
    expect(b).not.toContain('take it back');
    expect(b).toBe(`${frame.open}${postControlsHtml(post, theirs)}${frame.close}`);
    // Another reader with A's flags gets A's markup, which holds neither token.
    expect(framedPostHtml(frame, post, { ...mine, csrfToken: 'token-of-c' })).toBe(a);
    for (const out of [a, b]) expect(out).not.toMatch(/token-of/);
    expect(framedPostHtml(frame, post, undefined)).toBe(
      String(<PostItem post={post} html={html} accepted={false} content={content} />),
    );
    expect(frame.made?.size).toBe(3);
  });
});
