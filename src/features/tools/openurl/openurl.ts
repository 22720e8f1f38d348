/**
 * OpenURL inspection: read an OpenURL (Z39.88-2004 KEV "1.0", or the older 0.1 keys), whatever state it is in,
 * and say what it describes, what a lender would miss, and how it looks cleaned up. Never throws: malformed
 * input gives what could be read plus the problems found. Pure (the clock is passed in).
 */

export const OPENURL_LIMITS = {
  /** Characters read; real OpenURLs are 0.5–3 KB. Anything longer is cut and said so. */
  maxChars: 16_000,
  /** Key/value pairs read. */
  maxPairs: 300,
} as const;

export interface OpenUrlPair {
  key: string;
  value: string;
}

export interface Citation {
  genre: string | undefined;
  /** Journal or book title. */
  title: string | undefined;
  /** Article or chapter title. */
  articleTitle: string | undefined;
  authors: string[];
  issn: string | undefined;
  eissn: string | undefined;
  isbn: string | undefined;
  volume: string | undefined;
  issue: string | undefined;
  spage: string | undefined;
  epage: string | undefined;
  pages: string | undefined;
  date: string | undefined;
  publisher: string | undefined;
  place: string | undefined;
  edition: string | undefined;
  doi: string | undefined;
  pmid: string | undefined;
  oclc: string | undefined;
  referrer: string | undefined;
}

export interface OpenUrlProblem {
  severity: 'error' | 'warning';
  /** The citation field concerned (a key of Citation), or undefined for the link as a whole. */
  field: keyof Citation | undefined;
  message: string;
}

export interface OpenUrlInspection {
  /** The resolver or request form the link points at (before "?"). */
  base: string | undefined;
  version: '1.0' | '0.1' | 'unknown';
  pairs: OpenUrlPair[];
  citation: Citation;
  /** The citation's filled fields, labelled in plain words, in reading order. */
  fields: Array<{ field: keyof Citation; label: string; value: string }>;
  problems: OpenUrlProblem[];
  /** What was mended while reading (encoding mistakes). */
  repairs: string[];
  /** The same citation as a clean OpenURL 1.0 link (or only its query when there was no address). */
  normalised: string;
  /** The same item elsewhere (DOI resolver, PubMed, WorldCat). */
  otherForms: Array<{ label: string; url: string }>;
  truncated: boolean;
}

export const FIELD_LABELS: Record<keyof Citation, string> = {
  genre: 'Kind of item (genre)',
  articleTitle: 'Article or chapter title',
  title: 'Journal or book title',
  authors: 'Author(s)',
  date: 'Date',
  volume: 'Volume',
  issue: 'Issue',
  spage: 'Start page',
  epage: 'End page',
  pages: 'Pages',
  issn: 'ISSN (print)',
  eissn: 'ISSN (online)',
  isbn: 'ISBN',
  edition: 'Edition',
  publisher: 'Publisher',
  place: 'Place of publication',
  doi: 'DOI',
  pmid: 'PubMed ID (PMID)',
  oclc: 'OCLC number',
  referrer: 'Referrer (the service that made the link)',
};

const ARTICLE_GENRES = new Set(['article', 'journal', 'issue', 'preprint', 'proceeding', 'conference']);
const BOOK_GENRES = new Set(['book', 'bookitem', 'report', 'document', 'dissertation']);
const KNOWN_GENRES = new Set([...ARTICLE_GENRES, ...BOOK_GENRES, 'unknown']);

/** Decode %XX (and + as space) without ever throwing: invalid sequences are kept as written. */
export function lenientDecode(s: string): string {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        // Not UTF-8: most often Latin-1 bytes from an older system.
        return String.fromCharCode(
          ...run
            .split('%')
            .slice(1)
            .map((h) => Number.parseInt(h, 16)),
        );
      }
    });
  }
}

/** UTF-8 read as Latin-1 ("Ã©" for "é"): read back when that gives clean text. */
function fixMojibake(s: string): string | undefined {
  if (!/Ã|Â|â€/.test(s) || [...s].some((ch) => (ch.codePointAt(0) ?? 0) > 0xff)) return undefined;
  const fixed = Buffer.from(s, 'latin1').toString('utf8');
  return fixed.includes('\uFFFD') ? undefined : fixed;
}

