import { AppError, formatBytes } from '../../platform/http/errors';
import { ISO18626_LIMITS } from './iso18626/iso18626.models';

export const toolsErrors = {
  messageTooLarge: (limitBytes: number = ISO18626_LIMITS.maxBytes) =>
    new AppError(
      'tools.message_too_large',
      413,
      `That message is too large to check. The limit is ${formatBytes(limitBytes)}; a typical ISO 18626 message is under 10 KB.`,
      { title: 'Message too large', help: 'Check one message at a time.' },
    ),
};
