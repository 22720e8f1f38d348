import { describe, expect, it } from 'vitest';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { parseArticleForm, parseSources } from './library.schemas';

const vocabulary = await vocabularyFor();

const topics = new Set(['lending', 'borrowing']);
const valid = {
  title: '  Lending rare books  ',
  summary: 'When and how to lend special collections.',
  type: 'guide',
  audience: 'experienced',
  body: 'A body that is long enough to count.',
  tags: 'Rare, special collections, rare',
  topicSlugs: ['lending'],
  libraryTypes: ['academic', 'special'],
  systems: '',
  regions: 'United States, Canada',
  sources: 'ALA ILL Code | https://www.ala.org/rusa | the US code\n',
  related: 'Hard-Citations',
  licence: 'CC-BY-4.0',
  message: 'first',
};

describe('parseArticleForm', () => {
  it('trims, lower-cases and de-duplicates, keeps only context that was given, as vocabulary slugs', () => {
    const result = parseArticleForm(valid, topics, vocabulary);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.data.content).toMatchObject({
      title: 'Lending rare books',
      tags: ['rare', 'special collections'],
      context: { libraryTypes: ['academic', 'special'], regions: ['united-states', 'canada'] },
      sources: [{ title: 'ALA ILL Code', url: 'https://www.ala.org/rusa', note: 'the US code' }],
      related: ['hard-citations'],
    });
    expect(result.data.content.context).not.toHaveProperty('systems');
  });

  it('names every problem next to its field', () => {
    const result = parseArticleForm(
      { ...valid, title: '', type: 'poem', topicSlugs: ['astronomy'], body: 'short', sources: 'Just a title' },
      topics,
      vocabulary,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      title: 'Title is required.',
      type: 'Choose the kind of article.',
      body: 'Article text must be at least 20 characters.',
      topicSlugs: 'Choose topics from the list.',
      sources: expect.stringContaining('Line 1'),
    });
  });

  it('reads "where this applies" by slug, label or alias, drops "Any", and names a value outside the vocabulary', () => {
    const ok = parseArticleForm(
      {
        ...valid,
        libraryTypes: ['consortium-office'],
        systems: 'ILLiad, worldshare ill, Any',
        regions: 'USA, International',
      },
      topics,
      vocabulary,
    );
    if (!ok.ok) throw new Error(JSON.stringify(ok.errors));
    expect(ok.data.content.context).toMatchObject({
      libraryTypes: ['consortium'],
      systems: ['illiad', 'worldshare-ill'],
      regions: ['united-states', 'international'],
    });
    const bad = parseArticleForm(
      { ...valid, libraryTypes: ['spaceship'], systems: 'ILLiad, Hyperdrive', regions: 'Atlantis' },
      topics,
      vocabulary,
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors).toMatchObject({
      libraryTypes: 'Library types: “spaceship” is not in the list. Choose library types from the list.',
      systems: 'ILL systems: “Hyperdrive” is not in the list. Use the systems’ names, such as ILLiad or Tipasa.',
      regions:
        'Regions: “Atlantis” is not in the list. Use country names, such as United States or Canada, or “International”.',
    });
  });

  it('rejects an over-long title with the same limit the form field uses', () => {
    const result = parseArticleForm({ ...valid, title: 'x'.repeat(161) }, topics, vocabulary);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.title).toBe('Title must be 160 characters or fewer.');
  });
});

describe('parseSources', () => {
  it.each([
    ['Title | javascript:alert(1)', /must start with https/],
    ['Title | not a url', /is not a web address/],
    ['| https://x.org', /write “Title \| https/],
  ])('refuses %s', (line, message) => {
    expect(parseSources(line).error).toMatch(message);
  });

  it('keeps a note containing the separator', () => {
    expect(parseSources('T | https://x.org | a | b').sources).toEqual([
      { title: 'T', url: 'https://x.org', note: 'a | b' },
    ]);
  });
});