function splitPairs(query: string, repairs: string[]): OpenUrlPair[] {
  const pairs: OpenUrlPair[] = [];
  for (const segment of query.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const last = pairs.at(-1);
    // "rft.pub=Taylor%20&%20Francis": an unencoded "&" inside a value splits it; the piece has no "=" and
    // does not look like a key, so it belongs to the value before it.
    if (last && (eq < 0 || !/^[A-Za-z0-9_.:%-]+$/.test(segment.slice(0, eq)))) {
      last.value += `&${lenientDecode(segment)}`;
      repairs.push(`An unencoded “&” split the value of ${last.key}; it was joined back: “${last.value.trim()}”.`);
      continue;
    }
    if (eq < 0) continue;
    pairs.push({ key: lenientDecode(segment.slice(0, eq)).trim(), value: lenientDecode(segment.slice(eq + 1)) });
    if (pairs.length >= OPENURL_LIMITS.maxPairs) break;
  }
  for (const p of pairs) {
    // Encoded twice: "%253A" became "%3A" after one decoding.
    if (/%[0-9A-Fa-f]{2}/.test(p.value)) {
      const again = lenientDecode(p.value);
      if (again !== p.value) {
        repairs.push(`${p.key} was encoded twice; it was decoded again.`);
        p.value = again;
      }
    }
    const fixed = fixMojibake(p.value);
    if (fixed) {
      repairs.push(`${p.key} had UTF-8 text read as Latin-1 (“${p.value}”); it was read back as “${fixed}”.`);
      p.value = fixed;
    }
    p.value = p.value.replace(/\s+/g, ' ').trim();
  }
  return pairs;
}

/** Key without its "rft." prefix (1.0) so 0.1 and 1.0 keys meet: "rft.atitle" and "atitle" are both "atitle". */
function bareKey(key: string): string {
  return key.replace(/^rft\./i, '').toLowerCase();
}

const CLEAN_TITLE = (s: string) => s.replace(/\s*[/:;,.]\s*$/, '').trim();

function identifiers(pairs: OpenUrlPair[]): { doi?: string; pmid?: string; oclc?: string } {
  const ids: { doi?: string; pmid?: string; oclc?: string } = {};
  for (const { key, value } of pairs) {
    const k = key.toLowerCase();
    if (
      k !== 'rft_id' &&
      k !== 'id' &&
      k !== 'pid' &&
      k !== 'rft.doi' &&
      k !== 'doi' &&
      k !== 'rft.pmid' &&
      k !== 'pmid'
    )
      continue;
    if (k === 'rft.doi' || k === 'doi') {
      if (value) ids.doi ??= value.replace(/^(?:info:doi\/|doi:|https?:\/\/(?:dx\.)?doi\.org\/)/i, '');
      continue;
    }
    if (k === 'rft.pmid' || k === 'pmid') {
      if (value) ids.pmid ??= value.replace(/^(?:info:pmid\/|pmid:)/i, '');
      continue;
    }
    const m = value.match(/^(?:info:(doi|pmid|oclcnum)\/|(doi|pmid|oclc(?:num)?):)(.*)$/i);
    const scheme = (m?.[1] ?? m?.[2] ?? '').toLowerCase();
    const id = (m?.[3] ?? '').trim();
    if (!id) continue;
    if (scheme === 'doi') ids.doi ??= id;
    else if (scheme === 'pmid') ids.pmid ??= id;
    else if (scheme.startsWith('oclc')) ids.oclc ??= id;
  }
  return ids;
}

