import { SITE_NAME } from '../../../platform/ui/layout';
import { mailPayload } from '../../../platform/mail/mail-job';

const SIGNATURE = `\n\n— ${SITE_NAME}\nAn open, vendor-neutral hub for interlibrary loan and resource-sharing staff.`;

export function welcomeMail({ to, displayName, baseUrl }: { to: string; displayName: string; baseUrl: string }) {
  return mailPayload({
    to,
    subject: `Welcome to ${SITE_NAME}`,
    text: `Hello ${displayName},\n\nYour account is ready. A few good places to start:\n\n- Browse the topics: ${baseUrl}/topics\n- Look up a term: ${baseUrl}/glossary\n- Write up something you know: ${baseUrl}/articles/new\n\nIf you did not create this account, you can ignore this message or reply to let us know.${SIGNATURE}`,
  });
}

export function passwordResetMail({ to, displayName, url, minutes }: { to: string; displayName: string; url: string; minutes: number }) {
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

export function emailChangedNoticeMail({ to, displayName, newEmail }: { to: string; displayName: string; newEmail: string }) {
  return mailPayload({
    to,
    subject: `Your ${SITE_NAME} email address was changed`,
    text: `Hello ${displayName},\n\nThe email address for your ${SITE_NAME} account was changed to ${newEmail}. If you did not do this, reset your password from the sign-in page at once and tell the hub's administrators.${SIGNATURE}`,
  });
}
