import type { Role } from '../../platform/authz/roles';

export const ACCOUNT_LIMITS = {
  email: 254,
  username: 30,
  displayName: 80,
  passwordMin: 10,
  passwordMax: 200,
} as const;

export const USERNAME_PATTERN = /^[a-z][a-z0-9_-]{2,29}$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const RESET_TOKEN_MINUTES = 60;
export const EMAIL_CHANGE_TOKEN_HOURS = 24;
export const ADMIN_SETUP_TOKEN_HOURS = 24;
/** The address-confirmation link mailed at sign-up (and on "send it again"). */
export const EMAIL_VERIFY_TOKEN_DAYS = 7;

export interface UserSummary {
  id: number;
  email: string;
  username: string;
  displayName: string;
  role: Role;
  createdAt: Date;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