export function issnCheckDigit(first7: string): string {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(first7[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** "0272-4634", "02724634" → { ok, normalised "0272-4634", expected check digit }. */
export function checkIssn(raw: string): { ok: boolean; formatted: string; expected?: string } {
  const s = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^\d{7}[\dX]$/.test(s)) return { ok: false, formatted: raw };
  const expected = issnCheckDigit(s.slice(0, 7));
  return { ok: expected === s[7], formatted: `${s.slice(0, 4)}-${s.slice(4)}`, expected };
}

export function checkIsbn(raw: string): { ok: boolean; formatted: string } {
  const s = raw.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{9}[\dX]$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (s[i] === 'X' ? 10 : Number(s[i])) * (10 - i);
    return { ok: sum % 11 === 0, formatted: s };
  }
  if (/^\d{13}$/.test(s)) {
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += Number(s[i]) * (i % 2 ? 3 : 1);
    return { ok: sum % 10 === 0, formatted: s };
  }
  return { ok: false, formatted: raw };
}

/** A date's earliest moment, for "is it in the future": YYYY, YYYY-MM, YYYY-MM-DD, also "2000." or "2013-03". */
function dateStart(raw: string): { year: number; month: number; day: number } | undefined {
  const m = raw.match(/^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/);
  if (!m) return undefined;
  return { year: Number(m[1]), month: Number(m[2] ?? 1), day: Number(m[3] ?? 1) };
}

function citationOf(pairs: OpenUrlPair[]): Citation {
  const first = (...keys: string[]) => {
    for (const k of keys) {
      const hit = pairs.find((p) => bareKey(p.key) === k && p.value !== '');
      if (hit) return hit.value;
    }
    return undefined;
  };
  const genre = first('genre')?.toLowerCase();
  const aulast = first('aulast');
  const aufirst = first('aufirst') ?? first('auinit');
  const authors = [
    ...new Set(
      pairs
        .filter((p) => bareKey(p.key) === 'au' && p.value.replace(/[,\s]/g, '') !== '')
        .map((p) => p.value)
        .concat(
          aulast && !pairs.some((p) => bareKey(p.key) === 'au' && p.value.startsWith(aulast))
            ? [aufirst ? `${aulast}, ${aufirst}` : aulast]
            : [],
        ),
    ),
  ];
  const isArticle = genre ? ARTICLE_GENRES.has(genre) : Boolean(first('atitle') && first('jtitle'));
  const title = isArticle ? first('jtitle', 'title', 'stitle') : first('btitle', 'title', 'jtitle', 'stitle');
  const ids = identifiers(pairs);
  const clean = (s: string | undefined) => (s ? CLEAN_TITLE(s) : undefined);
  return {
    genre,
    title: clean(title),
    articleTitle: clean(first('atitle')),
    authors,
    issn: first('issn'),
    eissn: first('eissn'),
    isbn: first('isbn') ?? first('eisbn'),
    volume: first('volume'),
    issue: first('issue'),
    spage: first('spage'),
    epage: first('epage'),
    pages: first('pages'),
    date: first('date', 'year'),
    publisher: clean(first('pub', 'publisher')),
    place: clean(first('place')),
    edition: first('edition'),
    doi: ids.doi,
    pmid: ids.pmid,
    oclc: ids.oclc,
    referrer: pairs.find((p) => /^(rfr_id|sid)$/i.test(p.key) && p.value)?.value.replace(/^info:sid\//, ''),
  };
}

function problemsOf(c: Citation, pairs: OpenUrlPair[], now: Date): OpenUrlProblem[] {
  const out: OpenUrlProblem[] = [];
  const add = (severity: OpenUrlProblem['severity'], field: keyof Citation | undefined, message: string) =>
    out.push({ severity, field, message });
  const article = c.genre ? ARTICLE_GENRES.has(c.genre) : Boolean(c.articleTitle && c.title && !c.isbn);
  const bookish = c.genre ? BOOK_GENRES.has(c.genre) : !article && Boolean(c.isbn);
  if (!c.genre) add('warning', 'genre', 'No genre: say whether this is an article, a book, a chapter (bookitem)…');
  else if (!KNOWN_GENRES.has(c.genre))
    add('warning', 'genre', `“${c.genre}” is not an OpenURL genre (article, journal, book, bookitem, proceeding, …).`);
  if (article) {
    if (!c.title) add('error', 'title', 'An article without the journal’s title: a lender cannot find the volume.');
    if (!c.articleTitle && c.genre !== 'journal' && c.genre !== 'issue')
      add('warning', 'articleTitle', 'No article title: the lender cannot check that the right article was copied.');
    if (!c.issn && !c.eissn) add('warning', 'issn', 'No ISSN: lenders match journals by ISSN, so add it if you can.');
    if (!c.volume && !c.issue) add('warning', 'volume', 'Neither volume nor issue is given.');
    if (!c.spage && !c.pages) add('warning', 'spage', 'No start page: the lender will not know what to copy.');
  } else if (bookish) {
    if (!c.title) add('error', 'title', 'A book without a title.');
    if (!c.isbn) add('warning', 'isbn', 'No ISBN: add it if the item has one (lenders search by it).');
    if (c.genre === 'bookitem' && !c.articleTitle)
      add('warning', 'articleTitle', 'A chapter (bookitem) without the chapter’s title.');
    if (c.genre === 'bookitem' && !c.spage && !c.pages) add('warning', 'spage', 'A chapter without its pages.');
  } else if (!c.title && !c.articleTitle) add('error', 'title', 'No title of any kind: nothing identifies the item.');
  if (!c.date)
    add(article ? 'error' : 'warning', 'date', 'No date: a lender needs the year to find the right volume or edition.');
  if (c.date) {
    const d = dateStart(c.date);
    if (!d) add('warning', 'date', `The date “${c.date}” is not written as a year (YYYY, YYYY-MM or YYYY-MM-DD).`);
    else if (Date.UTC(d.year, d.month - 1, d.day) > now.getTime())
      add('error', 'date', `The date ${c.date} is in the future: check the year.`);
    else if (!/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(c.date))
      add(
        'warning',
        'date',
        `The date “${c.date}” was read as ${d.year}; OpenURL dates are YYYY, YYYY-MM or YYYY-MM-DD.`,
      );
  }
  for (const field of ['issn', 'eissn'] as const) {
    const v = c[field];
    if (!v) continue;
    const r = checkIssn(v);
    if (!r.expected) add('error', field, `“${v}” is not an ISSN: an ISSN is 8 characters, e.g. 0272-4634.`);
    else if (!r.ok)
      add(
        'error',
        field,
        `The ISSN ${r.formatted} has a wrong check digit (it should end in ${r.expected}): a digit was probably mistyped.`,
      );
  }
  if (c.isbn && !checkIsbn(c.isbn).ok)
    add('error', 'isbn', `“${c.isbn}” is not a valid ISBN (10 or 13 digits with a correct check digit).`);
  if (c.spage && c.epage && /^\d+$/.test(c.spage) && /^\d+$/.test(c.epage) && Number(c.epage) < Number(c.spage))
    add('warning', 'epage', `The end page ${c.epage} comes before the start page ${c.spage}.`);
  if (c.doi && !/^10\.\d{4,9}\/\S+$/.test(c.doi))
    add('warning', 'doi', `“${c.doi}” does not look like a DOI (10.xxxx/…).`);
  if (c.pmid && !/^\d{1,9}$/.test(c.pmid)) add('warning', 'pmid', `“${c.pmid}” is not a PubMed ID (digits only).`);
  if (pairs.some((p) => /\{\{[^}]*\}\}|\$\{[^}]*\}/.test(p.key + p.value)))
    add(
      'warning',
      undefined,
      'The link contains an unfilled template placeholder ({{…}}): the system that made it left it in.',
    );
  return out;
}

