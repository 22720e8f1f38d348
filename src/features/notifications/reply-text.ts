/**
 * The new text of an emailed reply: quoted history, reply headers, signatures
 * and "Sent from my phone" lines removed. Pure, so it is tested on real samples.
 */

/** "On Mon, 2 Mar 2026 at 15:00, Jane <jane@x.org> wrote:" and its translations. */
const ATTRIBUTION_END = /(wrote|écrit|schrieb|escribió|scrisse|schreef|skrev|escreveu)\s*:\s*$/i;
const ATTRIBUTION_START = /^(On|Le|Am|El|Il|Op|Den|Em)\s.+/;
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht|Mensaje original)\s*-{2,}\s*$/i;
const FORWARDED = /^-{2,}\s*Forwarded message\s*-{2,}\s*$/i;
const UNDERSCORE_RULE = /^_{20,}\s*$/;
const HEADER_FROM = /^\*?(From|De|Von|Van)\s*:\*?\s+\S/i;
const HEADER_NEXT = /^\*?(Sent|Date|To|Subject|Cc|Envoyé|Gesendet|Enviado|Objet|Betreff|Asunto|À|An|Para)\s*:\*?/i;
const SIGNATURE = /^--\s?$/;
const MOBILE = [
  /^Sent from my \S.*$/i,
  /^Sent from (Mail|Yahoo Mail|Outlook|Gmail) for \S.*$/i,
  /^Get Outlook for (iOS|Android)\S*\s*$/i,
  /^Sent from Outlook\s*$/i,
  /^Envoyé de mon \S.*$/i,
  /^Von meinem \S.* gesendet\s*$/i,
];

function isOutlookHeaderBlock(lines: string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i]!)) return false;
  let headers = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 6); j++) {
    const line = lines[j]!.trim();
    if (line === '') continue;
    if (HEADER_NEXT.test(line)) headers++;
    else break;
  }
  return headers >= 2;
}

function isAttribution(lines: string[], i: number): number {
  const line = lines[i]!.trim();
  if (!ATTRIBUTION_START.test(line)) return 0;
  // Gmail wraps long attributions: look at up to three lines joined.
  let joined = line;
  for (let j = i; j < Math.min(lines.length, i + 3); j++) {
    if (j > i) joined += ` ${lines[j]!.trim()}`;
    if (ATTRIBUTION_END.test(joined)) return j - i + 1;
  }
  return 0;
}

export function stripQuotedReply(input: string): string {
  const lines = input
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (
      isAttribution(lines, i) > 0 ||
      ORIGINAL_MESSAGE.test(line) ||
      FORWARDED.test(line) ||
      UNDERSCORE_RULE.test(line) ||
      isOutlookHeaderBlock(lines, i) ||
      SIGNATURE.test(raw.trimStart()) ||
      MOBILE.some((re) => re.test(line))
    ) {
      break;
    }
    if (/^\s*>/.test(raw)) continue;
    kept.push(raw.replace(/\s+$/, ''));
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
