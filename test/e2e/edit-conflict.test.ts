import { describe, expect, inject, it } from 'vitest';
import {
  newPerson,
  publishArticle,
  screenshot,
  setPasswordFromLink,
  signIn,
  signOut,
  signUp,
  submit,
  useChromium,
} from './browser';

const chromium = useChromium();
const personPage = () => chromium.open();

describe('two people edit the same article at once', () => {
  it('shows the second saver a conflict page that keeps their text, and saves it on purpose', async () => {
    const [admin, author, editor] = [await personPage(), await personPage(), await personPage()];
    const rosa = newPerson('Rosa', 'Author');
    const eddie = newPerson('Eddie', 'Editor');

    // The administrator sets a password through the link the CLI printed, then signs in with it.
    const adminPassword = 'a long admin passphrase for e2e';
    const edda = inject('featureAdmins').conflicts!;
    await setPasswordFromLink(admin, edda.link, adminPassword);
    await signOut(admin);
    await signIn(admin, edda.email, adminPassword);
    await expect(admin.getByRole('link', { name: 'Your account: Edda Admin' }).isVisible()).resolves.toBe(true);

    // The author publishes; a second member signs up and cannot edit it yet.
    await signUp(author, rosa);
    const base = `## Lending rare maps\n\nShip flat, never rolled.\n\nInsure for the replacement value.\n`;
    const articlePath = await publishArticle(author, {
      title: `Lending rare maps ${eddie.username}`,
      summary: 'What to check before a rare map leaves the building.',
      topic: 'Lending',
      body: base,
    });
    await signUp(editor, eddie);
    await editor.goto(articlePath);
    await expect(editor.getByRole('link', { name: 'Edit this article' }).count()).resolves.toBe(0);

    // The administrator makes the second member an Editor on /admin/users.
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Manage users' }).click();
    await admin.getByLabel('Name, username or email').fill(eddie.username);
    await admin.getByRole('button', { name: 'Find users' }).click();
    await admin.getByLabel(`Role for ${eddie.displayName}`).selectOption({ label: 'Editor' });
    expect(await submit(admin, admin.getByRole('button', { name: `Change role for ${eddie.displayName}` }))).toBe(200);
    await expect(admin.getByRole('status').textContent()).resolves.toMatch(/Role changed for user \d+ \(now Editor\)/);
    await expect(admin.getByLabel(`Role for ${eddie.displayName}`).inputValue()).resolves.toBe('editor');

    // Both open the editor on revision 1.
    await editor.reload();
    await editor.getByRole('link', { name: 'Edit this article' }).click();
    await author.goto(`${articlePath}/edit`);
    await author.getByLabel('Article text', { exact: true }).waitFor();

    // The author saves first.
    const authorLine = 'Photograph each map before it is packed.';
    await author.getByLabel('Article text', { exact: true }).fill(`${base}\n${authorLine}\n`);
    await author.getByLabel(/^Change summary/).fill('Photograph before packing');
    expect(await submit(author, author.getByRole('button', { name: 'Save changes' }))).toBe(200);

    // The editor, still on revision 1, saves second: a 409 conflict page, nothing lost.
    const editorLine = 'Use a rigid portfolio, not a tube.';
    const editorBody = base.replace('Ship flat, never rolled.', `Ship flat, never rolled. ${editorLine}`);
    await editor.getByLabel('Article text', { exact: true }).fill(editorBody);
    await editor.getByLabel(/^Change summary/).fill('Portfolio, not tube');
    expect(await submit(editor, editor.getByRole('button', { name: 'Save changes' }))).toBe(409);
    await editor.getByRole('heading', { level: 1, name: /Someone else changed this article/ }).waitFor();
    await expect(editor.getByRole('alert').textContent()).resolves.toContain(
      'Your changes have not been saved yet — and nothing is lost.',
    );
    await expect(editor.getByRole('region', { name: 'What they changed' }).textContent()).resolves.toContain(
      authorLine,
    );
    await expect(
      editor.getByRole('region', { name: 'Your version compared with theirs' }).textContent(),
    ).resolves.toContain(editorLine);
    const kept = editor.getByLabel('Your article text');
    await expect(kept.inputValue()).resolves.toBe(editorBody);
    await screenshot(editor, 'journey-conflict');

    // Saving on purpose makes the editor's version the new revision.
    expect(await submit(editor, editor.getByRole('button', { name: 'Save my version as the new revision' }))).toBe(200);
    expect(new URL(editor.url()).pathname).toBe(articlePath);
    await expect(editor.getByRole('status').textContent()).resolves.toContain('Your changes are saved and published.');
    const saved = await editor.locator('main').textContent();
    expect(saved).toContain(editorLine);
    expect(saved).not.toContain(authorLine);

    // The history keeps both people's revisions.
    await editor.getByRole('link', { name: 'View history' }).click();
    await expect(
      editor
        .getByRole('row', { name: new RegExp(`Revision 3 .*${eddie.displayName}.*Portfolio, not tube`) })
        .isVisible(),
    ).resolves.toBe(true);
    await expect(
      editor
        .getByRole('row', { name: new RegExp(`Revision 2 .*${rosa.displayName}.*Photograph before packing`) })
        .isVisible(),
    ).resolves.toBe(true);
  });
});
