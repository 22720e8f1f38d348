import { AppError } from '../../platform/http/errors';

/** Stable error codes of groups, stewardship, suggested edits and expert lists. */
export const groupErrors = {
  groupNotFound: () =>
    new AppError('groups.group_not_found', 404, 'We could not find that group.', { title: 'Group not found' }),
  articleNotFound: () =>
    new AppError('groups.article_not_found', 404, 'We could not find that article. It may have been renamed.', {
      title: 'Article not found',
    }),
  memberNotFound: () =>
    new AppError('groups.member_not_found', 404, 'That person is not a member of this group.', {
      title: 'Member not found',
    }),
  notMaintained: () =>
    new AppError('groups.not_maintained', 404, 'No group maintains this article, so it has no review cycle.', {
      title: 'Not maintained by a group',
    }),
  protectedPage: () =>
    new AppError(
      'groups.page_protected',
      403,
      'This page is protected: only moderators change it. Say what should change in the page’s discussion instead.',
      { title: 'This page is protected' },
    ),
  topicNotFound: () =>
    new AppError('groups.topic_not_found', 404, 'We could not find that topic.', { title: 'Topic not found' }),
  topicRequestNotFound: () =>
    new AppError('groups.topic_request_not_found', 404, 'We could not find that request to maintain a topic.', {
      title: 'Request not found',
    }),
  claimNotFound: () =>
    new AppError('groups.claim_not_found', 404, 'We could not find that request to maintain a page.', {
      title: 'Request not found',
    }),
  handoverNotFound: () =>
    new AppError('groups.handover_not_found', 404, 'We could not find that handover.', { title: 'Handover not found' }),
  suggestionNotFound: () =>
    new AppError('groups.suggestion_not_found', 404, 'We could not find that suggested edit.', {
      title: 'Suggestion not found',
    }),
  listNotFound: () =>
    new AppError('groups.expert_list_not_found', 404, 'We could not find that expert list.', {
      title: 'List not found',
    }),
  entryNotFound: () =>
    new AppError('groups.expert_entry_not_found', 404, 'That person is not on this list.', {
      title: 'Not on the list',
    }),
  lastOwner: (message: string) =>
    new AppError('groups.last_owner', 409, message, { title: 'The group needs an owner' }),
  alreadyDecided: (what: string) => new AppError('groups.already_decided', 409, what, { title: 'Already decided' }),
  ownSuggestion: () =>
    new AppError(
      'groups.own_suggestion',
      403,
      'You proposed this change, and the group has another steward: one of them must approve it, so every change is seen by two people.',
      { title: 'Another steward must approve this' },
    ),
};
