// Groups and stewardship in real Chromium: a group is asked for and approved,
// a steward marks an overdue page reviewed, a member's suggestion is approved
// and credited, and axe-core finds nothing on every new page type, light and dark.
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

const chromium = useChromium();
const tag = randomBytes(3).toString('hex');
const groupName = `Example Lending Committee ${tag}`;
const olive = newPerson('Olive', 'Owner');
const stella = newPerson('Stella', 'Steward');
const milo = newPerson('Milo', 'Member');
const pages = {} as Record<'admin' | 'olive' | 'stella' | 'milo' | 'anon', Page>;
let groupPath = '';
let articlePath = '';
let articleTitle = '';

beforeAll(async () => {
  for (const who of ['admin', 'olive', 'stella', 'milo', 'anon'] as const) pages[who] = await chromium.open();
});

/** axe-core on the page as it is, in the light and then the dark colour scheme. */
async function audit(page: Page, name: string, shot = false) {
  const violations: Violation[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    violations.push(...(await axeViolations(page, `${name}, ${scheme}`)));
  }
  if (shot) await screenshot(page, `groups-${name}`);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(violations, formatViolations(violations)).toEqual([]);
}

describe('groups and stewardship', () => {
  it('a member asks for a group and an administrator approves it', async () => {
    const { admin, olive: owner, anon } = pages;
    const greta = inject('featureAdmins').groups!;
    await setPasswordFromLink(admin, greta.link, 'a long passphrase for the groups admin');

    await signUp(owner, olive);
    await owner.goto('/groups');
    await audit(owner, 'groups-list');
    await owner.getByRole('link', { name: 'Ask for a new group' }).click();
    await audit(owner, 'group-request');
    expect(await submit(owner, owner.getByRole('button', { name: 'Send the request' }))).toBe(400);
    await owner
      .getByRole('alert')
      .getByRole('heading', { name: /There are \d problems/ })
      .waitFor();
    await audit(owner, 'group-request-errors');
    await owner.getByLabel('Name', { exact: true }).fill(groupName);
    await owner.getByLabel('Kind of group', { exact: true }).selectOption({ label: 'Committee' });
    await owner
      .getByLabel('Purpose', { exact: true })
      .fill('Keeps the hub’s lending pages current and reviews them every year.');
    expect(await submit(owner, owner.getByRole('button', { name: 'Send the request' }))).toBe(200);
    await owner.getByText('Waiting for approval').waitFor();
    groupPath = new URL(owner.url()).pathname;
    await audit(owner, 'group-pending');
    expect((await anon.goto(groupPath))?.status()).toBe(404);

    await admin.goto('/admin/groups');
    await audit(admin, 'admin-group-requests');
    expect(await submit(admin, admin.getByRole('button', { name: `Approve ${groupName}` }))).toBe(200);
    await admin.getByText('The group was approved').waitFor();

    expect((await anon.goto(groupPath))?.status()).toBe(200);
    await anon.getByRole('heading', { level: 1, name: groupName }).waitFor();
    await expect(anon.getByRole('link', { name: 'Olive Owner' }).count()).resolves.toBe(1);
  });

  it('the owner adds a steward and a member, and cannot remove the last owner', async () => {
    const { olive: owner } = pages;
    await signUp(pages.stella, stella);
    await signUp(pages.milo, milo);
    await owner.goto(groupPath);
    await audit(owner, 'group-page', true);
    await owner.getByRole('link', { name: 'Manage members' }).click();
    await audit(owner, 'group-members');
    for (const [person, role] of [
      [stella, 'Steward'],
      [milo, 'Member'],
    ] as const) {
      await owner.getByLabel('Username', { exact: true }).fill(person.username);
      await owner.getByLabel('Role', { exact: true }).selectOption({ label: role });
      expect(await submit(owner, owner.getByRole('button', { name: 'Add to the group' }))).toBe(200);
      await owner.getByText('Member added.').waitFor();
    }
    await expect(owner.getByLabel(`Role for ${stella.displayName}`).inputValue()).resolves.toBe('steward');
    expect(await submit(owner, owner.getByRole('button', { name: `Remove ${olive.displayName}` }))).toBe(409);
    await owner.getByRole('heading', { name: 'That change was not made' }).waitFor();
    await expect(owner.getByRole('alert').textContent()).resolves.toContain('only owner with no end date');
    await audit(owner, 'group-members-refused');
  });

  it('a steward marks an overdue page reviewed and the overdue notice disappears', async () => {
    const { olive: owner, stella: steward, anon } = pages;
    articleTitle = `Lending rare atlases ${tag}`;
    articlePath = await publishArticle(owner, {
      title: articleTitle,
      summary: 'What to check before a rare atlas leaves the building.',
      topic: 'Lending',
      body: '## Before lending\n\nCheck the binding and insure the atlas for its replacement value.\n',
    });
    await owner.getByRole('link', { name: 'Choose a maintaining group' }).click();
    await audit(owner, 'stewardship-form');
    await owner.getByLabel('Group', { exact: true }).selectOption({ label: groupName });
    // The group checked this page on its old wiki two years ago: it is overdue from the start.
    await owner.getByLabel(/^Last reviewed on/).fill('2024-01-15');
    expect(await submit(owner, owner.getByRole('button', { name: 'Maintain this page' }))).toBe(200);

    await anon.goto(articlePath);
    await anon.getByText('Review overdue').waitFor();
    await expect(anon.getByText(`Maintained by ${groupName}`).count()).resolves.toBe(1);
    await audit(anon, 'article-review-overdue', true);

    await steward.goto(articlePath);
    await steward.getByRole('link', { name: 'Mark reviewed' }).click();
    await audit(steward, 'review-form');
    // By keyboard: type the note, Tab to the button (focus visible), Enter.
    await steward.getByLabel(/^Review note/).fill('Checked the insurance advice against this year’s policy.');
    await steward.keyboard.press('Tab');
    const onButton = await focused(steward);
    expect(onButton?.text).toBe('Mark reviewed');
    expect(onButton?.outlineStyle).not.toBe('none');
    await Promise.all([steward.waitForURL(`**${articlePath}?notice=reviewed`), steward.keyboard.press('Enter')]);
    await expect(steward.getByText('Review overdue').count()).resolves.toBe(0);
    await steward.getByText(/reviewed .* by Stella Steward/).waitFor();

    // Anonymous readers were served a cached page: it is refreshed too.
    await anon.reload();
    await expect(anon.getByText('Review overdue').count()).resolves.toBe(0);
    await anon.getByText(/reviewed .* by Stella Steward/).waitFor();
  });

  it('a suggestion is submitted, reviewed, approved and shown in the history with both names', async () => {
    const { milo: member, stella: steward } = pages;
    await member.goto(articlePath);
    await expect(member.getByRole('link', { name: 'Edit this article' }).count()).resolves.toBe(0);
    await member.getByRole('link', { name: 'Suggest an edit' }).click();
    await member.getByRole('heading', { level: 1, name: `Suggest an edit to “${articleTitle}”` }).waitFor();
    await audit(member, 'suggest-editor');
    await member
      .getByLabel('Article text', { exact: true })
      .fill(
        '## Before lending\n\nCheck the binding, photograph each plate, and insure the atlas for its replacement value.\n',
      );
    await member.getByLabel(/^Change summary/).fill('Photograph the plates');
    expect(await submit(member, member.getByRole('button', { name: 'Send the suggestion' }))).toBe(200);
    await member.getByText('Your suggestion was sent to the stewards').waitFor();
    await audit(member, 'suggestion-page', true);

    await steward.goto(`${groupPath}/reviews`);
    await audit(steward, 'review-queue');
    await steward.getByRole('link', { name: `${articleTitle}: Photograph the plates` }).click();
    await audit(steward, 'suggestion-steward-view');
    expect(await submit(steward, steward.getByRole('button', { name: 'Approve and publish' }))).toBe(200);
    await steward.getByText('Approved: the change is published').waitFor();

    await steward.goto(`${articlePath}/history`);
    const newest = steward.getByRole('row', { name: /Revision 2/ });
    await expect(newest.textContent()).resolves.toContain('Milo Member');
    await expect(newest.textContent()).resolves.toContain(
      'Photograph the plates (suggested by Milo Member, approved by Stella Steward)',
    );
    await member.goto(articlePath);
    await member.getByText('photograph each plate').waitFor();
  });

  it('shows the proposer a conflict when the article changed while they wrote', async () => {
    const { milo: member, olive: owner } = pages;
    await member.goto(`${articlePath}/suggest`);
    await reviseArticle(
      owner,
      articlePath,
      '## Before lending\n\nCheck the binding, photograph each plate, and insure the atlas. Use a rigid case.\n',
      'Rigid case',
    );
    await member
      .getByLabel('Article text', { exact: true })
      .fill('## Before lending\n\nA different idea written on the old revision.\n');
    await member.getByLabel(/^Change summary/).fill('Old base');
    expect(await submit(member, member.getByRole('button', { name: 'Send the suggestion' }))).toBe(409);
    await member.getByRole('heading', { level: 1, name: /changed while you were writing your suggestion/ }).waitFor();
    await audit(member, 'suggestion-conflict');
    await member.goto('/suggestions');
    await audit(member, 'my-suggestions');
  });

  it('content health and expert lists are usable and accessible', async () => {
    const { stella: steward, milo: member, anon } = pages;
    await steward.goto('/health');
    await audit(steward, 'health-site');
    await steward.goto(`${groupPath}/health`);
    await audit(steward, 'health-group', true);
    await steward.getByRole('link', { name: /— pages without a maintaining group/ }).click();
    await steward.getByRole('heading', { level: 1, name: /Pages without a maintaining group/ }).waitFor();
    await audit(steward, 'health-list');

    await steward.goto(groupPath);
    await steward.getByRole('link', { name: 'Start an expert list' }).click();
    await audit(steward, 'expert-list-new');
    await steward.getByLabel('Title', { exact: true }).fill(`Example atlas experts ${tag}`);
    expect(await submit(steward, steward.getByRole('button', { name: 'Create the list' }))).toBe(200);
    await steward.getByLabel('Username', { exact: true }).fill(milo.username);
    await steward.getByLabel('What they can advise on', { exact: true }).fill('Packing and insuring oversized books');
    expect(await submit(steward, steward.getByRole('button', { name: 'Send the invitation' }))).toBe(200);
    await audit(steward, 'expert-list-steward');
    const listPath = new URL(steward.url()).pathname;

    await member.goto('/expert-invitations');
    await audit(member, 'expert-invitations');
    expect(await submit(member, member.getByRole('button', { name: `Accept “Example atlas experts ${tag}”` }))).toBe(
      200,
    );
    await anon.goto(listPath);
    await anon.getByRole('link', { name: 'Milo Member' }).waitFor();
    await audit(anon, 'expert-list');
    await anon.goto('/experts');
    await audit(anon, 'expert-lists');
  });

  it('hands a page over to another group when both agree', async () => {
    const { olive: owner, anon, admin } = pages;

    // A second group to hand the page over to, approved by the administrator.
    const second = `Example Atlas Project ${tag}`;
    await owner.goto('/groups/new');
    await owner.getByLabel('Name', { exact: true }).fill(second);
    await owner.getByLabel('Kind of group', { exact: true }).selectOption({ label: 'Project' });
    await owner.getByLabel('Purpose', { exact: true }).fill('Looks after pages about atlases and oversized books.');
    await submit(owner, owner.getByRole('button', { name: 'Send the request' }));
    await admin.goto('/admin/groups');
    await submit(admin, admin.getByRole('button', { name: `Approve ${second}` }));
    await owner.goto(`${groupPath}/handovers`);
    await audit(owner, 'handovers');
    await owner.getByLabel('Group to hand over to', { exact: true }).selectOption({ label: second });
    await owner.getByRole('checkbox', { name: articleTitle }).check();
    expect(await submit(owner, owner.getByRole('button', { name: 'Propose the handover' }))).toBe(200);
    await audit(owner, 'handover');
    expect(await submit(owner, owner.getByRole('button', { name: `Accept for ${second}` }))).toBe(200);
    await owner.getByText('Completed', { exact: true }).waitFor();
    await anon.goto(articlePath);
    await anon.getByText(`Maintained by ${second}`).waitFor();
  });
});
