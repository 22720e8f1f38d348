import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkList,
  DEFAULT_VOCABULARY_DIR,
  loadVocabulary,
  normaliseKey,
  VOCABULARY_FILES,
  VocabularyError,
  vocabularyDir,
  vocabularyFor,
} from './vocabulary';

describe('the vocabulary files in content/vocabulary', () => {
  it('load without a problem: no slug twice, no two entries that read the same, no near-duplicates', async () => {
    const v = await loadVocabulary(DEFAULT_VOCABULARY_DIR);
    for (const name of Object.keys(VOCABULARY_FILES) as Array<keyof typeof VOCABULARY_FILES>) {
      expect(v[name].terms.length).toBeGreaterThan(0);
    }
  });

  it('list ILL systems alphabetically by name, "Another system" last, spelled as their makers spell them', async () => {
    const { systems } = await loadVocabulary(DEFAULT_VOCABULARY_DIR);
    const labels = systems.terms.map((t) => t.label);
    expect(labels.at(-1)).toBe('Another system');
    const named = labels.slice(0, -1);
    expect(named).toEqual([...named].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    for (const name of [
      'DOCLINE',
      'ILLiad',
      'RapidILL',
      'Rapido',
      'Relais D2D',
      'ReShare',
      'Tipasa',
      'Libraries Australia Document Delivery',
    ]) {
      expect(labels).toContain(name);
    }
  });

  it('give every library topic an area of expertise with the same slug and name', async () => {
    const { default: YAML } = await import('yaml');
    const topics = YAML.parse(
      await fs.readFile(path.join(DEFAULT_VOCABULARY_DIR, '..', 'topics.yaml'), 'utf8'),
    ) as Array<{ slug: string; name: string }>;
    const { expertise } = await loadVocabulary(DEFAULT_VOCABULARY_DIR);
    for (const t of topics) expect(expertise.find(t.slug)?.label, t.slug).toBe(t.name);
  });

  it('keep values saved before the vocabulary readable through aliases', async () => {
    const v = await loadVocabulary(DEFAULT_VOCABULARY_DIR);
    expect(v.expertise.resolve('copyright')).toBe('copyright-licensing');
    expect(v.expertise.resolve('statistics')).toBe('reports-assessment');
    expect(v.systems.resolve('rapid')).toBe('rapidill');
    expect(v.libraryTypes.resolve('consortium-office')).toBe('consortium');
    expect(v.regions.resolve('USA')).toBe('united-states');
    expect(v.regions.resolve('canada')).toBe('canada');
    expect(v.languages.resolve('Spanish')).toBe('spanish');
    expect(v.languages.resolve('es')).toBe('spanish');
    expect(v.languages.label('Portuguese (brazil)')).toBe('Portuguese (brazil)');
    expect(v.systems.label('tipasa')).toBe('Tipasa');
  });
});

describe('checking a list', () => {
  it('refuses a slug twice, with the file and slug in the message', () => {
    const { problems } = checkList('systems', [
      { slug: 'tipasa', label: 'Tipasa' },
      { slug: 'tipasa', label: 'Tipasa again' },
    ]);
    expect(problems).toContain('systems.yaml: the slug “tipasa” appears twice');
  });

  it('refuses two labels that read the same, whatever the case, accents or "&"', () => {
    const { problems } = checkList('regions', [
      { slug: 'a', label: 'Trinidad & Tobago' },
      { slug: 'b', label: 'trinidad and tobago' },
    ]);
    expect(problems.join('\n')).toMatch(/“trinidad and tobago” \(b\) reads the same as an entry of “a”/);
  });

  it('refuses an alias that is another entry’s label', () => {
    const { problems } = checkList('expertise', [
      { slug: 'copyright', label: 'Copyright' },
      { slug: 'licensing', label: 'Licences', aliases: ['copyright'] },
    ]);
    expect(problems.join('\n')).toMatch(/reads the same as an entry of “copyright”/);
  });

  it('refuses a near-duplicate such as "Copyright" beside "Copyright & licensing"', () => {
    const { problems } = checkList('expertise', [
      { slug: 'copyright', label: 'Copyright' },
      { slug: 'copyright-licensing', label: 'Copyright & licensing' },
    ]);
    expect(problems).toEqual([
      'expertise.yaml: “Copyright” (copyright) is a near-duplicate of “Copyright & licensing” (copyright-licensing): make one an alias of the other',
    ]);
  });

  it('refuses the same words in another order once', () => {
    const { problems } = checkList('expertise', [
      { slug: 'shipping-couriers', label: 'Shipping & couriers' },
      { slug: 'couriers-shipping', label: 'Couriers and shipping' },
    ]);
    expect(problems).toHaveLength(1);
  });

  it('allows standard names that share a word in country and language lists', () => {
    expect(
      checkList('regions', [
        { slug: 'guinea', label: 'Guinea' },
        { slug: 'papua-new-guinea', label: 'Papua New Guinea' },
      ]).problems,
    ).toEqual([]);
  });

  it('refuses malformed entries, naming the entry and the field', () => {
    const { problems } = checkList('libraryTypes', [
      { slug: 'Public Library', label: 'Public' },
      { slug: 'law' },
      { slug: 'x', label: 'X', colour: 'red' },
    ]);
    expect(problems.join('\n')).toContain(
      'library-types.yaml: “Public Library”: slug: a slug is lowercase letters, digits and single hyphens',
    );
    expect(problems.join('\n')).toContain('library-types.yaml: “law”: label:');
    expect(problems.join('\n')).toContain('library-types.yaml: “x”: entry:');
  });
});

describe('loading', () => {
  async function tempDir(files: Record<string, string>): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vocab-'));
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
    return dir;
  }

  it('reports every problem in every file at once', async () => {
    const good = '- { slug: a, label: A }\n';
    const dir = await tempDir({
      'systems.yaml': good,
      'expertise.yaml':
        '- { slug: copyright, label: Copyright }\n- { slug: copyright-licensing, label: Copyright & licensing }\n',
      'library-types.yaml': good,
      'regions.yaml': good,
      // languages.yaml is missing
    });
    const error = await loadVocabulary(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VocabularyError);
    const message = (error as Error).message;
    expect(message).toContain('expertise.yaml: “Copyright” (copyright) is a near-duplicate');
    expect(message).toMatch(/languages\.yaml: ENOENT/);
  });

  it('uses CONTENT_DIR/vocabulary when it exists, else the hub’s own lists, and reads each once', async () => {
    const empty = await tempDir({});
    expect(vocabularyDir(empty)).toBe(DEFAULT_VOCABULARY_DIR);
    expect(vocabularyFor(empty)).toBe(vocabularyFor(undefined));
    const own = await tempDir({});
    await fs.mkdir(path.join(own, 'vocabulary'));
    expect(vocabularyDir(own)).toBe(path.join(own, 'vocabulary'));
  });

  it('compares spellings without case, accents, punctuation or "&"', () => {
    expect(normaliseKey('Côte d’Ivoire')).toBe(normaliseKey('cote d ivoire'));
    expect(normaliseKey('Copyright & licensing')).toBe('copyright and licensing');
  });
});
