import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import { atLeast } from '../../platform/authz/roles';
import type { DbOrTx } from '../../platform/db/database';
import { rowsOf } from '../../platform/db/database';
import { personal } from '../../platform/cache/personal';
import { actorOf, type AppContext } from '../../platform/http/context';
import { DateText } from '../../platform/ui/components';
import { type ArticleExtension, libraryPolicies } from '../library';
import { dayOf, reviewState } from './groups.models';
import { EDITOR_FALLBACK_DAYS, groupPolicies } from './groups.policies';
import * as groupsRepo from './groups.repository';
import * as repo from './stewardship.repository';
import { openForArticle } from './suggestions.repository';
import { adoptionOf } from './topics.repository';
import { PersonLink } from './views/parts';

/** Is the actor, today, an owner or steward of the group maintaining the article? */
export async function stewardOfArticle(db: DbOrTx, actor: Actor, articleId: number, now: Date): Promise<boolean> {
  if (!hasRole(actor, 'member')) return false;
  const rows = rowsOf<{ ok: number }>(
    await db.execute(sql`
      select 1 as ok from stewardships s
      join group_members m on m.group_id = s.group_id
      join groups g on g.id = s.group_id
      where s.article_id = ${articleId} and m.user_id = ${actor.id} and m.role in ('owner', 'steward') and g.status = 'active'
        and (m.term_ends_on is null or m.term_ends_on > ${dayOf(now)})
      limit 1`),
  );
  return rows.length > 0;
}

/**
 * What groups add to an article page. The notice is the same for every
 * anonymous reader (the page is cached): it depends only on the stewardship
 * and the date, and every change to either records a public-page event
 * (the overdue sweep covers the passing of time; see docs/decisions).
 */
export const groupsArticleExtension: ArticleExtension = {
  async notices(c, article) {
    const { database, clock } = c.get('deps');
    const s = await repo.findStewardship(database.db, article.id);
    if (!s) {
      // Honest about upkeep: readers can see when nobody has taken a page on.
      return article.type === 'glossary-term' ? null : (
        <p class="meta stewardship-line">No group maintains this page yet.</p>
      );
    }
    const now = clock.now();
    const overdue = reviewState(s.nextReviewDue, now) === 'overdue';
    return (
      <div class="stewardship">
        <p class="meta stewardship-line">
          Maintained by <a href={`/groups/${s.groupSlug}`}>{s.groupName}</a> ·{' '}
          {s.lastReviewedAt ? (
            <>
              reviewed <DateText date={s.lastReviewedAt} />
              {s.reviewerName ? (
                <>
                  {' '}
                  by <PersonLink username={s.reviewerUsername} name={s.reviewerName} />
                </>
              ) : null}
            </>
          ) : (
            'not reviewed yet'
          )}
        </p>
        <p class="meta">
          Suggested edits go to its stewards; if they have not decided within {EDITOR_FALLBACK_DAYS} days, the hub’s
          editors may.
        </p>
        {overdue ? (
          <div class="notice notice-warning review-overdue">
            <p class="notice-title">Review overdue</p>
            <p>
              {s.groupName} meant to review this page by <DateText date={s.nextReviewDue} />. It may be out of date:
              check anything important against a current source.
            </p>
          </div>
        ) : null}
      </div>
    );
  },

  async actions(c: AppContext, article) {
    const actor = actorOf(c);
    if (!actor) return null;
    const { database, clock } = c.get('deps');
    const db = database.db;
    const now = clock.now();
    // This member's part of the page, kept until any change is recorded (see platform/cache/personal.ts).
    const { s, mayAssign, role, waiting } = await personal(c, `groups.article-actions:${article.id}`, async () => {
      const s = await repo.findStewardship(db, article.id);
      if (!s) {
        const mayAssign =
          atLeast(actor.role, 'moderator') ||
          (atLeast(actor.role, 'member') &&
            (await groupsRepo.groupsOf(db, actor.id, now)).some((g) => g.role !== 'member'));
        return { s, mayAssign, role: null, waiting: 0 };
      }
      const role = await groupsRepo.roleIn(db, s.groupId, actor.id, now);
      const waiting = groupPolicies.steward(actor, role) ? await openForArticle(db, article.id) : 0;
      return { s, mayAssign: false, role, waiting };
    });
    const steward = groupPolicies.steward(actor, role);
    // Anyone who may not edit the page suggests instead, maintained or not (a page no group maintains goes to the
    // hub's editors); a protected page takes neither.
    const suggest =
      !article.protected &&
      !libraryPolicies.editArticle(actor, article, steward) &&
      groupPolicies.suggestEdit(actor) ? (
        <>
          <li>
            <a class="button" href={`/articles/${article.slug}/suggest`}>
              Suggest an edit
            </a>
          </li>
          <li>
            <a class="button secondary" href={`/articles/${article.slug}/suggest?fix=1`}>
              Propose a fix
            </a>
          </li>
        </>
      ) : null;
    if (!s) {
      return (
        <>
          {suggest}
          {mayAssign ? (
            <li>
              <a class="button secondary" href={`/articles/${article.slug}/stewardship`}>
                Choose a maintaining group
              </a>
            </li>
          ) : null}
        </>
      );
    }
    return (
      <>
        {suggest}
        {steward ? (
          <li>
            <a class="button secondary" href={`/articles/${article.slug}/review`}>
              Mark reviewed
            </a>
          </li>
        ) : null}
        {waiting > 0 ? (
          <li>
            <a class="button secondary" href={`/groups/${s.groupSlug}/reviews#suggestions`}>
              Suggested edits ({waiting} waiting)
            </a>
          </li>
        ) : null}
        {groupPolicies.changeInterval(actor, role) ? (
          <li>
            <a class="button secondary" href={`/articles/${article.slug}/stewardship`}>
              Review settings
            </a>
          </li>
        ) : null}
      </>
    );
  },

  async topicActions(c, topic) {
    const { database } = c.get('deps');
    const adoption = await adoptionOf(database.db, topic.slug);
    // The same for every reader (cached topic pages): adopting records a public-page event.
    return adoption ? (
      <p class="meta topic-stewardship">
        Maintained by <a href={`/groups/${adoption.groupSlug}`}>{adoption.groupName}</a>, including pages added later.
      </p>
    ) : (
      <p class="meta topic-stewardship">
        No group maintains this topic as a whole.{' '}
        <a href={`/stewardship/topics?topic=${topic.slug}`}>A group’s stewards can ask to</a>.
      </p>
    );
  },

  insteadOfEdit(c, article) {
    const actor = actorOf(c);
    return !article.protected && groupPolicies.suggestEdit(actor) ? `/articles/${article.slug}/suggest` : undefined;
  },

  grantsEdit(db, actor, article, now) {
    return stewardOfArticle(db, actor, article.id, now);
  },
};
