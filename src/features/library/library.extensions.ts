import type { Child } from 'hono/jsx';
import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import type { AppContext } from '../../platform/http/context';
import type { ReaderContext } from './library.context';
import type { Article, Topic } from './library.models';

/**
 * How other features add to articles and topics without the library knowing them:
 * the server passes these in when it mounts the library.
 */
export interface ArticleExtension {
  /** Shown under the article's title, e.g. who maintains it, or an overdue-review notice. */
  notices?(c: AppContext, article: Article): Promise<Child | null>;
  /** Extra items for the article's action list (each an <li>), e.g. "Discuss this article". */
  actions?(c: AppContext, article: Article): Promise<Child | null>;
  /** Controls on a topic's page, e.g. "Watch this topic". */
  topicActions?(c: AppContext, topic: Topic): Promise<Child | null>;
  /**
   * A right to edit that the library's roles do not give, e.g. stewards of the maintaining group. Never overrides protection.
   * `now` comes from the injected clock (rights that end on a date, such as committee terms, are checked against it).
   */
  /**
   * Where someone who may not edit an unprotected page goes instead of a refusal (e.g. "suggest an edit"),
   * or undefined to refuse. The first extension with an answer wins.
   */
  insteadOfEdit?(c: AppContext, article: Article): string | undefined;
  grantsEdit?(
    db: DbOrTx,
    actor: Actor,
    article: Pick<Article, 'id' | 'createdBy' | 'protected'>,
    now: Date,
  ): Promise<boolean>;
  /**
   * The signed-in reader's own context (library type, country, systems as vocabulary slugs), e.g. from their
   * profile: pages say when an article was written for somewhere else and offer "Show what applies to me".
   */
  readerContext?(c: AppContext): Promise<ReaderContext | null>;
}

export interface LibraryOptions {
  extensions?: ArticleExtension[];
}

export type EditGrant = (
  db: DbOrTx,
  actor: Actor | null,
  article: Pick<Article, 'id' | 'createdBy' | 'protected'>,
  now: Date,
) => Promise<boolean>;

export function editGrantFrom(extensions: ArticleExtension[]): EditGrant {
  return async (db, actor, article, now) => {
    if (!actor) return false;
    for (const ext of extensions) if (ext.grantsEdit && (await ext.grantsEdit(db, actor, article, now))) return true;
    return false;
  };
}

export const noGrant: EditGrant = async () => false;

/** The first reader context an extension gives (the people feature's profile), or null: anonymous or none given. */
export async function readerContextFrom(extensions: ArticleExtension[], c: AppContext): Promise<ReaderContext | null> {
  for (const ext of extensions) {
    const found = await ext.readerContext?.(c);
    if (found) return found;
  }
  return null;
}
