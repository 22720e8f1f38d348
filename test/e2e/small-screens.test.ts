// Phones: every page type at 320×640 and 390×844 without sideways scrolling of the page,
// the header's menu (a <details>, no JavaScript needed) by keyboard, and the "On this page"
// list of a long article. One browser; each person keeps one profile and one tab throughout.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  axeViolations,
  focused,
  formatViolations,
  newPerson,
  publishArticle,
  reviseArticle,
  screenshot,
  setPasswordFromLink,
  signUp,
  submit,
  useChromium,
  type Violation,
} from './browser';

const PHONES = [
  { width: 320, height: 640 },
  { width: 390, height: 844 },
] as const;
const WIDE = { width: 1280, height: 900 };

const chromium = useChromium();
const pages = {} as Record<'anon' | 'member' | 'helper' | 'admin', Page>;
const tag = randomBytes(3).toString('hex');
// A long name and a long unbroken address are what push a narrow page sideways.
const member = { ...newPerson('Philippa', 'Phone'), displayName: 'Philippa Maximiliana Longname-Featherstonehaugh' };
const helper = newPerson('Hal', 'Helper');
const LONG_URL = 'https://example.org/a/very/long/address/that/has/no/place/to/break/at/all/on/a/small/screen';
const SECTIONS = [
  'Check the citation',
  'Search the union catalogue',
  'Choose lenders',
  'Send the request',
  'Track the loan',
];
const ARTICLE_BODY = [
  'How a request travels from patron to lender and back.',
  ...SECTIONS.map(
    (s, i) =>
      `## ${s}\n\n${`Staff check step ${i + 1} with care before going on. `.repeat(12)}\n\n### Notes on ${s.toLowerCase()}\n\nKeep a record.`,
  ),
  '## Loan periods by lender',
  [
    '| Lender | Material | Loan period | Renewals | Shipping | Conditions for unusually fragile supercalifragilisticexpialidocious items |',
    '| --- | --- | --- | --- | --- | --- |',
    `| National library | Microfilm reels | 6 weeks | 1 | Courier | ${LONG_URL} |`,
    '| University | Books | 4 weeks | 2 | Post | None |',
  ].join('\n'),
  `More at ${LONG_URL}`,
].join('\n\n');
const groupName = `Small Screens Committee ${tag}`;
const paths = { article: '', thread: '', conversation: '', group: '' };

beforeAll(async () => {
  for (const who of ['anon', 'member', 'helper', 'admin'] as const) pages[who] = await chromium.open();
  const { member: m, helper: h, admin } = pages;
  await signUp(m, member);
  await signUp(h, helper);
  const screens = inject('featureAdmins').screens!;
  await setPasswordFromLink(admin, screens.link, 'a long passphrase for the small screens admin');

  // A long article with a wide table, revised once (history and diff).
  paths.article = await publishArticle(m, {
    title: `Borrowing from request to return ${tag}`,
    summary: 'The whole borrowing workflow, step by step.',
    topic: 'Borrowing',
    body: ARTICLE_BODY,
  });
  await reviseArticle(m, paths.article, ARTICLE_BODY.replace('How a request', 'How every request'), 'Wording');

  // A thread with a reply (which notifies its author) and a private message.
  await m.goto('/forum/new');
  await m.getByLabel('Title', { exact: true }).fill(`Who lends 1920s newspapers on microfilm? ${tag}`);
  await m.getByLabel('Category', { exact: true }).selectOption({ label: 'International ILL' });
  await m
    .getByLabel('Your post', { exact: true })
    .fill('We need **a 1920s newspaper** on microfilm.\n\n## What we tried\n\nWorldCat.');
  expect(await submit(m, m.getByRole('button', { name: 'Start the thread' }))).toBe(200);
  paths.thread = new URL(m.url()).pathname;
  await h.goto(paths.thread);
  await h.getByLabel('Your reply', { exact: true }).fill(`The national library lends reels for six weeks: ${LONG_URL}`);
  expect(await submit(h, h.getByRole('button', { name: 'Post reply' }))).toBe(200);
  await h.goto(`/messages/new?to=${member.username}`);
  await h.getByLabel('Subject', { exact: true }).fill('About the reels');
  await h.getByLabel('Message', { exact: true }).fill(`Happy to help: ${LONG_URL}`);
  expect(await submit(h, h.getByRole('button', { name: 'Send message' }))).toBe(200);
  paths.conversation = new URL(h.url()).pathname;
  await h.goto('/forum/new');
  await h.getByLabel('Title', { exact: true }).fill(`Which courier for reels abroad? ${tag}`);
  await h.getByLabel('Category', { exact: true }).selectOption({ label: 'International ILL' });
  await h.getByLabel('Your post', { exact: true }).fill('Which courier do you use for microfilm reels?');
  expect(await submit(h, h.getByRole('button', { name: 'Start the thread' }))).toBe(200);

  // A group, asked for by the member and approved.
  await m.goto('/groups');
  await m.getByRole('link', { name: 'Ask for a new group' }).click();
  await m.getByLabel('Name', { exact: true }).fill(groupName);
  await m.getByLabel('Kind of group', { exact: true }).selectOption({ label: 'Committee' });
  await m.getByLabel('Purpose', { exact: true }).fill('Keeps the lending pages current.');
  expect(await submit(m, m.getByRole('button', { name: 'Send the request' }))).toBe(200);
  paths.group = new URL(m.url()).pathname;
  await admin.goto('/admin/groups');
  expect(await submit(admin, admin.getByRole('button', { name: `Approve ${groupName}` }))).toBe(200);
});