function kev(c: Citation): string {
  const article = c.genre ? ARTICLE_GENRES.has(c.genre) : Boolean(c.articleTitle);
  const parts: Array<[string, string | undefined]> = [
    ['url_ver', 'Z39.88-2004'],
    ['url_ctx_fmt', 'info:ofi/fmt:kev:mtx:ctx'],
    ['rft_val_fmt', `info:ofi/fmt:kev:mtx:${article ? 'journal' : 'book'}`],
    ['rfr_id', c.referrer ? `info:sid/${c.referrer}` : undefined],
    ['rft.genre', c.genre],
    ['rft.atitle', c.articleTitle],
    [article ? 'rft.jtitle' : 'rft.btitle', c.title],
    ...c.authors.map((a): [string, string] => ['rft.au', a]),
    ['rft.date', c.date?.match(/^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)/)?.[1] ?? c.date],
    ['rft.volume', c.volume],
    ['rft.issue', c.issue],
    ['rft.spage', c.spage],
    ['rft.epage', c.epage],
    ['rft.pages', c.pages],
    ['rft.issn', c.issn ? checkIssn(c.issn).formatted : undefined],
    ['rft.eissn', c.eissn ? checkIssn(c.eissn).formatted : undefined],
    ['rft.isbn', c.isbn],
    ['rft.edition', c.edition],
    ['rft.pub', c.publisher],
    ['rft.place', c.place],
    ['rft_id', c.doi ? `info:doi/${c.doi}` : undefined],
    ['rft_id', c.pmid ? `info:pmid/${c.pmid}` : undefined],
    ['rft_id', c.oclc ? `info:oclcnum/${c.oclc}` : undefined],
  ];
  return parts
    .filter((p): p is [string, string] => Boolean(p[1]))
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

