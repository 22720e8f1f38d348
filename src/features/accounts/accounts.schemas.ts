import { z } from 'zod';
import { text } from '../../platform/http/forms';
import { ACCOUNT_LIMITS, EMAIL_PATTERN, USERNAME_PATTERN, normaliseEmail } from './accounts.models';
import { ROLES } from '../../platform/authz/roles';

const email = z
  .string({ error: 'Email address is required.' })
  .transform(normaliseEmail)
  .pipe(
    z
      .string()
      .min(1, 'Email address is required.')
      .max(ACCOUNT_LIMITS.email, `Email address must be ${ACCOUNT_LIMITS.email} characters or fewer.`)
      .regex(EMAIL_PATTERN, 'Enter an email address like name@library.org.'),
  );

const newPassword = z
  .string({ error: 'Password is required.' })
  .min(1, 'Password is required.')
  .min(ACCOUNT_LIMITS.passwordMin, `Password must be at least ${ACCOUNT_LIMITS.passwordMin} characters.`)
  .max(ACCOUNT_LIMITS.passwordMax, `Password must be ${ACCOUNT_LIMITS.passwordMax} characters or fewer.`);

export const signUpSchema = z.object({
  email,
  displayName: text('Display name', ACCOUNT_LIMITS.displayName),
  username: z
    .string({ error: 'Username is required.' })
    .transform((s) => s.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, 'Username is required.')
        .regex(
          USERNAME_PATTERN,
          'Username must be 3 to 30 characters: lowercase letters, digits, hyphens or underscores, starting with a letter.',
        ),
    ),
  password: newPassword,
});

export const signInSchema = z.object({
  email,
  password: z
    .string({ error: 'Password is required.' })
    .min(1, 'Password is required.')
    .max(ACCOUNT_LIMITS.passwordMax),
});

export const resetRequestSchema = z.object({ email });

export const resetPasswordSchema = z
  .object({ password: newPassword, confirm: z.string({ error: 'Confirm your new password.' }) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match.' });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.'),
    password: newPassword,
    confirm: z.string({ error: 'Confirm your new password.' }),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match.' });

export const changeEmailSchema = z.object({
  email,
  currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.'),
});

export const changeRoleSchema = z.object({
  role: z.enum(ROLES, { error: 'Choose a role from the list.' }),
});
