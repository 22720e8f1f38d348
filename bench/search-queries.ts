/** The fixed query set: common and rare words, phrases, typos, filters. */
export interface BenchQuery {
  label: string;
  q: string;
  topic?: string;
  type?: string;
  audience?: string;
}

const plain = (kind: string, qs: string[]): BenchQuery[] => qs.map((q) => ({ label: `${kind}: ${q}`, q }));

export const QUERIES: BenchQuery[] = [
  // In nearly every document: ranking must not score the whole corpus.
  ...plain('common', [
    'library',
    'request',
    'loan',
    'request loan',
    'library loan request',
    'interlibrary loan',
    'patron',
  ]),
  // In some documents.
  ...plain('medium', [
    'copyright',
    'turnaround',
    'microfilm',
    'thesis',
    'ISO 18626',
    'courier',
    'invoice',
    'WorldCat',
    'ILLiad',
  ]),
  // In a few documents (Zipf tail of the generator's vocabulary).
  ...plain('rare', ['palimpsest', 'antiphonary', 'choirbook', 'tablature', 'Yellowknife', 'Wollongong', 'ostracon']),
  // Phrases and operators (websearch_to_tsquery syntax).
  ...plain('phrase', [
    '"due date"',
    '"lending library"',
    '"reciprocal agreement"',
    '"copyright decision"',
    'loan -fee',
    'thesis or dissertation',
  ]),
  // Typos: no match, so "did you mean" (pg_trgm) runs and the corrected query is searched.
  ...plain('typo', ['copywright', 'tunraround', 'libary', 'reqest', 'dissertaton', 'microflim']),
  // Questions as practitioners ask them (the relevance suite's style): synonyms, acronyms, the any-words pass.
  ...plain('question', [
    'how many articles can we borrow from the same journal before paying copyright?',
    'patron says the book was never returned to the lender, who pays?',
    'interlibary lone basics for new staff',
    'what is RSI',
    'DDS',
    'ILL budget for next year',
    'writing a procedure manual for the ILL office',
  ]),
  // Nothing to find, and nothing to search on.
  ...plain('none', ['zyzzyva quux', 'the and of']),
  { label: 'filter: loan in topic lending', q: 'loan', topic: 'lending' },
  { label: 'filter: copyright, type guide', q: 'copyright', type: 'guide' },
  { label: 'filter: request, audience new', q: 'request', audience: 'new' },
  { label: 'filter: thesis in international-ill', q: 'thesis', topic: 'international-ill' },
  { label: 'filter: browse topic borrowing', q: '', topic: 'borrowing' },
];

export function searchPath(query: BenchQuery): string {
  const params = new URLSearchParams({ q: query.q });
  if (query.topic) params.set('topic', query.topic);
  if (query.type) params.set('type', query.type);
  if (query.audience) params.set('audience', query.audience);
  return `/search?${params}`;
}