function otherForms(c: Citation): Array<{ label: string; url: string }> {
  const out: Array<{ label: string; url: string }> = [];
  if (c.doi && /^10\.\d{4,9}\/\S+$/.test(c.doi)) out.push({ label: 'DOI link', url: `https://doi.org/${c.doi}` });
  if (c.pmid && /^\d{1,9}$/.test(c.pmid))
    out.push({ label: 'PubMed record', url: `https://pubmed.ncbi.nlm.nih.gov/${c.pmid}/` });
  if (c.isbn && checkIsbn(c.isbn).ok)
    out.push({
      label: 'WorldCat search by ISBN',
      url: `https://search.worldcat.org/search?q=bn:${checkIsbn(c.isbn).formatted}`,
    });
  const issn = [c.issn, c.eissn].find((v) => v && checkIssn(v).ok);
  if (issn)
    out.push({
      label: 'WorldCat search by ISSN',
      url: `https://search.worldcat.org/search?q=n2:${checkIssn(issn).formatted}`,
    });
  return out;
}

/** Read an OpenURL (a whole link, or only its query) and say what it holds. */
export function inspectOpenUrl(input: string, now: Date): OpenUrlInspection {
  const truncated = input.length > OPENURL_LIMITS.maxChars;
  const text = input.slice(0, OPENURL_LIMITS.maxChars).trim();
  const q = text.indexOf('?');
  let base: string | undefined;
  let query = text;
  if (q >= 0) {
    base = text.slice(0, q).trim() || undefined;
    query = text.slice(q + 1);
  } else if (!text.includes('=')) {
    base = text || undefined;
    query = '';
  }
  query = query.split('#')[0] ?? '';
  if (base && !/^https?:\/\/[^\s/]+/i.test(base)) base = undefined;
  const repairs: string[] = [];
  const pairs = splitPairs(query, repairs);
  const keys = pairs.map((p) => p.key.toLowerCase());
  const version = keys.some((k) => k.startsWith('rft.') || k === 'url_ver' || k === 'ctx_ver' || k === 'rft_id')
    ? '1.0'
    : keys.some((k) => ['genre', 'title', 'atitle', 'issn', 'isbn', 'sid', 'id', 'aulast'].includes(k))
      ? '0.1'
      : 'unknown';
  const citation = citationOf(pairs);
  const problems = problemsOf(citation, pairs, now);
  if (version === 'unknown')
    problems.unshift({
      severity: 'error',
      field: undefined,
      message: 'No OpenURL keys were found (rft.… for version 1.0, or genre=, title=, issn= … for 0.1).',
    });
  if (truncated)
    problems.unshift({
      severity: 'warning',
      field: undefined,
      message: `Only the first ${OPENURL_LIMITS.maxChars.toLocaleString('en')} characters were read.`,
    });
  const fields = (Object.keys(FIELD_LABELS) as Array<keyof Citation>).flatMap((field) => {
    const v = citation[field];
    const value = Array.isArray(v) ? v.join('; ') : v;
    return value ? [{ field, label: FIELD_LABELS[field], value }] : [];
  });
  const query10 = kev(citation);
  return {
    base,
    version,
    pairs,
    citation,
    fields,
    problems,
    repairs: [...new Set(repairs)],
    normalised: base ? `${base}?${query10}` : `?${query10}`,
    otherForms: otherForms(citation),
    truncated,
  };
}
