// axe-core on every page type, in the light and the dark colour scheme.
// Each page is visited in two browser profiles side by side (one per scheme),
// so pages reached by a form post are produced in both.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  axeViolations,
  formatViolations,
  newPerson,
  publishArticle,
  rareWord,
  reviseArticle,
  screenshot,
  setPasswordFromLink,
  signIn,
  signOut,
  signUp,
  submit,
  useChromium,
} from './browser';

type Scheme = 'light' | 'dark';
const chromium = useChromium();
const pages = {} as Record<Scheme, Page>;
const member = newPerson('Mina', 'Member');
const word = rareWord('vellum');
let articlePath = '';

beforeAll(async () => {
  for (const scheme of ['light', 'dark'] as const) pages[scheme] = await chromium.open(scheme);
});

/**
 * Bring each profile to the page (`visit` returns the HTTP status it landed
 * on), check the status, screenshot it, and expect axe to find nothing.
 */
async function audit(
  name: string,
  expectedStatus: number,
  visit: (page: Page, scheme: Scheme) => Promise<number | undefined>,
) {
  const violations = [];
  for (const scheme of ['light', 'dark'] as const) {
    const page = pages[scheme];
    const status = await visit(page, scheme);
    expect(status, `${name} (${scheme}) answered ${status}`).toBe(expectedStatus);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, scheme === 'light' ? name : `${name}-dark`);
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  if (violations.length) console.error(`axe found ${violations.length} violation(s):${formatViolations(violations)}`);
  expect(violations, formatViolations(violations)).toEqual([]);
}

async function go(page: Page, path: string): Promise<number | undefined> {
  const response = await page.goto(path);
  return response?.status();
}

