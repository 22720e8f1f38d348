import type { Actor } from '../../platform/auth/actor';
import { hasRole } from '../../platform/authz/policy';
import { atLeast } from '../../platform/authz/roles';
import type { Article } from './library.models';

type ArticleRef = Pick<Article, 'createdBy' | 'protected'>;

/**
 * Who may do what to articles. The same functions decide on the server and
 * in the views, so a button is shown exactly when the action would succeed.
 */
export const libraryPolicies = {
  createArticle: (actor: Actor | null) => hasRole(actor, 'member'),
  /** Members edit what they started; editors edit anything not protected; moderators edit protected pages. */
  /** `granted`: another feature gives this person the right (e.g. a steward of the maintaining group). */
  editArticle: (actor: Actor | null, article: ArticleRef, granted = false) => {
    if (!actor) return false;
    if (article.protected) return atLeast(actor.role, 'moderator');
    if (atLeast(actor.role, 'editor') || (granted && atLeast(actor.role, 'member'))) return true;
    return atLeast(actor.role, 'member') && actor.id === article.createdBy;
  },
  revertArticle: (actor: Actor | null, article: ArticleRef, granted = false) =>
    libraryPolicies.editArticle(actor, article, granted),
  attachToArticle: (actor: Actor | null, article: ArticleRef, granted = false) =>
    libraryPolicies.editArticle(actor, article, granted),
  protectArticle: (actor: Actor | null) => hasRole(actor, 'moderator'),
  preview: (actor: Actor | null) => hasRole(actor, 'member'),
};
