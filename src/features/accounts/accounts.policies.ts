import { hasRole, type Rule } from '../../platform/authz/policy';
import type { RateRule } from '../../platform/http/rate-limit';

export const accountPolicies = {
  manageUsers: ((actor) => hasRole(actor, 'admin')) as Rule,
};

export const RATE_RULES = {
  signInPerEmail: { name: 'sign-in:email', limit: 8, windowSeconds: 15 * 60 },
  signInPerIp: { name: 'sign-in:ip', limit: 40, windowSeconds: 15 * 60 },
  signUpPerIp: { name: 'sign-up:ip', limit: 10, windowSeconds: 60 * 60 },
  resetPerIp: { name: 'reset:ip', limit: 10, windowSeconds: 60 * 60 },
  resetPerEmail: { name: 'reset:email', limit: 3, windowSeconds: 60 * 60 },
} satisfies Record<string, RateRule>;
