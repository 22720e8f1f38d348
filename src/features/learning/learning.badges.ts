import type { VerifiedCertificate } from './learning.certificates';
import { certificateUrl } from './learning.certificates';
import { courseUrl, PASS_SHARE } from './learning.models';

/**
 * A certificate as an Open Badges 3.0 credential (an OpenBadgeCredential, W3C Verifiable Credentials 2.0 data
 * model). **Unsigned**: it carries no `proof`; it is trusted as a hosted credential is, by fetching it from the hub
 * at its `id` (the same unguessable code as the verification page). It holds only what that public page shows: the
 * holder's display name (as an `identifier` of type "name", since the member has no public identifier of their
 * own), the course and the date; never an email or an account id.
 */

export const OB3_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

export const certificateJsonUrl = (code: string) => `${certificateUrl(code)}.json`;

export interface OpenBadgeCredential {
  '@context': readonly string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  name: string;
  description: string;
  issuer: { id: string; type: ['Profile']; name: string; url: string };
  validFrom: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    identifier: Array<{ type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }>;
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'Certificate';
      name: string;
      description: string;
      criteria: { id: string; narrative: string };
    };
  };
}

/**
 * The credential for a verified certificate. `baseUrl` is the hub's public address (no trailing slash);
 * `courseSummary` the course's summary when the course still exists (else a sentence naming it).
 */
export function openBadgeCredential(
  certificate: VerifiedCertificate,
  v: { baseUrl: string; issuerName: string; courseSummary: string | null },
): OpenBadgeCredential {
  const base = v.baseUrl.replace(/\/+$/, '');
  const course = `${base}${courseUrl(certificate.courseSlug)}`;
  return {
    '@context': OB3_CONTEXT,
    id: `${base}${certificateJsonUrl(certificate.code)}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Certificate: ${certificate.courseTitle}`,
    description: `${certificate.displayName} finished every lesson of the course “${certificate.courseTitle}” on ${v.issuerName}.`,
    issuer: { id: `${base}/`, type: ['Profile'], name: v.issuerName, url: `${base}/` },
    validFrom: certificate.completedAt.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: certificate.displayName },
      ],
      achievement: {
        id: `${course}#achievement`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: certificate.courseTitle,
        description: v.courseSummary ?? `The course “${certificate.courseTitle}” on ${v.issuerName}.`,
        criteria: {
          id: course,
          narrative: `Finish every lesson of the course: each lesson with a quiz is finished by passing it (at least ${PASS_SHARE * 100} % of its questions right, checked on the server); each other lesson by marking it done.`,
        },
      },
    },
  };
}
