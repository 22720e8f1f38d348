import { getAppState, setAppState } from '../../platform/db/app-state';
import type { Db } from '../../platform/db/database';
import type { ArchiveLookup } from './archive';
import { checkLinks, isDead, type LinkCheckOptions, type LinkStatus } from './link-checker';
import { collectLinks, MAX_LINKS_PER_RUN } from './resources.links';
import * as repo from './resources.repository';

export interface LinkCheckRun {
  checked: number;
  counts: Record<LinkStatus, number>;
}

/** A link is checked again after this long; where links appear is gathered again after a day. */
export const LINK_RECHECK_DAYS = 7;
const SOURCES_REFRESH_MS = 24 * 60 * 60 * 1000;
const SOURCES_KEY = 'resources.link_sources_refreshed_at';
/**
 * One run starts no new link after this long, so it ends well inside the job queue's 120-second lock (a link
 * takes at most the checker's 10-second deadline): the hourly schedule carries on where it stopped.
 */
export const RUN_BUDGET_MS = 80_000;

/**
 * The link-check job (no actor: the hub itself runs it on a schedule, so no member's standing applies). Gathers
 * where every link appears (once a day: the catalogue's stored entries and the articles), checks the links that are
 * due (never checked, or not for a week) politely and on public addresses only unless the options say otherwise,
 * looks up an archived copy for a dead link that has none yet, and stores what it found. Once `signal` is aborted
 * (the hub is stopping) it starts no new link: those not checked are still due at the next run.
 */
export async function runLinkCheck(input: {
  db: Db;
  now: () => Date;
  archive: ArchiveLookup;
  options?: LinkCheckOptions;
  ownOrigin?: string;
  budgetMs?: number;
  signal?: AbortSignal;
}): Promise<LinkCheckRun> {
  const { db } = input;
  const now = input.now();
  const refreshed = await getAppState(db, SOURCES_KEY);
  if (!refreshed || now.getTime() - Date.parse(refreshed) >= SOURCES_REFRESH_MS) {
    const sources = await collectLinks(db, input.ownOrigin);
    await db.transaction(async (tx) => {
      await repo.replaceSources(tx, sources);
      await setAppState(tx, SOURCES_KEY, now.toISOString(), now);
    });
  }
  const urls = await repo.dueUrls(db, new Date(now.getTime() - LINK_RECHECK_DAYS * 86_400_000), MAX_LINKS_PER_RUN);
  let checked = 0;
  const counts = await checkLinks(urls, {
    stopAt: Date.now() + (input.budgetMs ?? RUN_BUDGET_MS),
    ...(input.signal ? { signal: input.signal } : {}),
    ...input.options,
    onResult: async (r) => {
      checked++;
      let archived: Awaited<ReturnType<ArchiveLookup['closest']>> | undefined;
      if (isDead(r.status) && !(await repo.archivedCopyOf(db, r.url)))
        archived = await input.archive.closest(r.url).catch(() => null);
      await repo.recordCheck(db, r, input.now(), archived);
    },
  });
  return { checked, counts };
}
