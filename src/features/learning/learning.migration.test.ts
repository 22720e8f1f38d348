import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The migration that keeps progress when a lesson is deleted, run over a database holding progress made before it.
const MIGRATIONS = path.resolve(import.meta.dirname, '../../../migrations');
const TAG = '0033_learning_media_and_kept_progress';
const MINUTES = '0035_learning_progress_lesson_minutes';

const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as {
  entries: Array<{ idx: number; tag: string }>;
};

async function apply(client: PGlite, tag: string) {
  const text = fs.readFileSync(path.join(MIGRATIONS, `${tag}.sql`), 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) if (statement.trim()) await client.exec(statement);
}

let client: PGlite;
beforeAll(async () => {
  client = await PGlite.create({ extensions: { pg_trgm } });
  const mine = journal.entries.find((e) => e.tag === TAG)!;
  const minutes = journal.entries.find((e) => e.tag === MINUTES)!;
  const sorted = [...journal.entries].sort((a, b) => a.idx - b.idx);
  for (const e of sorted.filter((e) => e.idx < mine.idx)) await apply(client, e.tag);
  await client.exec(`
    insert into users (email, username, display_name, password_hash, role)
      values ('m@library.test', 'm', 'M', 'x', 'member');
    insert into learning_courses (slug, title, summary, created_at, updated_at)
      values ('c', 'Course', 'S', now(), now());
    insert into learning_lessons (course_id, slug, position, title, summary, minutes, body, created_at, updated_at)
      select id, 'l', 1, 'Interlibrary basics', 'S', 5, 'Body', now(), now() from learning_courses;
    insert into learning_progress (user_id, lesson_id, course_id, completed_at, touched_at)
      select u.id, l.id, l.course_id, now(), now() from users u, learning_lessons l;
  `);
  for (const e of sorted.filter((e) => e.idx >= mine.idx && e.idx <= minutes.idx)) await apply(client, e.tag);
}, 120_000);
afterAll(() => client.close());

describe(`migrations ${TAG} and ${MINUTES}`, () => {
  it('gives existing progress its lesson’s title and minutes, and keeps them when the lesson is deleted', async () => {
    const before = await client.query<{ lesson_title: string; lesson_minutes: number }>(
      'select lesson_title, lesson_minutes from learning_progress',
    );
    expect(before.rows).toEqual([{ lesson_title: 'Interlibrary basics', lesson_minutes: 5 }]);
    await client.exec('delete from learning_lessons');
    const after = await client.query<{ lesson_id: number | null; lesson_title: string; done: boolean }>(
      'select lesson_id, lesson_title, completed_at is not null as done from learning_progress',
    );
    expect(after.rows).toEqual([{ lesson_id: null, lesson_title: 'Interlibrary basics', done: true }]);
  });

  it('still allows one row per member and lesson', async () => {
    await client.exec(`insert into learning_lessons (course_id, slug, position, title, summary, minutes, body, created_at, updated_at)
      select id, 'm', 1, 'Second', 'S', 5, 'Body', now(), now() from learning_courses`);
    const row = `insert into learning_progress (user_id, lesson_id, lesson_title, course_id, touched_at)
      select u.id, l.id, l.title, l.course_id, now() from users u, learning_lessons l`;
    await client.exec(row);
    await expect(client.exec(row)).rejects.toThrow(/learning_progress_user_lesson_key/);
  });
});
