import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APP_ROOT } from '../../platform/app-root';
import { vocabularyFor } from '../../platform/vocabulary/vocabulary';
import { loadResourceContent } from './resources.content';
import { LETTER_LANGUAGES, NOT_VERIFIED } from './resources.models';

const CONTENT = path.join(APP_ROOT, 'content');

describe('the starter catalogue and lender directory', () => {
  it('loads, with at least 25 resources and 20 countries, every name from the shared vocabulary and topics', async () => {
    const { resources, countries, letters } = await loadResourceContent(CONTENT);
    expect(resources.length).toBeGreaterThanOrEqual(25);
    expect(countries.length).toBeGreaterThanOrEqual(20);
    const vocabulary = await vocabularyFor();
    const topics = new Set(
      (parse(fs.readFileSync(path.join(CONTENT, 'topics.yaml'), 'utf8')) as Array<{ slug: string }>).map((t) => t.slug),
    );
    for (const r of resources) {
      for (const t of r.topics)
        expect({ resource: r.slug, topic: t, known: topics.has(t) }).toMatchObject({ known: true });
      for (const l of r.languages)
        expect({ resource: r.slug, l, known: vocabulary.languages.has(l) }).toMatchObject({ known: true });
      for (const g of r.regions)
        expect({ resource: r.slug, g, known: vocabulary.regions.has(g) }).toMatchObject({ known: true });
    }
    for (const c of countries) {
      expect({ country: c.country, known: vocabulary.regions.has(c.country) }).toMatchObject({ known: true });
      for (const l of c.lenders)
        for (const lang of l.languages)
          expect({ lender: l.name, lang, known: vocabulary.languages.has(lang) }).toMatchObject({ known: true });
    }
    expect(new Set(countries.map((c) => c.country)).size).toBe(countries.length);
    for (const lang of Object.keys(LETTER_LANGUAGES) as Array<keyof typeof LETTER_LANGUAGES>) {
      expect(letters.loan[lang].length).toBeGreaterThan(200);
      expect(letters.copy[lang].length).toBeGreaterThan(200);
    }
  });

  it('says "not verified" rather than leaving a lender detail blank or guessed', async () => {
    const { countries } = await loadResourceContent(CONTENT);
    for (const c of countries)
      for (const l of c.lenders) {
        expect(l.sources.length).toBeGreaterThan(0);
        for (const field of [l.loan_period, l.turnaround, l.customs]) expect(field.trim().length).toBeGreaterThan(0);
        expect(l.last_verified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    // The default is the words, not an empty string.
    const anyDefault = countries.flatMap((c) => c.lenders).some((l) => l.customs === NOT_VERIFIED);
    expect(anyDefault).toBe(true);
  });

  it('refuses a content file with an unknown field, naming the file', async () => {
    const dir = fs.mkdtempSync(path.join(APP_ROOT, '.tmp-resources-'));
    try {
      fs.mkdirSync(path.join(dir, 'resources'));
      fs.writeFileSync(path.join(dir, 'resources', 'bad.yaml'), '- slug: x\n  title: Hello\n  invented: yes\n');
      await expect(loadResourceContent(dir)).rejects.toThrow(/bad\.yaml/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
