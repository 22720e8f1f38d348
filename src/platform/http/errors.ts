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
    new AppError(
      'http.not_found',
      404,
      `We could not find that ${what}. It may have moved, or the address may be mistyped.`,
      {
        title: 'Page not found',
      },
    ),
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
    new AppError(
      'http.payload_too_large',
      413,
      `That upload or form was too large. The limit is ${formatBytes(limitBytes)}.`,
      {
        title: 'Too large',
        help: 'Make the file smaller (for images, reduce the dimensions; for PDFs, save a compressed copy) and try again.',
      },
    ),
  /** A form too large to read: nothing was saved, and the editor script kept the text in the browser. */
  formTooLarge: (limitBytes: number) =>
    new AppError(
      'http.payload_too_large',
      413,
      `That form was too large for the hub to read, so nothing was saved. The limit is ${formatBytes(limitBytes)}.`,
      {
        title: 'Too large to send',
        help:
          'If you were writing in one of the hub’s editors, what you typed is kept as a draft in this browser: ' +
          'go back to the form (your browser’s Back button), where it is offered again, and shorten the text ' +
          'before sending it. If scripts are off in your browser, go back and copy your text somewhere safe first.',
      },
    ),
  badRequest: () =>
    new AppError(
      'http.bad_request',
      400,
      'The hub could not read this address or form: it contains characters that are not valid text (for example a stray % sign or a null character).',
      { title: 'Unreadable request', help: 'Check the link, or retype what you entered, and try again.' },
    ),
  tooManyFields: (max: number) =>
    new AppError(
      'http.too_many_fields',
      413,
      `That form had too many fields. The limit is ${max.toLocaleString('en')}.`,
      {
        title: 'Too large',
        help: 'Go back, reload the page and send the form again.',
      },
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'http.rate_limited',
      429,
      `Too many attempts. Please wait ${formatWait(retryAfterSeconds)} and try again.`,
      { title: 'Please slow down', retryAfterSeconds },
    ),
  busy: (retryAfterSeconds: number) =>
    new AppError(
      'http.busy',
      503,
      `The hub is busy preparing other comparisons and previews. Please wait ${formatWait(retryAfterSeconds)} and try again.`,
      { title: 'Busy for a moment', retryAfterSeconds, help: 'Reading articles and the forum is not affected.' },
    ),
  tookTooLong: () =>
    new AppError('http.took_too_long', 503, 'Preparing this took too long, so the hub stopped trying.', {
      title: 'Took too long',
      help: 'The text may be unusually complex (for example thousands of nested brackets). Try a shorter or simpler part of it.',
    }),
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
