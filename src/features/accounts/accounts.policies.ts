import { hasRole, type Rule } from '../../platform/authz/policy';
import type { RateRule } from '../../platform/http/rate-limit';

export const accountPolicies = {
  manageUsers: ((actor) => hasRole(actor, 'admin')) as Rule,
};

export const RATE_RULES = {
  // Sign-in and re-authentication are slowed by failures, not counted here: PASSWORD_THROTTLE in platform/auth/throttle.ts.
  signUpPerIp: { name: 'sign-up:ip', limit: 10, windowSeconds: 60 * 60 },
  resetPerIp: { name: 'reset:ip', limit: 10, windowSeconds: 60 * 60 },
  resetPerEmail: { name: 'reset:email', limit: 3, windowSeconds: 60 * 60 },
  /** "Send the confirmation link again", per account. */
  confirmResendPerUser: { name: 'confirm-resend:user', limit: 3, windowSeconds: 60 * 60 },
} satisfies Record<string, RateRule>;
