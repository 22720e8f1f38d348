import { type Finding, isMessageType, ISO18626_NS, type MessageType } from './iso18626.models';
import { child, path, scanXml, type XmlElement } from './xml-scan';

/**
 * Refused before the schema is even tried: a DTD can declare entities (external files, or the "billion laughs"
 * expansion), and no ISO 18626 message needs one.
 */
export function precheck(xml: string): Finding[] {
  if (xml.trim() === '') return [{ severity: 'error', line: undefined, message: 'Paste a message or choose a file.' }];
  const doctype = xml.search(/<!DOCTYPE|<!ENTITY/i);
  if (doctype >= 0) {
    const line = xml.slice(0, doctype).split('\n').length;
    return [
      {
        severity: 'error',
        line,
        message:
          'The message declares a DOCTYPE or entities. ISO 18626 messages never need one, and the tool does not read them (they can pull in outside files or expand to gigabytes). Remove the <!DOCTYPE …> part.',
      },
    ];
  }
  return [];
}

const at = (el: XmlElement | undefined) => el?.line;
const textOf = (el: XmlElement | undefined, ...names: string[]) => path(el, ...names)?.text ?? '';
const time = (s: string) => {
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

function checkHeader(header: XmlElement | undefined, out: Finding[]): void {
  if (!header) return;
  for (const [el, who] of [
    ['supplyingAgencyId', 'supplying'],
    ['requestingAgencyId', 'requesting'],
  ] as const) {
    const id = child(header, el);
    if (id && !textOf(id, 'agencyIdValue'))
      out.push({
        severity: 'error',
        line: at(id),
        message: `The ${who} library’s ID (${el}/agencyIdValue) is empty: the other side cannot tell who the message is ${who === 'supplying' ? 'for' : 'from'}.`,
      });
    if (id && !textOf(id, 'agencyIdType'))
      out.push({
        severity: 'warning',
        line: at(id),
        message: `${el} has no agencyIdType: say which scheme the ID belongs to (for example ISIL or an OCLC symbol).`,
      });
  }
  const requestId = child(header, 'requestingAgencyRequestId');
  if (requestId && !requestId.text)
    out.push({
      severity: 'error',
      line: at(requestId),
      message:
        'requestingAgencyRequestId is empty: every later message about this request is matched by this ID, so it must be filled in.',
    });
  const stamp = child(header, 'timestamp');
  const t = time(stamp?.text ?? '');
  if (t !== undefined && t < Date.UTC(1970, 0, 1))
    out.push({
      severity: 'warning',
      line: at(stamp),
      message: `The timestamp ${stamp?.text} is before 1970: it looks like a placeholder rather than the time the message was sent.`,
    });
}

function checkRequest(msg: XmlElement, out: Finding[]): void {
  const bib = child(msg, 'bibliographicInfo');
  const identifies = ['title', 'supplierUniqueRecordId', 'bibliographicItemId', 'bibliographicRecordId'].some((n) =>
    bib?.children.some((c) => c.local === n && (c.text || c.children.length)),
  );
  if (!identifies)
    out.push({
      severity: 'error',
      line: at(bib),
      message:
        'Nothing identifies the item: bibliographicInfo needs at least a title, an identifier (bibliographicItemId, e.g. an ISBN or ISSN) or a record ID.',
    });
  const service = child(msg, 'serviceInfo');
  if (!service)
    out.push({
      severity: 'warning',
      line: at(msg),
      message:
        'There is no serviceInfo, so the supplier cannot tell whether a loan or a copy is wanted. Add serviceInfo with serviceType Loan, Copy or CopyOrLoan.',
    });
  const serviceType = textOf(service, 'serviceType');
  if (serviceType === 'Copy' && bib && !textOf(bib, 'pagesRequested'))
    out.push({
      severity: 'warning',
      line: at(bib),
      message: 'A copy is requested but pagesRequested is not given: the supplier will not know which pages to copy.',
    });
  const subTypes = service?.children.filter((c) => c.local === 'requestSubType').map((c) => c.text) ?? [];
  if (subTypes.includes('PatronRequest') && !child(msg, 'patronInfo'))
    out.push({
      severity: 'warning',
      line: at(service),
      message: 'requestSubType says PatronRequest but there is no patronInfo.',
    });
  const needBefore = time(textOf(service, 'needBeforeDate'));
  const sent = time(textOf(msg, 'header', 'timestamp'));
  if (needBefore !== undefined && sent !== undefined && needBefore < sent)
    out.push({
      severity: 'warning',
      line: at(child(service, 'needBeforeDate')),
      message: 'needBeforeDate is earlier than the message’s own timestamp: the item is needed by a date already past.',
    });
}

function checkSupplyingAgencyMessage(msg: XmlElement, out: Finding[]): void {
  const info = child(msg, 'messageInfo');
  const reason = textOf(info, 'reasonForMessage');
  const status = textOf(msg, 'statusInfo', 'status');
  const answer = child(info, 'answerYesNo');
  if ((reason === 'RenewResponse' || reason === 'CancelResponse') && !answer)
    out.push({
      severity: 'error',
      line: at(info),
      message: `A ${reason} must say yes or no: add answerYesNo (Y or N) to messageInfo.`,
    });
  if (status === 'RetryPossible' && !child(info, 'reasonRetry'))
    out.push({
      severity: 'error',
      line: at(child(msg, 'statusInfo')),
      message:
        'The status is RetryPossible but messageInfo has no reasonRetry: the requester cannot know what to change before trying again.',
    });
  if (status === 'Unfilled' && !child(info, 'reasonUnfilled'))
    out.push({
      severity: 'warning',
      line: at(child(msg, 'statusInfo')),
      message:
        'The status is Unfilled but messageInfo gives no reasonUnfilled: say why, so the requester can decide where to go next.',
    });
  if (status === 'Loaned') {
    if (!child(msg, 'deliveryInfo'))
      out.push({
        severity: 'warning',
        line: at(child(msg, 'statusInfo')),
        message: 'The status is Loaned but there is no deliveryInfo (at least dateSent).',
      });
    if (!path(msg, 'statusInfo', 'dueDate'))
      out.push({
        severity: 'warning',
        line: at(child(msg, 'statusInfo')),
        message: 'The status is Loaned but statusInfo gives no dueDate: the borrowing library needs it.',
      });
  }
  const retryAfter = time(textOf(info, 'retryAfter'));
  const retryBefore = time(textOf(info, 'retryBefore'));
  if (retryAfter !== undefined && retryBefore !== undefined && retryBefore < retryAfter)
    out.push({
      severity: 'error',
      line: at(child(info, 'retryBefore')),
      message: 'retryBefore is earlier than retryAfter: there is no time in which a retry could be sent.',
    });
}

function checkConfirmation(msg: XmlElement, type: MessageType, out: Finding[]): void {
  const header = child(msg, 'confirmationHeader');
  const status = textOf(header, 'messageStatus');
  const errorData = child(msg, 'errorData');
  if (status === 'ERROR' && !errorData)
    out.push({
      severity: 'error',
      line: at(child(header, 'messageStatus')),
      message:
        'messageStatus is ERROR but there is no errorData: say what was wrong (errorType, and errorValue if useful).',
    });
  if (status === 'OK' && errorData)
    out.push({
      severity: 'warning',
      line: at(errorData),
      message: 'messageStatus is OK but errorData is present: send errorData only with ERROR.',
    });
  const sent = time(textOf(header, 'timestamp'));
  const received = time(textOf(header, 'timestampReceived'));
  if (sent !== undefined && received !== undefined && received > sent)
    out.push({
      severity: 'warning',
      line: at(child(header, 'timestampReceived')),
      message:
        'timestampReceived (when the original message arrived) is later than timestamp (when this confirmation was sent).',
    });
  if (type === 'supplyingAgencyMessageConfirmation' && !child(msg, 'reasonForMessage'))
    out.push({
      severity: 'warning',
      line: at(msg),
      message: 'Echo the reasonForMessage of the message you are confirming, so the supplier can match the two.',
    });
  if (type === 'requestingAgencyMessageConfirmation' && !child(msg, 'action'))
    out.push({
      severity: 'warning',
      line: at(msg),
      message: 'Echo the action of the message you are confirming, so the requester can match the two.',
    });
}

function checkRequestingAgencyMessage(msg: XmlElement, out: Finding[]): void {
  const action = child(msg, 'action');
  if (action?.text === 'Notification' && !textOf(msg, 'note'))
    out.push({
      severity: 'warning',
      line: at(action),
      message: 'The action is Notification but there is no note: a notification is its note.',
    });
}

/**
 * What the message means, checked after the schema accepted it: what the schema cannot say (empty IDs, answers
 * a response must carry, fields one status calls for, dates that contradict each other).
 */
export function checkMeaning(xml: string): { messageType: MessageType | undefined; findings: Finding[] } {
  const root = scanXml(xml);
  const out: Finding[] = [];
  const msg = root?.children[0];
  if (root?.local !== 'ISO18626Message' || root.ns !== ISO18626_NS) return { messageType: undefined, findings: out };
  if (!msg || !isMessageType(msg.local)) return { messageType: undefined, findings: out };
  const version = root.attrs.version;
  if (version && version !== '1.2')
    out.push({
      severity: 'warning',
      line: root.line,
      message: `The message says it is version ${version}; these checks follow version 1.2 (2017).`,
    });
  const type = msg.local;
  if (type === 'request' || type === 'supplyingAgencyMessage' || type === 'requestingAgencyMessage')
    checkHeader(child(msg, 'header'), out);
  if (type === 'request') checkRequest(msg, out);
  else if (type === 'supplyingAgencyMessage') checkSupplyingAgencyMessage(msg, out);
  else if (type === 'requestingAgencyMessage') checkRequestingAgencyMessage(msg, out);
  else checkConfirmation(msg, type, out);
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { messageType: type, findings: out };
}
