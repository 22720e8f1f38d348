import { inArray, ne, and } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/database';
import type { WatchSubject, WatchSubjectSource } from '../notifications';
import { categoryUrl, threadUrl } from './community.models';
import { forumCategories, forumThreads } from './community.table';

const numericIds = (ids: string[]) => ids.filter((id) => /^[0-9]{1,10}$/.test(id)).map(Number);

/** Threads as the notifications module names watches of them: deleted ones are gone, only public ones watchable. */
export const threadSubjects: WatchSubjectSource = {
  async describe(db: DbOrTx, ids: string[]) {
    const wanted = numericIds(ids);
    if (wanted.length === 0) return new Map();
    const rows = await db
      .select({ id: forumThreads.id, title: forumThreads.title, status: forumThreads.status })
      .from(forumThreads)
      .where(and(inArray(forumThreads.id, wanted), ne(forumThreads.status, 'deleted')));
    return new Map<string, WatchSubject>(
      rows.map((r) => [String(r.id), { label: r.title, url: threadUrl(r.id), watchable: r.status === 'published' }]),
    );
  },
};

export const categorySubjects: WatchSubjectSource = {
  async describe(db: DbOrTx, ids: string[]) {
    const wanted = numericIds(ids);
    if (wanted.length === 0) return new Map();
    const rows = await db
      .select({ id: forumCategories.id, name: forumCategories.name, slug: forumCategories.slug })
      .from(forumCategories)
      .where(inArray(forumCategories.id, wanted));
    return new Map<string, WatchSubject>(
      rows.map((r) => [String(r.id), { label: r.name, url: categoryUrl(r.slug), watchable: true }]),
    );
  },
};
