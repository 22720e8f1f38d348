import type { DbOrTx } from '../../platform/db/database';
import type { WatchTarget } from './notifications.models';

/** Something a member watches, as the feature that owns it describes it. */
export interface WatchSubject {
  label: string;
  url: string;
  /** Whether it may be watched now (a thread: only while public); a watch of something not watchable still lists. */
  watchable: boolean;
}

/**
 * How the owner of a kind of watch target (threads and categories: the community; topics and articles: the
 * library) names what members watch. Notifications never reads those features' tables: each registers its
 * source from its index.ts with `provideWatchSubjects`.
 */
export interface WatchSubjectSource {
  /** The ones of these ids that exist (a deleted thread is absent), by id. */
  describe(db: DbOrTx, ids: string[]): Promise<Map<string, WatchSubject>>;
  /** Everything of this kind a member may pick from on the settings page (topics), in display order. */
  choices?(db: DbOrTx): Promise<Array<{ id: string; label: string }>>;
}

const sources = new Map<WatchTarget, WatchSubjectSource>();

export function provideWatchSubjects(targetType: WatchTarget, source: WatchSubjectSource): void {
  sources.set(targetType, source);
}

/** Descriptions of watch targets by "type:id"; targets whose owner registered no source, or that are gone, are absent. */
export async function describeTargets(
  db: DbOrTx,
  targets: Array<{ targetType: WatchTarget; targetId: string }>,
): Promise<Map<string, WatchSubject>> {
  const byType = new Map<WatchTarget, Set<string>>();
  for (const t of targets) byType.set(t.targetType, (byType.get(t.targetType) ?? new Set()).add(t.targetId));
  const found = new Map<string, WatchSubject>();
  await Promise.all(
    [...byType].map(async ([type, ids]) => {
      const described = (await sources.get(type)?.describe(db, [...ids])) ?? new Map<string, WatchSubject>();
      for (const [id, subject] of described) found.set(`${type}:${id}`, subject);
    }),
  );
  return found;
}

export async function targetChoices(
  db: DbOrTx,
  targetType: WatchTarget,
): Promise<Array<{ id: string; label: string }>> {
  return (await sources.get(targetType)?.choices?.(db)) ?? [];
}
