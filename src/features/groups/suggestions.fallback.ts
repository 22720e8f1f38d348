import type { Db } from '../../platform/db/database';
import { notify } from '../notifications';
import { editorIds } from './claims.repository';
import { withArticles } from './groups.articles';
import { DAY_MS } from './groups.models';
import { EDITOR_FALLBACK_DAYS } from './groups.policies';
import { suggestionDeciders } from './suggestions.deciders';
import * as repo from './suggestions.repository';

/** Suggestions handled per run; the job runs again before long, so a backlog drains over a few runs. */
const BATCH = 100;

/**
 * The editors' fallback: a suggested edit to a maintained page that its stewards have not decided within
 * `EDITOR_FALLBACK_DAYS` is now the editors' to decide too (suggestionDeciders), and this tells them, once per
 * suggestion (the row remembers it, so a second run or a second process tells nobody again). Pages with no
 * steward in office told the editors when the suggestion came in. Run by the `groups.fallback` job; not a use
 * case: nobody acts.
 */
export async function tellEditorsOfWaitingSuggestions({ db, now }: { db: Db; now: Date }): Promise<number> {
  const since = new Date(now.getTime() - EDITOR_FALLBACK_DAYS * DAY_MS);
  return db.transaction(async (tx) => {
    const waiting = await withArticles(tx, await repo.waitingPastFallback(tx, since, BATCH));
    if (waiting.length === 0) return 0;
    const editors = await editorIds(tx);
    let told = 0;
    for (const s of waiting) {
      await repo.markEditorsTold(tx, s.id, now);
      const deciders = await suggestionDeciders(tx, s, now);
      if (!deciders.group || deciders.stewards.length === 0) continue;
      const userIds = editors.filter((id) => id !== s.proposerId && !deciders.stewards.includes(id));
      if (userIds.length === 0) continue;
      await notify(tx, {
        userIds,
        kind: 'suggestion.editors_fallback',
        actorId: null,
        subjectType: 'suggestion',
        subjectId: String(s.id),
        url: `/suggestions/${s.id}`,
        title: `A suggested edit to “${s.article.title}” has waited ${EDITOR_FALLBACK_DAYS} days for ${deciders.group.name}: editors may decide now`,
        subjectTitle: s.article.title,
        dedupeKey: `suggestion-fallback:${s.id}`,
        now,
      });
      told++;
    }
    return told;
  });
}
