import { AppError } from '../../platform/http/errors';
import { formatCount } from '../../platform/ui/char-limit';
import { DRAFT_LIMITS } from './drafts.models';

export const draftsErrors = {
  notFound: () =>
    new AppError(
      'drafts.not_found',
      404,
      'We could not find that draft. It may have been submitted or discarded already.',
      { title: 'Draft not found' },
    ),
  tooLarge: () =>
    new AppError(
      'drafts.too_large',
      413,
      'This text is too long to keep as a draft: ' +
        `a draft holds up to ${formatCount(DRAFT_LIMITS.chars)} characters in all its fields.`,
      { title: 'Too long for a draft', help: 'Shorten the text to within each field’s limit, then save it again.' },
    ),
  tooMany: () =>
    new AppError(
      'drafts.too_many',
      409,
      `You already keep ${DRAFT_LIMITS.perMember} drafts, the most one member can keep. ` +
        'Submit or discard some (they are listed on your home page), then save this one again.',
      { title: 'Too many drafts' },
    ),
};
