import { describe, expect, it } from 'vitest';
import { acronymsOf, editDistance, fold, isAcronym, parseQuery, soundKey, titleKeys } from './query';
import { pickCorrection } from './search';
import { buildDictionary, expandQuery, parseSynonyms, SynonymError } from './synonyms';

const words = (q: string) => parseQuery(q).clauses.map((c) => c.alternatives.map((t) => t.words.join(' ')));

describe('query parsing', () => {
  it('makes every plain word a clause and drops filler words', () => {
    expect(words('how do I renew a loan from the lender?')).toEqual([['renew'], ['loan'], ['from'], ['lender']]);
    expect(parseQuery('how do I renew').syntax).toBe(false);
  });

  it('keeps a query made only of filler words instead of emptying it', () => {
    expect(words('how')).toEqual([['how']]);
  });

  it('reads quotes, OR and -word when they are used', () => {
    const parsed = parseQuery('"rule of five" OR contu -fee');
    expect(parsed.syntax).toBe(true);
    expect(parsed.clauses).toHaveLength(1);
    expect(parsed.clauses[0]?.alternatives.map((t) => [t.words.join(' '), t.phrase])).toEqual([
      ['rule of five', true],
      ['contu', false],
    ]);
    expect(parsed.excluded.map((t) => t.words)).toEqual([['fee']]);
  });

  it('treats a hyphenated word as adjacent words and ignores stray operators', () => {
    expect(parseQuery('e-book').clauses[0]?.alternatives[0]).toEqual({ words: ['e', 'book'], phrase: true });
    expect(parseQuery('!!! ((( & |').clauses).toEqual([]);
    expect(words('"unclosed quote')).toEqual([['unclosed quote']]);
  });

  it('does not take an acronym for a filler word', () => {
    expect(words('US copyright')).toEqual([['US'], ['copyright']]);
    expect(words('us copyright')).toEqual([['copyright']]);
  });

  it('folds accents', () => {
    expect(fold('Bibliothèque nationale, Zürich')).toBe('Bibliotheque nationale, Zurich');
    expect(words('bibliothèque')).toEqual([['bibliotheque']]);
  });

  it('recognises acronyms as written, not lower-case words', () => {
    expect(isAcronym('SHARES')).toBe(true);
    expect(isAcronym('RSI')).toBe(true);
    expect(isAcronym('Shares')).toBe(false);
    expect(isAcronym('A')).toBe(false);
    expect(acronymsOf('OCLC SHARES and the RSI, not Shares; ISO 18626')).toEqual(['OCLC', 'SHARES', 'RSI', 'ISO']);
  });

  it('derives best-bet keys from a title and its parenthesis', () => {
    expect(titleKeys('DOI (Digital Object Identifier)', ['doi number'])).toEqual([
      'doi digital object identifier',
      'doi',
      'digital object identifier',
      'doi number',
    ]);
  });
});

describe('synonym expansion', () => {
  const dictionary = buildDictionary([
    { terms: ['ILL', 'interlibrary loan', 'interlending'], source: 'glossary' },
    { terms: ['DDS', 'document delivery service'], source: 'glossary' },
    { terms: ['catalog', 'catalogue'], source: 'US/UK spelling' },
  ]);

  it('expands an acronym to its long form and back', () => {
    const short = expandQuery(parseQuery('DDS fees'), dictionary).clauses;
    expect(short[0]?.alternatives.map((t) => t.words.join(' '))).toEqual(['DDS', 'document delivery service']);
    const long = expandQuery(parseQuery('interlibrary loan policy'), dictionary).clauses;
    expect(long).toHaveLength(2);
    expect(long[0]?.alternatives.map((t) => [t.words.join(' '), t.phrase])).toEqual([
      ['interlibrary loan', false],
      ['ILL', false],
      ['interlending', false],
    ]);
  });

  it('maps US and UK spellings to each other, whatever the case typed', () => {
    const c = expandQuery(parseQuery('Catalogue search'), dictionary).clauses[0];
    expect(c?.alternatives.map((t) => t.words.join(' ').toLowerCase())).toEqual(['catalogue', 'catalog']);
  });

  it('leaves quoted phrases as typed', () => {
    const c = expandQuery(parseQuery('"interlibrary loan"'), dictionary).clauses;
    expect(c[0]?.alternatives).toHaveLength(1);
  });

  it('checks the dictionary file: every entry needs two terms and a source or reason', () => {
    expect(parseSynonyms('synonyms:\n  - terms: [a b, c]\n    reason: test\n').entries).toHaveLength(1);
    expect(() => parseSynonyms('synonyms:\n  - terms: [a, b]\n')).toThrow(SynonymError);
    expect(() => parseSynonyms('synonyms:\n  - terms: [a]\n    source: x\n')).toThrow(SynonymError);
    expect(() => parseSynonyms('synonyms: [')).toThrow(SynonymError);
  });

  it('ships a dictionary of at least 80 entries, each with a source or reason', async () => {
    const { fileSynonyms } = await import('./synonyms');
    const shipped = fileSynonyms();
    expect(shipped.entries.length).toBeGreaterThanOrEqual(80);
    expect(shipped.entries.every((e) => e.source.trim().length > 0)).toBe(true);
  });
});

describe('spelling', () => {
  it('measures Damerau-Levenshtein distance with transpositions', () => {
    expect(editDistance('interlibary', 'interlibrary')).toBe(1);
    expect(editDistance('reqeust', 'request')).toBe(1);
    expect(editDistance('lone', 'long')).toBe(1);
    expect(editDistance('lone', 'loan')).toBe(2);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('gives sound-alike spellings one key', () => {
    expect(soundKey('copywrite')).toBe(soundKey('copyright'));
    expect(soundKey('lone')).toBe(soundKey('loan'));
    expect(soundKey('lone')).not.toBe(soundKey('long'));
  });

  it('prefers a close, sound-alike, frequent word over the one with most shared letters', () => {
    const vocabulary = [
      { word: 'copy', frequency: 400 },
      { word: 'copyright', frequency: 300 },
      { word: 'copyrighted', frequency: 20 },
    ];
    expect(pickCorrection('copywrite', vocabulary, undefined)).toBe('copyright');
    const loan = [
      { word: 'long', frequency: 120 },
      { word: 'loan', frequency: 900 },
      { word: 'lone', frequency: 2 },
    ];
    expect(pickCorrection('lone', loan, 2)).toBe('loan');
    expect(pickCorrection('interlibary', [{ word: 'interlibrary', frequency: 500 }], undefined)).toBe('interlibrary');
  });

  it('keeps a known word unless a neighbour is far more frequent', () => {
    expect(pickCorrection('thesis', [{ word: 'these', frequency: 900 }], 60)).toBe('thesis');
    expect(pickCorrection('lent', [{ word: 'lend', frequency: 80 }], 10)).toBe('lent');
    expect(pickCorrection('firm', [{ word: 'form', frequency: 24 }], 1)).toBe('firm');
  });
});
