import type { Actor } from './auth/actor';
import type { Db } from './db/database';

/**
 * What every use case is given (DESIGN.md, habit 2): the database, who acts (null: an anonymous visitor, whom the
 * use case refuses when it needs someone) and the time from the injected clock. Use cases add their own inputs:
 * `reviseArticle({ ...context, slug, content })`.
 */
export interface UseCaseContext {
  db: Db;
  actor: Actor | null;
  now: Date;
}

/** For use cases that act for nobody in particular (sign-up, password reset). */
export type AnonymousUseCaseContext = Omit<UseCaseContext, 'actor'>;

/** For use cases whose entry points have already made sure someone is signed in. */
export type SignedInUseCaseContext = UseCaseContext & { actor: Actor };
