import type { Actor } from '../auth/actor';
import { httpErrors } from '../http/errors';
import { atLeast, type Role } from './roles';

/**
 * A rule: may this actor do this to this subject? Rules are plain functions so
 * that the server enforces exactly what the view uses to show or hide a button.
 */
export type Rule<S = void> = (actor: Actor | null, subject: S) => boolean;

export function hasRole(actor: Actor | null, minimum: Role): actor is Actor {
  return actor !== null && atLeast(actor.role, minimum);
}

/** Throw 401 for anonymous visitors and 403 for signed-in people without the right. */
export function authorize(actor: Actor | null, allowed: boolean, message?: string): asserts actor is Actor {
  if (allowed && actor) return;
  if (!actor) throw httpErrors.signInRequired();
  throw httpErrors.forbidden(message);
}