type Who = keyof typeof pages;
/** Every page type: who opens it, where, and the status it answers with. */
function pageTypes(): Array<[Who, string, string, number]> {
  const { article, thread, conversation, group } = paths;
  return [
    ['anon', 'home', '/', 200],
    ['anon', 'about', '/about', 200],
    ['anon', 'topics', '/topics', 200],
    ['anon', 'topic', '/topics/borrowing', 200],
    ['anon', 'all articles', '/articles', 200],
    ['anon', 'article', article, 200],
    ['anon', 'glossary', '/glossary', 200],
    ['anon', 'glossary term', '/articles/ifla-voucher', 200],
    ['anon', 'history', `${article}/history`, 200],
    ['anon', 'revision', `${article}/revisions/1`, 200],
    ['anon', 'diff', `${article}/diff?from=1&to=2`, 200],
    ['anon', 'search', '/search?q=voucher', 200],
    ['anon', 'search with no results', '/search?q=qqqzzzxxx', 200],
    ['anon', 'forum', '/forum', 200],
    ['anon', 'forum category', '/forum/c/international', 200],
    ['anon', 'unanswered questions', '/forum/unanswered', 200],
    ['anon', 'thread', thread, 200],
    ['anon', 'people', '/people', 200],
    ['anon', 'profile', `/people/${member.username}`, 200],
    ['anon', 'groups', '/groups', 200],
    ['anon', 'group page', group, 200],
    ['anon', 'experts', '/experts', 200],
    ['anon', 'sign in', '/sign-in', 200],
    ['anon', 'sign up', '/sign-up', 200],
    ['anon', 'reset', '/reset', 200],
    ['anon', 'not found', '/articles/no-such-article-here', 404],
    ['member', 'personal home', '/', 200],
    ['member', 'article, signed in', article, 200],
    ['member', 'thread, signed in', thread, 200],
    ['member', 'account', '/account', 200],
    ['member', 'profile editor', '/account/profile', 200],
    ['member', 'Phone a Friend', '/people/phone-a-friend', 200],
    ['member', 'notifications', '/notifications', 200],
    ['member', 'watching', '/notifications/watching', 200],
    ['member', 'email preferences', '/notifications/preferences', 200],
    ['member', 'messages', '/messages', 200],
    ['member', 'conversation', conversation, 200],
    ['member', 'new message', '/messages/new', 200],
    ['member', 'editor', '/articles/new', 200],
    ['member', 'edit article', `${article}/edit`, 200],
    ['member', 'files', `${article}/files`, 200],
    ['member', 'new thread', '/forum/new', 200],
    ['member', 'group members', `${group}/members`, 200],
    ['member', 'forbidden', '/admin/users', 403],
    ['admin', 'manage users', '/admin/users', 200],
    ['admin', 'audit log', '/admin/audit', 200],
    ['admin', 'group requests', '/admin/groups', 200],
    ['admin', 'moderation', '/moderation', 200],
    ['admin', 'reported messages', '/moderation/messages', 200],
    ['admin', 'content health', '/health', 200],
  ];
}

/** How far the page is wider than the window, and the outermost things that stick out (for the failure message). */
function sideways(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const culprits: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right <= width + 0.5 || culprits.length >= 3) continue;
      if (el.parentElement && el.parentElement.getBoundingClientRect().right > width + 0.5) continue;
      culprits.push(
        `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> ends at ${Math.round(box.right)} px`,
      );
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, culprits };
  });
}