describe('axe-core finds no WCAG 2.2 AA violations', () => {
  describe('on the pages anyone can read', () => {
    it('home', () => audit('home', 200, (p) => go(p, '/')));
    it('about', () => audit('about', 200, (p) => go(p, '/about')));
    it('topics list', () => audit('topics', 200, (p) => go(p, '/topics')));
    it('topic', () => audit('topic', 200, (p) => go(p, '/topics/borrowing')));
    it('all articles', () => audit('articles', 200, (p) => go(p, '/articles')));
    it('article', () => audit('article', 200, (p) => go(p, '/articles/hard-citations')));
    it('glossary', () => audit('glossary', 200, (p) => go(p, '/glossary')));
    it('glossary term', () => audit('glossary-term', 200, (p) => go(p, '/articles/ifla-voucher')));
    it('search with results', () =>
      audit('search-results', 200, async (p) => {
        const status = await go(p, '/search?q=voucher');
        await p.getByRole('heading', { name: 'Search results for “voucher”' }).waitFor();
        expect(await p.locator('.search-hit').count()).toBeGreaterThan(0);
        return status;
      }));
    it('search with no results', () =>
      audit('search-none', 200, async (p) => {
        const status = await go(p, '/search?q=qqqzzzxxx');
        await p.getByText('Nothing matched “qqqzzzxxx”.').waitFor();
        return status;
      }));
    it('search corrected from a misspelling', () =>
      audit('search-corrected', 200, async (p) => {
        const status = await go(p, '/search?q=vouchr');
        await p.getByText('Search for “vouchr” anyway').waitFor();
        return status;
      }));
    it('search with no words (tips)', () => audit('search-empty', 200, (p) => go(p, '/search')));
    it('404', () => audit('not-found', 404, (p) => go(p, '/articles/no-such-article-here')));
  });

  describe('on the account pages', () => {
    it('sign in', () => audit('sign-in', 200, (p) => go(p, '/sign-in')));
    it('sign up', () => audit('sign-up', 200, (p) => go(p, '/sign-up')));
    it('sign up with errors after an empty submit', () =>
      audit('sign-up-errors', 400, async (p) => {
        await go(p, '/sign-up');
        const status = await submit(p, p.getByRole('button', { name: 'Create account' }));
        await p
          .getByRole('alert')
          .getByRole('heading', { name: /There are \d problems/ })
          .waitFor();
        return status;
      }));
    it('reset request', () => audit('reset-request', 200, (p) => go(p, '/reset')));
    it('reset sent', () =>
      audit('reset-sent', 200, async (p) => {
        await go(p, '/reset');
        await p.getByLabel('Email address', { exact: true }).fill('nobody@e2e.test');
        return submit(p, p.getByRole('button', { name: 'Send reset link' }));
      }));
    it('set a new password (the admin CLI link)', () =>
      audit('set-password', 200, async (p) => {
        const status = await go(p, inject('adminLinks')[0]!);
        await p.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
        return status;
      }));
  });

  describe('on the pages a signed-in member uses', () => {
    it('account', () =>
      audit('account', 200, async (p, scheme) => {
        if (scheme === 'light') await signUp(p, member);
        else await signIn(p, member.email, member.password);
        return go(p, '/account');
      }));
    it('editor (new article)', () => audit('editor', 200, (p) => go(p, '/articles/new')));
    it('editor with errors after an empty submit', () =>
      audit('editor-errors', 400, async (p) => {
        await go(p, '/articles/new');
        const status = await submit(p, p.getByRole('button', { name: 'Publish article' }));
        await p
          .getByRole('alert')
          .getByRole('heading', { name: /There are \d problems/ })
          .waitFor();
        return status;
      }));
    it('editor preview', () =>
      audit('editor-preview', 200, async (p) => {
        await go(p, '/articles/new');
        await p.getByLabel('Title', { exact: true }).fill('Previewing a table');
        await p.getByLabel('Summary', { exact: true }).fill('Loan periods at a glance.');
        await p.getByRole('checkbox', { name: 'Borrowing', exact: true }).check();
        await p
          .getByLabel('Article text', { exact: true })
          .fill(
            '## Loan periods\n\n| Material | Weeks |\n| --- | --- |\n| Books | 6 |\n| Microfilm | 2 |\n\n- Renew once\n- Ask the lender\n\n> Check locally.\n',
          );
        const status = await submit(p, p.getByRole('button', { name: 'Preview' }));
        await p.getByRole('region', { name: 'Preview' }).getByRole('heading', { name: 'Loan periods' }).waitFor();
        return status;
      }));
    it('article the member may edit', () =>
      audit('article-own', 200, async (p, scheme) => {
        if (scheme === 'light') {
          articlePath = await publishArticle(p, {
            title: `Shipping microfilm ${word}`,
            summary: 'Reels, boxes and the courier.',
            topic: 'Lending',
            body: `## Reels\n\nPack each reel of ${word} film in its own box.\n\n\`\`\`\nReel 1 of 3\n\`\`\`\n`,
          });
          await reviseArticle(
            p,
            articlePath,
            `## Reels\n\nPack each reel of ${word} film in its own box, labelled.\n\nUse the courier.\n`,
            'Labels and courier',
          );
        }
        return go(p, articlePath);
      }));
    it('history', () => audit('history', 200, (p) => go(p, `${articlePath}/history`)));
    it('revision', () => audit('revision', 200, (p) => go(p, `${articlePath}/revisions/1`)));
    it('diff', () => audit('diff', 200, (p) => go(p, `${articlePath}/diff?from=1&to=2`)));
    it('search "did you mean"', () =>
      audit('search-did-you-mean', 200, async (p) => {
        const status = await go(p, `/search?q=${encodeURIComponent(`${word} or vouchr`)}`);
        await p.getByText('Did you mean').waitFor();
        return status;
      }));
    it('conflict page', () =>
      audit('conflict', 409, async (p, scheme) => {
        await go(p, `${articlePath}/edit`);
        const other = await p.context().newPage();
        await reviseArticle(other, articlePath, `## Reels\n\nSaved first in ${scheme}.\n`, `First save (${scheme})`);
        await other.close();
        await p.getByLabel('Article text', { exact: true }).fill(`## Reels\n\nSaved second in ${scheme}.\n`);
        const status = await submit(p, p.getByRole('button', { name: 'Save changes' }));
        await p.getByRole('heading', { level: 1, name: /You saved this article in another tab or window/ }).waitFor();
        return status;
      }));
    it('files', () => audit('files', 200, (p) => go(p, `${articlePath}/files`)));
    it('403 (a member opening /admin/users)', () => audit('forbidden', 403, (p) => go(p, '/admin/users')));
  });

  describe('on the administrator pages', () => {
    it('manage users', () =>
      audit('admin-users', 200, async (p, scheme) => {
        const password = 'an admin passphrase for the audit';
        if (scheme === 'light') await setPasswordFromLink(p, inject('adminLinks')[0]!, password);
        else {
          await signOut(p);
          await signIn(p, 'admin@e2e.test', password);
        }
        return go(p, '/admin/users');
      }));
  });
});
