import type { DbOrTx } from '../../platform/db/database';
import { enforce } from '../../platform/http/rate-limit';
import { offload } from '../../platform/workers/shared';
import { explainXsdErrors } from './iso18626/explain';
import { ISO18626_LIMITS, ISO18626_RULES, type ValidationReport } from './iso18626/iso18626.models';
import { checkMeaning, precheck } from './iso18626/semantics';
import { ISO18626_TASK, type XsdResult } from './iso18626/validate-task';
import { toolsErrors } from './tools.errors';

/**
 * Check an ISO 18626 message: refuse DTDs, validate against the 1.2 schema in the worker pool (never on the
 * event loop; a full queue is "busy", an overrun is stopped), then check its meaning. Anyone may use it, signed in
 * or not: it reads nothing and stores nothing, so the one rule is a per-address rate limit (the schema check
 * costs a worker thread for 50–100 ms).
 */
export async function checkIso18626Message({
  db,
  ip,
  now,
  xml,
}: {
  db: DbOrTx;
  ip: string;
  now: Date;
  xml: string;
}): Promise<ValidationReport> {
  if (Buffer.byteLength(xml, 'utf8') > ISO18626_LIMITS.maxBytes) throw toolsErrors.messageTooLarge();
  const refused = precheck(xml);
  if (refused.length) return { messageType: undefined, schemaValid: false, findings: refused };
  await enforce(db, now, [[ISO18626_RULES.perIp, ip]]);
  const xsd = await offload<XsdResult>(ISO18626_TASK, xml, { timeoutMs: ISO18626_LIMITS.timeoutMs });
  const limit = (r: ValidationReport): ValidationReport => ({
    ...r,
    findings: r.findings.slice(0, ISO18626_LIMITS.maxFindings),
  });
  if (!xsd.valid) {
    const findings = explainXsdErrors(xsd.errors);
    const fallback = { severity: 'error' as const, line: undefined, message: 'The schema check failed.' };
    return limit({ messageType: undefined, schemaValid: false, findings: findings.length ? findings : [fallback] });
  }
  const meaning = checkMeaning(xml);
  return limit({ messageType: meaning.messageType, schemaValid: true, findings: meaning.findings });
}
