import type { Snippet } from './search.snippets';

/** Bounds of every search: query length, pages, candidates scored, counts. */
export const SEARCH_LIMITS = {
  query: 200,
  pageSize: 20,
  maxPage: 50,
  candidates: 400,
  countCap: 1000,
  /** Fewer strict matches than this and the any-words pass runs too. */
  handful: 5,
  /** Facet counts stop here. */
  facetCap: 1000,
} as const;

export interface SearchQuery {
  q: string;
  topic?: string | undefined;
  type?: string | undefined;
  audience?: string | undefined;
  kind?: string | undefined;
  page?: number;
  pageSize?: number;
  /** Who asks: 'members' documents are returned only to members (default 'anonymous'). */
  viewer?: 'anonymous' | 'member';
  /** "Search for … anyway": no spelling correction. */
  exact?: boolean;
  /** Documents left out (e.g. articles written for other libraries, "Show what applies to me"). */
  exclude?: Array<{ kinds: string[]; refIds: string[] }> | undefined;
}

export interface SearchHit {
  kind: string;
  refId: string;
  url: string;
  title: string;
  summary: string;
  /** Never empty: the matching passage, else the summary or the start of the body. */
  snippet: Snippet;
  topics: string[];
  docType: string;
  audience: string | null;
  updatedAt: Date;
  groupKey?: string | null;
}

export interface SearchFacet {
  kind: string;
  label: string;
  count: number;
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  total: number;
  /** More matches exist than were counted. */
  totalCapped: boolean;
  page: number;
  pageCount: number;
  /** A corrected query offered as "Did you mean …?". */
  suggestion: string | undefined;
  /** When the original query found nothing and the suggestion was searched instead. */
  correctedFrom: string | undefined;
  /** The query held only words too common to search on ("the", "and"). */
  onlyStopWords: boolean;
  /** Counts per kind for the same query without the kind filter (capped). */
  facets: SearchFacet[];
  /** An exact title, alias or acronym match, shown as a card above the list (it is also the first hit). */
  bestBet: SearchHit | undefined;
  /** The any-words pass was used (the all-words pass found fewer than a handful). */
  relaxed: boolean;
  /**
   * Pages holding most of the words are ranked among those holding every word, while `total` and the facets count
   * only the latter (counting the others is not worth its cost when a handful hold every word).
   */
  mixed: boolean;
}
