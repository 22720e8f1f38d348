import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIsbn, checkIssn, inspectOpenUrl, OPENURL_LIMITS } from './openurl';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../test/fixtures/openurl');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const now = new Date('2026-03-02T15:00:00Z');
const fieldsOf = (input: string) =>
  Object.fromEntries(inspectOpenUrl(input, now).fields.map((f) => [f.field, f.value]));

describe('OpenURL fixtures (listener-openurl)', () => {
  it('reads the Primo → ILLiad book link as its expected breakdown lists it', () => {
    const r = inspectOpenUrl(fixture('example1.openurl'), now);
    // example1-expected-breakdown.txt: the non-empty keys.
    const breakdown = fixture('example1-expected-breakdown.txt');
    expect(breakdown).toContain('rft.isbn=0715630407');
    expect(r.version).toBe('1.0');
    expect(r.base).toBe('https://northwestern-illiad-oclc-org.turing.library.northwestern.edu/illiad/illiad.dll');
    expect(r.pairs).toContainEqual({ key: 'rft.place', value: 'London :' });
    expect(r.pairs).toContainEqual({ key: 'rfe_dat', value: '44786349' });
    expect(fieldsOf(fixture('example1.openurl'))).toEqual({
      genre: 'book',
      title: 'Property and wealth in classical Sparta',
      date: '2000.',
      isbn: '0715630407',
      publisher: 'Duckworth and the Classical Press of Wales',
      place: 'London',
      referrer: 'primo.exlibrisgroup.com-01NWU_ALMA',
    });
    expect(r.problems.map((p) => p.message)).toEqual([
      'The date “2000.” was read as 2000; OpenURL dates are YYYY, YYYY-MM or YYYY-MM-DD.',
    ]);
    expect(r.normalised).toContain('rft.date=2000&');
    expect(r.normalised).toContain('rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook');
  });

  it('reads a Primo article link: identifiers, pages, both ISSNs, and the placeholder left in it', () => {
    const r = inspectOpenUrl(fixture('new-school1.openurl'), now);
    expect(fieldsOf(fixture('new-school1.openurl'))).toMatchObject({
      genre: 'article',
      title: 'Geological Journal',
      authors: 'Jagt, John W. M.',
      date: '2013-03',
      volume: '48',
      issue: '2-3',
      spage: '284',
      epage: '285',
      issn: '0072-1050',
      eissn: '1099-1034',
      doi: '10.1002/gj.2426',
    });
    expect(r.citation.pmid).toBeUndefined(); // rft_id=info:pmid/ is empty
    expect(r.problems).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/unfilled template placeholder/) }),
    ]);
    expect(r.otherForms[0]).toEqual({ label: 'DOI link', url: 'https://doi.org/10.1002/gj.2426' });
  });

  it('joins back a value split by an unencoded ampersand', () => {
    const r = inspectOpenUrl(fixture('new-school2.openurl'), now);
    expect(r.citation.publisher).toBe('Taylor & Francis Group');
    expect(r.repairs).toEqual([expect.stringMatching(/unencoded “&” split the value of rft\.pub/)]);
    expect(r.normalised).toContain('rft.pub=Taylor%20%26%20Francis%20Group');
  });
});

describe('what a lender would miss', () => {
  it('an article without ISSN or start page', () => {
    const r = inspectOpenUrl('genre=article&title=Journal+of+ILL&atitle=Borrowing&date=2020&volume=3', now);
    expect(r.version).toBe('0.1');
    expect(r.problems.map((p) => p.field)).toEqual(['issn', 'spage']);
  });

  it('an ISSN with a wrong check digit, and the digit it should have', () => {
    const r = inspectOpenUrl(
      'rft.genre=article&rft.jtitle=Nature&rft.atitle=x&rft.issn=0028-0837&rft.date=2020&rft.volume=1&rft.spage=1',
      now,
    );
    expect(r.problems).toEqual([
      expect.objectContaining({ severity: 'error', field: 'issn', message: expect.stringMatching(/should end in 6/) }),
    ]);
  });

  it('a date in the future', () => {
    const r = inspectOpenUrl('rft.genre=book&rft.btitle=Later&rft.isbn=0715630407&rft.date=2027', now);
    expect(r.problems).toEqual([
      expect.objectContaining({ field: 'date', message: 'The date 2027 is in the future: check the year.' }),
    ]);
  });
});

describe('reading bad input without failing', () => {
  it('decodes a doubly encoded value, a stray %, Latin-1 bytes and UTF-8 read as Latin-1', () => {
    const r = inspectOpenUrl(
      '?genre=book&title=Caf%C3%83%C2%A9+au+lait&pub=Ed.%E9&place=100%&id=doi:10.1000%252Fabc',
      now,
    );
    expect(r.citation.title).toBe('Café au lait');
    expect(r.citation.publisher).toBe('Ed.é');
    expect(r.citation.place).toBe('100%');
    expect(r.citation.doi).toBe('10.1000/abc');
    expect(r.repairs).toEqual([
      expect.stringMatching(/^title had UTF-8 text read as Latin-1/),
      expect.stringMatching(/^id was encoded twice/),
    ]);
  });

  it('reads only the first part of a 100 KB link and says so', () => {
    const r = inspectOpenUrl(`https://example.org/r?rft.genre=book&rft.btitle=${'a'.repeat(100_000)}`, now);
    expect(r.truncated).toBe(true);
    expect(r.citation.title).toHaveLength(
      OPENURL_LIMITS.maxChars - 'https://example.org/r?rft.genre=book&rft.btitle='.length,
    );
    expect(r.problems[0]?.message).toMatch(/Only the first 16,000 characters were read/);
  });

  it('says when nothing is an OpenURL', () => {
    const r = inspectOpenUrl('%%%&&==', now);
    expect(r.version).toBe('unknown');
    expect(r.problems[0]?.message).toMatch(/No OpenURL keys were found/);
    expect(r.normalised.startsWith('?url_ver=Z39.88-2004')).toBe(true);
  });
});

describe('check digits', () => {
  it('accepts real ISSNs and ISBNs and refuses mistyped ones', () => {
    expect(checkIssn('0272-4634')).toEqual({ ok: true, formatted: '0272-4634', expected: '4' });
    expect(checkIssn('1099103X').ok).toBe(false);
    expect(checkIsbn('0715630407').ok).toBe(true);
    expect(checkIsbn('9780000000002').ok).toBe(true);
    expect(checkIsbn('9780000000003').ok).toBe(false);
  });
});
