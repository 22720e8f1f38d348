import { describe, expect, it } from 'vitest';
import { parseArticleForm, parseSources } from './library.schemas';

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
  it('trims, lower-cases and de-duplicates, and keeps only context that was given', () => {
    const result = parseArticleForm(valid, topics);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.data.content).toMatchObject({
      title: 'Lending rare books',
      tags: ['rare', 'special collections'],
      context: { libraryTypes: ['academic', 'special'], regions: ['United States', 'Canada'] },
      sources: [{ title: 'ALA ILL Code', url: 'https://www.ala.org/rusa', note: 'the US code' }],
      related: ['hard-citations'],
    });
    expect(result.data.content.context).not.toHaveProperty('systems');
  });

  it('names every problem next to its field', () => {
    const result = parseArticleForm({ ...valid, title: '', type: 'poem', topicSlugs: ['astronomy'], body: 'short', sources: 'Just a title' }, topics);
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

  it('rejects an over-long title with the same limit the form field uses', () => {
    const result = parseArticleForm({ ...valid, title: 'x'.repeat(161) }, topics);
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
    expect(parseSources('T | https://x.org | a | b').sources).toEqual([{ title: 'T', url: 'https://x.org', note: 'a | b' }]);
  });
});
