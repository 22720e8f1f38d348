import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error the user can act on. `code` is stable (documented, used by the API
 * and by tests); `message` is written for people.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details: { title?: string; retryAfterSeconds?: number; help?: string } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const httpErrors = {
  notFound: (what = 'page') =>
    new AppError('http.not_found', 404, `We could not find that ${what}. It may have moved, or the address may be mistyped.`, {
      title: 'Page not found',
    }),
  forbidden: (message = 'Your account does not have permission to do that.') =>
    new AppError('http.forbidden', 403, message, { title: 'Not allowed' }),
  signInRequired: () =>
    new AppError('auth.sign_in_required', 401, 'Please sign in to continue.', { title: 'Sign in to continue' }),
  csrf: () =>
    new AppError(
      'http.csrf_failed',
      403,
      'This form could not be accepted because its security token was missing or out of date. Go back, reload the page and try again.',
      { title: 'Form expired' },
    ),
  tooLarge: (limitBytes: number) =>
    new AppError('http.payload_too_large', 413, `That upload or form was too large. The limit is ${formatBytes(limitBytes)}.`, {
      title: 'Too large',
      help: 'Make the file smaller (for images, reduce the dimensions; for PDFs, save a compressed copy) and try again.',
    }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'http.rate_limited',
      429,
      `Too many attempts. Please wait ${formatWait(retryAfterSeconds)} and try again.`,
      { title: 'Please slow down', retryAfterSeconds },
    ),
};

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** "10 MB", "512 KB", "900 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
