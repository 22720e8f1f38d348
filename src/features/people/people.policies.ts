import { hasRole, type Rule } from '../../platform/authz/policy';
import type { RateRule } from '../../platform/http/rate-limit';

/**
 * Who may do what with people. Readers are treated like the public: they read
 * public profiles and manage their own data, but write nothing here.
 */
export const peoplePolicies = {
  /** Anyone may open a profile; what they see is decided by the visibility rule. */
  viewProfile: (() => true) as Rule,
  editProfile: ((actor) => hasRole(actor, 'member')) as Rule,
  viewDirectory: ((actor) => hasRole(actor, 'member')) as Rule,
  joinPhoneAFriend: ((actor) => hasRole(actor, 'member')) as Rule,
  sendMessages: ((actor) => hasRole(actor, 'member')) as Rule,
  block: ((actor) => hasRole(actor, 'member')) as Rule,
  report: ((actor) => hasRole(actor, 'member')) as Rule,
  moderateMessages: ((actor) => hasRole(actor, 'moderator')) as Rule,
  /** Download or delete one's own data: every signed-in person. */
  ownData: ((actor) => actor !== null) as Rule,
};

export const PEOPLE_RATE_RULES = {
  conversations: { name: 'people:conversation', limit: 20, windowSeconds: 60 * 60 },
  messages: { name: 'people:message', limit: 120, windowSeconds: 60 * 60 },
  reports: { name: 'people:report', limit: 20, windowSeconds: 60 * 60 },
} satisfies Record<string, RateRule>;