describe('small screens', () => {
  it('no page type scrolls sideways at 320 and 390 px wide', async () => {
    const problems: string[] = [];
    for (const viewport of PHONES) {
      for (const page of Object.values(pages)) await page.setViewportSize(viewport);
      for (const [who, name, path, status] of pageTypes()) {
        const page = pages[who];
        const response = await page.goto(path);
        expect(response?.status(), `${name} (${path}) answered ${response?.status()}`).toBe(status);
        const { scrollWidth, width, culprits } = await sideways(page);
        if (scrollWidth > width)
          problems.push(`${name} at ${width} px is ${scrollWidth} px wide: ${culprits.join('; ')}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('axe finds nothing on phone-sized pages, menu and contents open', async () => {
    const violations: Violation[] = [];
    const { member: m, anon } = pages;
    await m.setViewportSize(PHONES[0]);
    await anon.setViewportSize(PHONES[0]);
    for (const [page, name, path] of [
      [m, 'personal home', '/'],
      [anon, 'article', paths.article],
      [m, 'thread', paths.thread],
      [m, 'watching', '/notifications/watching'],
      [anon, 'search', '/search?q=voucher'],
      [m, 'group members', `${paths.group}/members`],
    ] as const) {
      await page.goto(path);
      violations.push(...(await axeViolations(page, `${name}, 320 px`)));
    }
    await m.goto(paths.article);
    await m.locator('summary', { hasText: 'On this page' }).click();
    await m.locator('summary', { hasText: 'Menu' }).click();
    await screenshot(m, 'phone-article-menu-open');
    violations.push(...(await axeViolations(m, 'article with the menu and contents open, 320 px')));
    expect(violations, formatViolations(violations)).toEqual([]);
  });

  it('a wide table scrolls inside its own labelled region, which the keyboard can reach', async () => {
    const { anon } = pages;
    await anon.setViewportSize(PHONES[0]);
    await anon.goto(paths.article);
    const region = anon.getByRole('region', { name: 'Table: Loan periods by lender' });
    await expect(region.getAttribute('tabindex')).resolves.toBe('0');
    const { scrollWidth, clientWidth } = await region.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    await region.focus();
    await anon.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  });
});

describe('the header on a phone', () => {
  it('is one line (brand and menu button) above the search box, with the unread count on the button', async () => {
    const { member: m, helper: h } = pages;
    // Hal writes again: the member read the conversation (and so its notification) on the tour of page types.
    await h.goto(paths.conversation);
    await h.getByLabel('Message', { exact: true }).fill('And the loan period is six weeks.');
    expect(await submit(h, h.getByRole('button', { name: 'Send reply' }))).toBe(200);
    for (const viewport of PHONES) {
      await m.setViewportSize(viewport);
      await m.goto('/about');
      const menu = m.locator('.site-header summary');
      const brand = await m.locator('.site-header .brand').boundingBox();
      const button = await menu.boundingBox();
      const search = await m.getByRole('combobox', { name: 'Search the hub' }).boundingBox();
      const header = await m.locator('.site-header').boundingBox();
      expect(brand && button && search && header).toBeTruthy();
      if (!brand || !button || !search || !header) return;
      // Brand and button share the first line; the search box is the second; nothing else.
      expect(Math.abs(brand.y + brand.height / 2 - (button.y + button.height / 2))).toBeLessThan(4);
      expect(button.x + button.width).toBeLessThanOrEqual(viewport.width);
      expect(search.y).toBeGreaterThanOrEqual(button.y + button.height);
      expect(header.height).toBeLessThan(button.height + search.height + 48);
      // The navigation is folded away until asked for.
      await expect(
        m.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Topics' }).isVisible(),
      ).resolves.toBe(false);
    }
    // Hal's reply notified the member (in the same transaction) and left a conversation unread: the count is on
    // the button itself, with what it counts.
    await expect(m.locator('.site-header summary').textContent()).resolves.toMatch(
      /^\s*Menu\s*:?\s*\d+\s+unread \(\d+ notifications?, \d+ conversations?\)\s*$/,
    );
    await expect(m.locator('.site-header summary .menu-count').isVisible()).resolves.toBe(true);
    await screenshot(m, 'phone-header-signed-in');
  });

  it('opens and closes by keyboard (Enter and Space on the button) and its links are reachable', async () => {
    const { member: m } = pages;
    await m.setViewportSize(PHONES[1]);
    await m.goto('/about');
    const menu = m.locator('.site-header details');
    const nav = m.getByRole('navigation', { name: 'Main' });
    for (let i = 0; i < 10 && (await focused(m))?.tag !== 'summary'; i++) await m.keyboard.press('Tab');
    expect((await focused(m))?.tag, 'Tab reaches the menu button').toBe('summary');
    expect((await focused(m))?.outlineStyle).not.toBe('none');
    await m.keyboard.press('Enter');
    await expect(menu.getAttribute('open')).resolves.not.toBeNull();
    await expect(nav.getByRole('link', { name: 'Topics' }).isVisible()).resolves.toBe(true);
    await m.keyboard.press('Space');
    await expect(menu.getAttribute('open')).resolves.toBeNull();
    await m.keyboard.press('Space');
    await expect(menu.getAttribute('open')).resolves.not.toBeNull();
    // Tab walks into the open menu, down to the notifications, and Enter follows the link.
    await m.keyboard.press('Tab');
    expect((await focused(m))?.text).toBe('Topics');
    for (let i = 0; i < 15 && !(await focused(m))?.text.startsWith('Notifications'); i++) await m.keyboard.press('Tab');
    const link = await focused(m);
    expect(link?.href).toBe('/notifications');
    expect(link?.inViewport).toBe(true);
    await m.keyboard.press('Enter');
    await m.waitForURL('**/notifications');
    await expect(nav.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(false);
  });

  it('shows the links and no menu button on a wide screen', async () => {
    const { member: m } = pages;
    await m.setViewportSize(WIDE);
    await m.goto('/about');
    const nav = m.getByRole('navigation', { name: 'Main' });
    await expect(m.locator('.site-header summary').isVisible()).resolves.toBe(false);
    for (const name of ['Topics', 'Forum', 'Messages'])
      await expect(nav.getByRole('link', { name }).isVisible()).resolves.toBe(true);
    await expect(nav.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
  });
});

describe('reading a long page', () => {
  it('lists the article’s sections beside the text on a wide screen, and each link leads to its heading', async () => {
    const { anon } = pages;
    await anon.setViewportSize(WIDE);
    await anon.goto(paths.article);
    const contents = anon.getByRole('navigation', { name: 'On this page' });
    const links = contents.getByRole('link');
    await expect(links.allTextContents()).resolves.toEqual(
      SECTIONS.flatMap((s) => [s, `Notes on ${s.toLowerCase()}`]).concat('Loan periods by lender'),
    );
    // Open beside the text: to the right of the reading column, which keeps its measure.
    const box = await contents.boundingBox();
    const text = await anon.locator('.prose').boundingBox();
    expect(box && text && box.x >= text.x + text.width).toBe(true);
    expect(text?.width).toBeLessThan(WIDE.width * 0.65);
    await expect(anon.getByRole('heading', { level: 2, name: 'Related articles' }).isVisible()).resolves.toBe(true);
    await screenshot(anon, 'wide-article-contents');
    await contents.getByRole('link', { name: 'Track the loan', exact: true }).click();
    await anon.waitForURL(`**${paths.article}#track-the-loan`);
    const heading = anon.getByRole('heading', { level: 2, name: 'Track the loan' });
    await expect(heading.getAttribute('id')).resolves.toBe('track-the-loan');
    await expect.poll(() => heading.evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBeLessThan(100);
  });

  it('folds the list at the top on a phone; Enter opens it and a link jumps to its section', async () => {
    const { anon } = pages;
    await anon.setViewportSize(PHONES[1]);
    await anon.goto(paths.article);
    const contents = anon.getByRole('navigation', { name: 'On this page' });
    const summary = contents.locator('summary');
    await expect(summary.textContent()).resolves.toMatch(/On this page\s*\(11 sections\)/);
    await expect(contents.getByRole('link', { name: 'Choose lenders', exact: true }).isVisible()).resolves.toBe(false);
    // Before the text, after the article's header.
    const top = await summary.boundingBox();
    const firstHeading = await anon.getByRole('heading', { level: 2, name: SECTIONS[0] }).boundingBox();
    expect(top && firstHeading && top.y < firstHeading.y).toBe(true);
    await summary.focus();
    await anon.keyboard.press('Enter');
    const link = contents.getByRole('link', { name: 'Choose lenders', exact: true });
    await expect(link.isVisible()).resolves.toBe(true);
    await link.focus();
    await anon.keyboard.press('Enter');
    await anon.waitForURL(`**${paths.article}#choose-lenders`);
  });

  it('a thread offers other threads of its category and the category itself', async () => {
    const { anon } = pages;
    await anon.setViewportSize(PHONES[0]);
    await anon.goto(paths.thread);
    const related = anon.getByRole('region', { name: 'Related' });
    await expect(
      related.getByRole('link', { name: `Which courier for reels abroad? ${tag}` }).isVisible(),
    ).resolves.toBe(true);
    await expect(related.getByRole('link', { name: /Who lends 1920s newspapers/ }).count()).resolves.toBe(0);
    await expect(related.getByRole('link', { name: 'All threads in International ILL' }).isVisible()).resolves.toBe(
      true,
    );
  });
});
