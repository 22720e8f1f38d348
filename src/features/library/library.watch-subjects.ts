import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import type { WatchSubject, WatchSubjectSource } from '../notifications';
import { articleRefs } from './library.repository';
import { topics } from './library.table';

/** Topics as the notifications module names watches of them, and the list members pick from. */
export const topicSubjects: WatchSubjectSource = {
  async describe(db: DbOrTx, ids: string[]) {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({ slug: topics.slug, name: topics.name })
      .from(topics)
      .where(inArray(topics.slug, ids));
    return new Map<string, WatchSubject>(
      rows.map((r) => [r.slug, { label: r.name, url: `/topics/${encodeURIComponent(r.slug)}`, watchable: true }]),
    );
  },
  async choices(db: DbOrTx) {
    const rows = await db
      .select({ slug: topics.slug, name: topics.name })
      .from(topics)
      .orderBy(asc(topics.position), asc(topics.name));
    return rows.map((r) => ({ id: r.slug, label: r.name }));
  },
};

export const articleSubjects: WatchSubjectSource = {
  async describe(db: DbOrTx, ids: string[]) {
    const found = await articleRefs(db, ids.filter((id) => /^[0-9]{1,10}$/.test(id)).map(Number));
    return new Map<string, WatchSubject>(
      [...found.values()].map((a) => [
        String(a.id),
        { label: a.title, url: `/articles/${encodeURIComponent(a.slug)}`, watchable: true },
      ]),
    );
  },
};
