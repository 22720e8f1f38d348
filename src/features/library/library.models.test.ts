import { describe, expect, it } from 'vitest';
import { describeTopicCount } from './library.models';

describe('topic counts say what they count', () => {
  it('names articles and glossary terms apart, singular and plural', () => {
    expect(describeTopicCount({ articles: 4, terms: 12 })).toBe('4 articles and 12 glossary terms');
    expect(describeTopicCount({ articles: 1, terms: 0 })).toBe('1 article');
    expect(describeTopicCount({ articles: 0, terms: 1 })).toBe('1 glossary term');
    expect(describeTopicCount({ articles: 1200, terms: 3 })).toBe('1,200 articles and 3 glossary terms');
  });

  it('says so when a topic holds nothing yet', () => {
    expect(describeTopicCount({ articles: 0, terms: 0 })).toBe('nothing yet');
    expect(describeTopicCount(undefined)).toBe('nothing yet');
  });
});
