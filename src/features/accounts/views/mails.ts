import { SITE_NAME } from '../../../platform/ui/layout';
import { mailPayload } from '../../../platform/mail/mail-job';

/**
 * Account mail (welcome, address confirmation, password reset, email change) is plain text only, all of it:
 * its links act on the account, so each is shown in full and the reader sees where it goes (no link text to
 * disguise it). Notification and digest mail also carry an HTML part (notifications/views/emails.tsx).
 */
const SIGNATURE = `\n\n— ${SITE_NAME}\nAn open, vendor-neutral hub for interlibrary loan and resource-sharing staff.`;

export function welcomeMail({
  to,
  displayName,
  baseUrl,
  confirmUrl,
  days,
}: {
  to: string;
  displayName: string;
  baseUrl: string;
  confirmUrl: string;
  days: number;
}) {
  return mailPayload({
    to,
    subject: `Welcome to ${SITE_NAME}: please confirm your email address`,
    text: `Hello ${displayName},\n\nYour account is ready. Please confirm that this address is yours by opening this link:\n\n${confirmUrl}\n\nUntil you do, we send no notifications, digests or forum posts to this address (you can read and write on the hub already). The link works once, for ${days} days; your account page can send another.\n\nA few good places to start:\n\n- Browse the topics: ${baseUrl}/topics\n- Look up a term: ${baseUrl}/glossary\n- Write up something you know: ${baseUrl}/articles/new\n\nIf you did not create this account, ignore this message: nothing more will be sent to you unless someone asks to reset its password.${SIGNATURE}`,
  });
}

export function confirmAddressMail({
  to,
  displayName,
  url,
  days,
}: {
  to: string;
  displayName: string;
  url: string;
  days: number;
}) {
  return mailPayload({
    to,
    subject: `Confirm your email address for ${SITE_NAME}`,
    text: `Hello ${displayName},\n\nTo confirm that this address is yours, open this link within ${days} days:\n\n${url}\n\nUntil you do, we send no notifications, digests or forum posts to this address. The link works once; earlier links no longer work.\n\nIf you did not ask for this, ignore this message.${SIGNATURE}`,
  });
}

export function passwordResetMail({
  to,
  displayName,
  url,
  minutes,
}: {
  to: string;
  displayName: string;
  url: string;
  minutes: number;
}) {
  return mailPayload({
    to,
    subject: `Reset your ${SITE_NAME} password`,
    text: `Hello ${displayName},\n\nSomeone (we hope you) asked to reset the password for this account. To choose a new password, open this link within ${minutes} minutes:\n\n${url}\n\nThe link works once. If you did not ask for this, ignore this message: your password has not changed.${SIGNATURE}`,
  });
}

export function emailChangeMail({ to, displayName, url }: { to: string; displayName: string; url: string }) {
  return mailPayload({
    to,
    subject: `Confirm your new email address for ${SITE_NAME}`,
    text: `Hello ${displayName},\n\nTo start using this address for your ${SITE_NAME} account, open this link within 24 hours:\n\n${url}\n\nIf you did not ask for this, ignore this message and nothing will change.${SIGNATURE}`,
  });
}

export function emailChangedNoticeMail({
  to,
  displayName,
  newEmail,
}: {
  to: string;
  displayName: string;
  newEmail: string;
}) {
  return mailPayload({
    to,
    subject: `Your ${SITE_NAME} email address was changed`,
    text: `Hello ${displayName},\n\nThe email address for your ${SITE_NAME} account was changed to ${newEmail}. If you did not do this, reset your password from the sign-in page at once and tell the hub's administrators.${SIGNATURE}`,
  });
}
