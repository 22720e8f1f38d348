import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, createTestApp, createUser, type TestApp, type TestUser } from '../../../test/helpers/app';
import { addTopic, articleContent, newArticle } from '../../../test/helpers/content';
import { exampleGroup, maintain } from '../../../test/helpers/groups';
import { schedules } from '../../modules';
import { rowsOf } from '../../platform/db/database';
import { tickSchedules } from '../../platform/jobs/scheduler';
import { groupsModule } from '.';
import { DAY_MS } from './groups.models';
import { EDITOR_FALLBACK_DAYS } from './groups.policies';
import { tellEditorsOfWaitingSuggestions } from './suggestions.fallback';
import { submitSuggestion } from './suggestions.usecases';

let t: TestApp;
let admin: TestUser;
let owner: TestUser;
let steward: TestUser;
let editor: TestUser;
let proposer: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  await addTopic(t);
  admin = await createUser(t.database, { role: 'admin' });
  owner = await createUser(t.database);
  steward = await createUser(t.database);
  editor = await createUser(t.database, { role: 'editor' });
  proposer = await createUser(t.database);
});
afterAll(() => t.close());

async function fallbackNotices(userId: number) {
  return rowsOf<{ url: string; title: string }>(
    await t.database.db.execute(
      sql`select url, title from notifications where user_id = ${userId} and kind = 'suggestion.editors_fallback' order by id`,
    ),
  );
}

describe('the editors’ fallback on a maintained page', () => {
  it('tells the editors once, when the stewards have not decided within the fallback period', async () => {
    const group = await exampleGroup(t, owner, admin, {
      name: 'Example Courier Committee',
      members: [[steward, 'steward']],
    });
    const article = await newArticle(t, owner, { title: 'Courier pickup times' });
    await maintain(t, owner, group, article.slug);
    const submitted = await submitSuggestion({
      db: t.database.db,
      actor: actorFor(proposer),
      now: t.clock.now(),
      slug: article.slug,
      baseRevision: 1,
      content: articleContent({ title: article.title, body: 'Pickups are at ten and at two.' }),
      message: 'New pickup times',
    });
    if (submitted.status !== 'saved') throw new Error(submitted.status);

    // Before the period ends the stewards decide alone: nobody else is told.
    t.clock.advance((EDITOR_FALLBACK_DAYS - 1) * DAY_MS);
    await tickSchedules(t.database, t.clock, schedules([groupsModule]));
    await t.drainJobs();
    expect(await fallbackNotices(editor.id)).toEqual([]);

    // After it, the scheduled job tells each editor (not the stewards, not the proposer)…
    t.clock.advance(2 * DAY_MS);
    await tickSchedules(t.database, t.clock, schedules([groupsModule]));
    await t.drainJobs();
    const told = await fallbackNotices(editor.id);
    expect(told).toEqual([expect.objectContaining({ url: `/suggestions/${submitted.id}` })]);
    expect(told[0]!.title).toContain('Courier pickup times');
    expect(await fallbackNotices(admin.id)).toHaveLength(1);
    expect(await fallbackNotices(steward.id)).toEqual([]);
    expect(await fallbackNotices(proposer.id)).toEqual([]);

    // …once: running the job again (or in a second process) tells nobody twice.
    expect(await tellEditorsOfWaitingSuggestions({ db: t.database.db, now: t.clock.now() })).toBe(0);
    t.clock.advance(DAY_MS);
    await tickSchedules(t.database, t.clock, schedules([groupsModule]));
    await t.drainJobs();
    expect(await fallbackNotices(editor.id)).toHaveLength(1);
  });
});
