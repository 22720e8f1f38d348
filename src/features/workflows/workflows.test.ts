import path from 'node:path';
import { sql } from 'drizzle-orm';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/database';
import { actorFor, clientFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { addTopic, newArticle } from '../../../test/helpers/content';
import { exampleGroup } from '../../../test/helpers/groups';
import { keepChange, pendingChanges, takeChange, type WorkflowStep } from './workflows.models';
import * as repo from './workflows.repository';
import { loadStarterWorkflows, readStarterWorkflows } from './workflows.starter';
import { adoptWorkflow, saveStep } from './workflows.usecases';

const CONTENT = path.resolve(import.meta.dirname, '../../../content');

function step(key: string, title: string, extra: Partial<WorkflowStep> = {}): WorkflowStep {
  return {
    key,
    title,
    role: 'ILL assistant',
    system: 'ill-system',
    minutes: 5,
    details: '',
    checks: [],
    decisions: [],
    ...extra,
  };
}

describe('the three-way comparison of steps', () => {
  const base = [step('a', 'Search'), step('b', 'Pull'), step('c', 'Ship')];
  it('offers only steps the original changed, and marks those the library changed too as conflicts', () => {
    const upstream = [step('a', 'Search the catalogue'), step('b', 'Pull the item'), step('c', 'Ship')];
    const local = [step('a', 'Search'), step('b', 'Pull from the stacks'), step('c', 'Ship by courier')];
    const pending = pendingChanges(base, upstream, local);
    expect(pending.map((p) => [p.key, p.conflict])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('taking a change replaces the local step; keeping one only moves the base on', () => {
    const upstream = [step('a', 'Search the catalogue'), step('b', 'Pull the item'), step('c', 'Ship')];
    const local = [step('a', 'Search'), step('b', 'Pull from the stacks'), step('c', 'Ship')];
    const taken = takeChange(local, base, upstream, 'a');
    expect(taken.steps.map((s) => s.title)).toEqual(['Search the catalogue', 'Pull from the stacks', 'Ship']);
    const kept = keepChange(taken.base, upstream, 'b');
    expect(pendingChanges(kept, upstream, taken.steps)).toEqual([]);
  });

  it('a step the original added is inserted after its predecessor; a removed one is removed', () => {
    const upstream = [step('a', 'Search'), step('n', 'Check licence'), step('c', 'Ship')];
    const local = [step('a', 'Search'), step('b', 'Pull'), step('c', 'Ship')];
    const added = takeChange(local, base, upstream, 'n');
    expect(added.steps.map((s) => s.key)).toEqual(['a', 'n', 'b', 'c']);
    const removed = takeChange(added.steps, added.base, upstream, 'b');
    expect(removed.steps.map((s) => s.key)).toEqual(['a', 'n', 'c']);
  });
});

describe('starter workflows', () => {
  it('are at least ten, each saying where it applies and citing sources, with decision points that resolve', async () => {
    const starter = await readStarterWorkflows(CONTENT);
    expect(starter.length).toBeGreaterThanOrEqual(10);
    for (const w of starter) {
      expect(Object.keys(w.context).length, w.slug ?? '').toBeGreaterThan(0);
      expect(w.sources.length).toBeGreaterThan(0);
      expect(w.steps.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('workflows on the hub', () => {
  let t: TestApp;
  let editor: TestUser;
  let admin: TestUser;
  let owner: TestUser;
  let outsider: TestUser;
  let groupId: number;
  let groupName: string;

  beforeAll(async () => {
    t = await createTestApp();
    const system = rowsOf<{ id: number }>(
      await t.database.db.execute(sql`select id from users order by id limit 1`),
    )[0]!;
    const first = await loadStarterWorkflows({
      db: t.database.db,
      now: t.clock.now(),
      contentDir: CONTENT,
      systemUserId: system.id,
    });
    expect(first.added).toBeGreaterThanOrEqual(10);
    const again = await loadStarterWorkflows({
      db: t.database.db,
      now: t.clock.now(),
      contentDir: CONTENT,
      systemUserId: system.id,
    });
    expect(again).toEqual({ added: 0, unchanged: true });
    editor = await createUser(t.database, { role: 'editor' });
    admin = await createUser(t.database, { role: 'admin' });
    owner = await createUser(t.database);
    outsider = await createUser(t.database);
    groupName = `Riverside Library ILL ${Math.random().toString(36).slice(2, 7)}`;
    const group = await exampleGroup(t, owner, admin, { name: groupName });
    groupId = group.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows steps with real checkboxes, linked decision points and where it applies, to anonymous readers', async () => {
    const res = await t.app.request('/workflows/lending-a-request');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('type="checkbox"');
    expect(html).not.toContain('[ ]');
    expect(html).toMatch(/href="#step-say-no">go to step \d+</);
    expect(html).toContain('Where this applies');
    expect(html).toContain('id="step-search"');
  });

  it('keeps a member’s run: ticks saved by the form, resumed, finished; nobody else sees it', async () => {
    const member = await clientFor(t, owner);
    const start = await member.post(
      '/workflows/lending-a-request/runs',
      { label: 'Request 4411' },
      { from: '/workflows/lending-a-request' },
    );
    expect(start.status).toBe(303);
    const runPath = start.headers.get('location')!;
    const save = await member.post(
      runPath,
      { check: ['search:0', 'search:1', 'bogus:9'], intent: 'save' },
      { from: runPath },
    );
    expect(save.status).toBe(303);
    const resumed = await (await member.get(runPath)).text();
    expect(resumed).toContain('2 of');
    expect(resumed).toMatch(/value="search:0"[^>]*checked/);
    await member.post(runPath, { check: ['search:0'], intent: 'finish' }, { from: runPath });
    expect(await (await member.get(runPath)).text()).toContain('Reopen this run');
    const other = await clientFor(t, outsider);
    expect((await other.get(runPath)).status).toBe(404);
    expect((await t.app.request(runPath)).status).toBe(401);
  });

  it('never shows a group’s private version to anyone outside the group: pages, original, search and exports', async () => {
    const original = (await repo.findBySlug(t.database.db, 'closing-ill-for-holidays'))!;
    const { local } = await adoptWorkflow({
      db: t.database.db,
      actor: actorFor(owner),
      now: t.clock.now(),
      originalId: original.id,
      owner: { groupId },
      visibility: 'private',
    });
    const localPath = `/workflows/local/${local.id}`;
    expect((await t.app.request(localPath)).status).toBe(404);
    expect((await (await clientFor(t, outsider)).get(localPath)).status).toBe(404);
    expect((await (await clientFor(t, owner)).get(localPath)).status).toBe(200);

    const originalPage = await (await t.app.request('/workflows/closing-ill-for-holidays')).text();
    expect(originalPage).toContain('Used by 1 library');
    expect(originalPage).not.toContain(groupName);
    expect(originalPage).not.toContain(localPath);

    const indexed = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from search_documents where kind = 'workflow' and url like '/workflows/local/%'`,
      ),
    )[0]!;
    expect(indexed.n).toBe(0);

    expect((await t.app.request(`${localPath}/export.docx`)).status).toBe(404);
    const manual = `/workflows/manual.docx?library=Anyone&w=lending-a-request&w=local-${local.id}`;
    expect((await t.app.request(manual)).status).toBe(404);
    expect((await (await clientFor(t, outsider)).get(manual)).status).toBe(404);

    const mine = await (await clientFor(t, owner)).get(manual.replace('Anyone', 'Riverside Library'));
    expect(mine.status).toBe(200);
    expect(mine.headers.get('cache-control')).toContain('private');
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(await mine.arrayBuffer()) });
    expect(text).toContain('Riverside Library: ILL procedures');
    expect(text).toContain('Closing the ILL service for a holiday break');
    expect(text).toContain('Prepared on 2 March 2026');
  });

  it('lets only editors change an original, and only owners change a local version', async () => {
    const member = await clientFor(t, outsider);
    expect((await member.get('/workflows/lending-a-request/steps/1/edit')).status).toBe(403);
    const res = await member.post(
      '/workflows/lending-a-request/steps/1',
      { title: 'Hijacked', role: 'Anyone', system: 'ill-system', minutes: '', details: '', checks: '', decisions: '' },
      { from: '/workflows/lending-a-request' },
    );
    expect(res.status).toBe(403);
    expect(await (await t.app.request('/workflows/lending-a-request')).text()).not.toContain('Hijacked');
    const { local } = await adoptWorkflow({
      db: t.database.db,
      actor: actorFor(owner),
      now: t.clock.now(),
      originalId: (await repo.findBySlug(t.database.db, 'lending-a-request'))!.id,
      owner: 'me',
      visibility: 'public',
    });
    expect((await member.get(`/workflows/local/${local.id}/steps/1/edit`)).status).toBe(403);
    expect((await (await clientFor(t, owner)).get(`/workflows/local/${local.id}/steps/1/edit`)).status).toBe(200);
  });

  it('shows the adopter what changed upstream; they take one change and keep their own edit of another', async () => {
    const original = (await repo.findBySlug(t.database.db, 'reopening-ill-after-holidays'))!;
    const { local } = await adoptWorkflow({
      db: t.database.db,
      actor: actorFor(owner),
      now: t.clock.now(),
      originalId: original.id,
      owner: 'me',
      visibility: 'public',
    });
    const localPath = `/workflows/local/${local.id}`;
    const mine = await clientFor(t, owner);
    // The adopter edits step "mail" through the form.
    const edited = await mine.post(
      `${localPath}/steps/2`,
      {
        title: 'Open the mail, returns and the courier bins',
        role: 'ILL assistant',
        system: 'circulation',
        minutes: '60',
        details: 'Our courier bins fill up over the break.',
        checks: 'Courier bins emptied',
        decisions: '',
      },
      { from: `${localPath}/steps/2/edit` },
    );
    expect(edited.status).toBe(303);
    // The original changes "status" and "mail".
    const base = { db: t.database.db, actor: actorFor(editor), now: t.clock.now(), workflowId: original.id };
    const form = (title: string) => ({
      title,
      role: 'ILL assistant',
      system: 'ill-system',
      minutes: 5,
      details: '',
      checks: ['Done'],
      decisions: [],
    });
    await saveStep({ ...base, key: 'status', form: form('Turn lending back on in every system') });
    await saveStep({ ...base, key: 'mail', form: form('Open the mail') });

    const page = await (await mine.get(localPath)).text();
    expect(page).toContain('The original changed since you adopted it');
    const changes = await (await mine.get(`${localPath}/changes`)).text();
    expect(changes).toContain('you changed it too');
    expect((await (await clientFor(t, outsider)).get(`${localPath}/changes`)).status).toBe(404);

    expect(
      (await mine.post(`${localPath}/changes`, { key: 'status', choice: 'take' }, { from: `${localPath}/changes` }))
        .status,
    ).toBe(303);
    expect(
      (await mine.post(`${localPath}/changes`, { key: 'mail', choice: 'keep' }, { from: `${localPath}/changes` }))
        .status,
    ).toBe(303);
    const after = (await repo.findById(t.database.db, local.id))!;
    expect(after.steps.find((s) => s.key === 'status')?.title).toBe('Turn lending back on in every system');
    expect(after.steps.find((s) => s.key === 'mail')?.title).toBe('Open the mail, returns and the courier bins');
    expect(
      pendingChanges(after.baseSteps ?? [], (await repo.findById(t.database.db, original.id))!.steps, after.steps),
    ).toEqual([]);
    expect(await (await mine.get(localPath)).text()).not.toContain('The original changed since you adopted it');
    // The original names the public adopter.
    const originalPage = await (await t.app.request('/workflows/reopening-ill-after-holidays')).text();
    expect(originalPage).toContain(owner.displayName);
  });

  it('exports a public workflow as a DOCX that opens, with the library name and the date', async () => {
    const res = await t.app.request('/workflows/borrowing-a-request/export.docx?library=Hill%20College%20Library');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(await res.arrayBuffer()) });
    expect(html).toContain('Hill College Library: ILL procedures');
    expect(html).toContain('Step 1. Review the request');
  });

  it('keeps the article a workflow grew from at its address, linking to the step-by-step version', async () => {
    await addTopic(t, 'lending', 'Lending');
    const article = await newArticle(t, editor, { title: 'Daily lending workflow' });
    expect(article.slug).toBe('daily-lending-workflow');
    const html = await (await t.app.request('/articles/daily-lending-workflow')).text();
    expect(html).toContain('href="/workflows/lending-a-request"');
    const workflow = await (await t.app.request('/workflows/lending-a-request')).text();
    expect(workflow).toContain('href="/articles/daily-lending-workflow"');
  });

  it('indexes originals for search', async () => {
    const rows = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from search_documents where kind = 'workflow'`),
    )[0]!;
    expect(rows.n).toBeGreaterThanOrEqual(10);
  });
});
