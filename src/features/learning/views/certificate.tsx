import { certificateJsonUrl } from '../learning.badges';
import type { VerifiedCertificate } from '../learning.certificates';
import { courseUrl, longDay } from '../learning.models';

/** The public page a certificate's code opens: whose it is, for which course, when, and who vouches for it. */
export function CertificatePageView({ certificate }: { certificate: VerifiedCertificate }) {
  return (
    <div class="page narrow">
      <h1>Certificate of completion</h1>
      <section aria-labelledby="certificate-holder" class="panel" data-testid="certificate">
        <h2 id="certificate-holder">{certificate.displayName}</h2>
        <p>
          finished every lesson of the course <a href={courseUrl(certificate.courseSlug)}>{certificate.courseTitle}</a>{' '}
          on <time datetime={certificate.completedAt.toISOString()}>{longDay(certificate.completedAt)}</time>.
        </p>
        <p>
          <strong>Verified by ILL Commons.</strong>
        </p>
      </section>
      <p class="meta">
        This page is the certificate's proof: its address holds a code only the holder was given. It is shown while the
        holder's account exists.
      </p>
      <p>
        <a href={certificateJsonUrl(certificate.code)} type="application/ld+json">
          This certificate as an Open Badges 3.0 credential (JSON)
        </a>{' '}
        <span class="meta">(unsigned: a badge wallet or verifier checks it by fetching it from this address)</span>
      </p>
    </div>
  );
}
