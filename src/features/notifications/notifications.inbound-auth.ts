// Is an emailed reply really from the domain in its From header? SPF, DKIM and DMARC by mailauth
// (loaded on first use, like the other mail libraries), with every DNS lookup bounded in time.
import { promises as dns } from 'node:dns';
import type { DNSResolver } from 'mailauth';

export type DnsResolver = DNSResolver;

/** How the sending server presented itself (from the SMTP session). */
export interface SmtpEnvelope {
  /** The connecting IP address. */
  ip: string;
  /** The EHLO/HELO name. */
  helo: string;
  /** MAIL FROM; empty for the null sender. */
  mailFrom: string;
}

/** One lookup may take this long; all the lookups for one message together, `DNS_BUDGET_MS`. */
export const DNS_LOOKUP_MS = 3_000;
export const DNS_BUDGET_MS = 8_000;
/** SPF is capped at 10 lookups by mailauth; this caps the rest (one DKIM key per signature, DMARC). */
export const DNS_MAX_LOOKUPS = 40;
/** Messages carrying more DKIM signatures than this are refused before any is verified. */
export const MAX_DKIM_SIGNATURES = 10;

const timeout = (message: string) => Object.assign(new Error(message), { code: 'ETIMEOUT' });

let system: DnsResolver | undefined;

/** The system's DNS, asked with short timeouts (one resolver for the process). */
export function systemResolver(): DnsResolver {
  if (!system) {
    const resolver = new dns.Resolver({ timeout: 1_500, tries: 2 });
    system = (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
  }
  return system;
}

/**
 * A resolver for one message: each lookup gives up after `lookupMs`, and once `budgetMs` or `maxLookups` is spent
 * every further lookup fails at once as a timeout (mailauth reports "temperror": nothing could be checked).
 */
export function boundedResolver(
  resolver: DnsResolver,
  options: { lookupMs?: number; budgetMs?: number; maxLookups?: number } = {},
): DnsResolver {
  const deadline = Date.now() + (options.budgetMs ?? DNS_BUDGET_MS);
  const maxLookups = options.maxLookups ?? DNS_MAX_LOOKUPS;
  let lookups = 0;
  return async (name, rrtype) => {
    lookups++;
    const left = deadline - Date.now();
    if (left <= 0 || lookups > maxLookups) throw timeout('DNS budget for this message spent');
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        resolver(name, rrtype),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(timeout(`DNS lookup of ${name} timed out`)),
            Math.min(left, options.lookupMs ?? DNS_LOOKUP_MS),
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** What the checks found, reduced to what the policy needs. */
export interface AuthFacts {
  fromDomain: string;
  envelopeDomain: string;
  /** DMARC for the From domain: "none" when it publishes no record. */
  dmarc: string;
  /** SPF for MAIL FROM (or the HELO name for the null sender). */
  spfEnvelope: string;
  /** SPF for the From domain (the same as `spfEnvelope` when the domains are equal). */
  spfFrom: string;
  /** DKIM signatures by a domain aligned with the From domain (relaxed), and their results. */
  alignedDkim: Array<{ domain: string; result: string }>;
}

export type AuthVerdict = { accept: true; authenticated: boolean } | { accept: false; status: string; reason: string };

/**
 * The policy. Replies come straight from a member's own mail system, so a domain that publishes how its mail is
 * authenticated is held to it:
 * 1. DMARC fails (the From domain publishes DMARC; neither aligned SPF nor aligned DKIM passes): refuse.
 * 2. DMARC passes, or a DKIM signature of the From domain verifies and covers the whole body: accept.
 * 3. SPF fails (hard fail, "-all") for the From domain or for the envelope sender: refuse.
 * 4. A DKIM signature of the From domain does not verify (altered after signing, or forged) and SPF does not pass
 *    for the From domain: refuse.
 * 5. Otherwise accept: when nothing could be checked (no records, DNS unreachable, lookups timed out) the reply
 *    address and the From address alone decide, as before.
 * Softfail ("~all") and neutral are not refusals.
 */
export function judgeReply(f: AuthFacts): AuthVerdict {
  const dkimPass = f.alignedDkim.some((s) => s.result === 'pass');
  if (f.dmarc === 'fail') {
    return {
      accept: false,
      status: '5.7.26',
      reason: `${f.fromDomain} publishes a DMARC policy and this message fails it: it carries no valid DKIM signature of ${f.fromDomain} and did not come from a server ${f.fromDomain} authorises (SPF)`,
    };
  }
  if (f.dmarc === 'pass' || dkimPass) return { accept: true, authenticated: true };
  if (f.spfFrom === 'fail') {
    return {
      accept: false,
      status: '5.7.23',
      reason: `${f.fromDomain} does not authorise the server that sent this message (SPF fail)`,
    };
  }
  if (f.spfEnvelope === 'fail') {
    return {
      accept: false,
      status: '5.7.23',
      reason: `${f.envelopeDomain}, the envelope sender's domain, does not authorise the server that sent this message (SPF fail)`,
    };
  }
  const broken = f.alignedDkim.filter((s) => s.result !== 'temperror');
  if (broken.length > 0 && f.spfFrom !== 'pass') {
    return {
      accept: false,
      status: '5.7.22',
      reason: `its DKIM signature from ${broken[0]!.domain} does not verify: the message was changed after it was signed, or the signature is not genuine`,
    };
  }
  return { accept: true, authenticated: f.spfFrom === 'pass' };
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * Run SPF, DKIM and DMARC on a raw message and judge it. `fromAddress` is the one From address (the caller refuses
 * messages with none or several). Returns the verdict and the facts (for the log).
 */
export async function authenticateReply(
  raw: Buffer,
  input: { envelope: SmtpEnvelope; fromAddress: string; resolver: DnsResolver; mta: string },
): Promise<{ verdict: AuthVerdict; facts: AuthFacts }> {
  const { authenticate, spf } = await import('mailauth');
  const resolver = boundedResolver(input.resolver);
  const { ip, helo, mailFrom } = input.envelope;
  const result = await authenticate(raw, {
    ip,
    helo,
    sender: mailFrom || undefined,
    mta: input.mta,
    resolver,
    disableArc: true,
    disableBimi: true,
    trustReceived: false,
  });
  const fromDomain = domainOf(input.fromAddress);
  const spfEnvelope = result.spf ? result.spf.status.result : 'none';
  const envelopeDomain = result.spf ? result.spf.domain : mailFrom ? domainOf(mailFrom) : helo;
  const spfFrom =
    envelopeDomain === fromDomain
      ? spfEnvelope
      : (await spf({ sender: input.fromAddress, ip, helo, mta: input.mta, resolver })).status.result;
  let dmarc = result.dmarc ? result.dmarc.status.result : 'none';
  // mailauth lets a DKIM signature whose l= leaves part of the body unsigned make DMARC pass; we do not.
  if (
    result.dmarc &&
    dmarc === 'pass' &&
    !result.dmarc.alignment?.spf?.result &&
    result.dmarc.alignment?.dkim?.underSized
  )
    dmarc = 'fail';
  const facts: AuthFacts = {
    fromDomain,
    envelopeDomain,
    dmarc,
    spfEnvelope,
    spfFrom,
    alignedDkim: (result.dkim.results ?? [])
      .filter((s) => Boolean(s.status.aligned))
      // A signature with a body length (l=) that leaves part of the body unsigned vouches for less than was sent.
      .map((s) => ({
        domain: s.signingDomain,
        result: s.status.result === 'pass' && s.status.underSized ? 'neutral' : s.status.result,
      })),
  };
  return { verdict: judgeReply(facts), facts };
}
