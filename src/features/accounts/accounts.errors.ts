import { AppError } from '../../platform/http/errors';

export const accountErrors = {
  badCredentials: () =>
    new AppError(
      'auth.bad_credentials',
      400,
      'That email and password do not match an account. Check both and try again.',
    ),
  tokenInvalid: () =>
    new AppError(
      'auth.token_invalid',
      400,
      'This link has expired or has already been used. You can ask for a new one.',
      { title: 'Link expired' },
    ),
  emailChangeOtherAccount: () =>
    new AppError(
      'accounts.email_change_other_account',
      403,
      'This link confirms an email change for a different account from the one you are signed in as. Nothing was changed.',
      {
        title: 'Signed in as someone else',
        help: 'Sign out, sign in as the account that asked for the change, and open the link again. If you did not ask for this change, you can ignore the link.',
      },
    ),
  lastAdmin: () =>
    new AppError(
      'accounts.last_admin',
      409,
      'The hub must keep at least one administrator. Make someone else an administrator first.',
      {
        title: 'Cannot remove the last administrator',
      },
    ),
  userNotFound: () =>
    new AppError('accounts.user_not_found', 404, 'We could not find that account.', { title: 'Account not found' }),
};
