import { ACTION_VALUES, type Finding, ISO18626_NS, STATUS_VALUES } from './iso18626.models';

/** One error as the XML validator reported it (its message without the file name and line). */
export interface RawXsdError {
  line: number | undefined;
  message: string;
}

const ELEMENT = /Element '(?:\{([^}]*)\})?([^']+)'/;
const noNs = (s: string) => s.replace(/\{[^}]*\}/g, '');
const names = (list: string) =>
  noNs(list)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function joinOr(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

const TYPE_WORDS: Record<string, string> = {
  'xs:dateTime': 'a date and time such as 2026-03-02T15:00:00Z',
  'xs:integer': 'a whole number',
  'xs:boolean': 'true or false',
  'xs:decimal': 'a number such as 12.50',
};

/** Headers fields added by the 2017 revision (1.2) that older senders leave out. */
const ADDED_IN_1_2: Record<string, string> = {
  multipleItemRequestId:
    'Version 1.2 added multipleItemRequestId to the header, after requestingAgencyId: include it (it may be empty, <multipleItemRequestId/>, when the request is for one item).',
};

function explainOne(e: RawXsdError): string {
  const msg = e.message.replace(/^Schemas validity error\s*:\s*/, '').trim();
  if (/^(?:parser error|namespace error|validity error)\s*:/.test(msg) || /parser error/.test(e.message)) {
    const detail = msg.replace(/^[\w ]*error\s*:\s*/, '');
    return `The text is not well-formed XML, so nothing else could be checked: ${detail}. Look for a missing closing tag, an unescaped & (write &amp;) or < (write &lt;), or a stray character.`;
  }
  const el = msg.match(ELEMENT);
  const ns = el?.[1];
  const name = el?.[2] ?? 'an element';
  if (/No matching global declaration available for the validation root/.test(msg)) {
    const where = ns ? `in the namespace ${ns}` : 'in no namespace';
    return `The root element ${name} is ${where}, so it is not an ISO 18626 message. Start the message with <ISO18626Message xmlns="${ISO18626_NS}" …>.`;
  }
  if (/attribute 'version': The attribute 'version' is not allowed/.test(msg)) {
    return `The 1.2 schema declares its attributes namespace-qualified, so version must carry the ISO 18626 prefix: declare xmlns:ill="${ISO18626_NS}" and write ill:version="1.2" on ISO18626Message. (Many systems send a plain version attribute; strict validators refuse it.)`;
  }
  if (/The attribute '\{[^}]*\}version' is required but missing/.test(msg)) {
    return `ISO18626Message needs a version attribute: write ill:version="1.2" (with xmlns:ill="${ISO18626_NS}").`;
  }
  const enumeration = msg.match(/\[facet 'enumeration'\] The value '([^']*)' is not an element of the set \{(.*)\}/);
  if (enumeration) {
    const value = enumeration[1] ?? '';
    const allowed = (enumeration[2] ?? '').replace(/'/g, '').split(/,\s*/);
    const what = name === 'status' ? 'status' : name === 'action' ? 'action' : name;
    const shown = value === '' ? 'is empty' : `“${value}” is not one of the values ISO 18626 allows`;
    const list = name === 'status' ? STATUS_VALUES : name === 'action' ? ACTION_VALUES : allowed;
    return `The ${what} ${shown}. Use one of: ${list.join(', ')}.${value === '' ? ' If it does not apply, leave the element out (when it is optional).' : ''}`;
  }
  const atomic = msg.match(/'([^']*)' is not a valid value of the atomic type '([^']+)'/);
  if (atomic) {
    const value = atomic[1] ?? '';
    const type = atomic[2] ?? '';
    let text = `${name}: “${value}” is not ${TYPE_WORDS[type] ?? `a valid ${type.replace(/^type_/, '')} value`}.`;
    if (type === 'xs:dateTime') {
      if (/[+-]\d{4}$/.test(value)) text += ' The time-zone offset needs a colon: write +00:00, not +0000.';
      else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) text += ' A time is required too, e.g. T00:00:00Z.';
      else if (/_|holder/i.test(value)) text += ' It looks like a template placeholder that was never filled in.';
    }
    return text;
  }
  const unexpected = msg.match(/This element is not expected\.(?: Expected is (?:one of )?\( (.*) \))?/);
  if (unexpected) {
    const expected = unexpected[1] ? names(unexpected[1]) : [];
    if (expected.length === 0) return `${name} is not allowed here: nothing more is expected at this point.`;
    const hint = expected.map((x) => ADDED_IN_1_2[x]).find(Boolean);
    return `${name} is out of place: at this point ISO 18626 expects ${joinOr(expected)}.${hint ? ` ${hint}` : ' Elements must come in the order the standard gives, and required ones cannot be skipped.'}`;
  }
  const missing = msg.match(/Missing child element\(s\)\. Expected is (?:one of )?\( (.*) \)/);
  if (missing) {
    const expected = names(missing[1] ?? '');
    const hint = expected.map((x) => ADDED_IN_1_2[x]).find(Boolean);
    const what =
      expected.length === 1
        ? `${name} is missing ${expected[0]}, which is required here.`
        : `${name} is missing a required element: next, ISO 18626 expects ${joinOr(expected)} (the optional ones may be skipped, the required ones may not).`;
    return hint ? `${what} ${hint}` : what;
  }
  const notAllowedAttr = msg.match(/attribute '([^']+)': The attribute '[^']+' is not allowed/);
  if (notAllowedAttr)
    return `${name} has an attribute ${noNs(notAllowedAttr[1] ?? '')} that ISO 18626 does not define.`;
  return noNs(msg);
}

/**
 * The validator's errors in plain words, one per problem. The validator reports a wrong enumeration value twice
 * (the facet, then the type): the second says nothing new and is dropped.
 */
export function explainXsdErrors(errors: RawXsdError[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (/is not a valid value of the atomic type 'type_/.test(e.message)) {
      const el = e.message.match(ELEMENT)?.[2];
      if (
        errors.some(
          (o) =>
            o !== e && o.line === e.line && /\[facet 'enumeration'\]/.test(o.message) && o.message.includes(`${el}'`),
        )
      )
        continue;
    }
    const message = explainOne(e);
    const key = `${e.line}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ severity: 'error', line: e.line, message });
  }
  // "version not allowed" and "version missing" are one problem: keep the first explanation.
  const versionIndex = findings.findIndex((f) => f.message.startsWith('The 1.2 schema declares'));
  return versionIndex >= 0
    ? findings.filter((f) => !f.message.startsWith('ISO18626Message needs a version'))
    : findings;
}
