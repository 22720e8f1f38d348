import type { Vocabulary } from '../../platform/vocabulary/vocabulary';
import { type ArticleContext, type ArticleType, CONTEXT_LISTS, describeContext } from './library.models';

/**
 * "Where this applies": the kinds of article that must say it, what a best practice must explain, and
 * whether an article fits a reader's own context (library type, country, systems from their profile).
 */

/** Article types whose advice depends on where it is used: an empty "where this applies" is refused. */
export const CONTEXT_REQUIRED_TYPES: readonly ArticleType[] = ['best-practice'];

/** The sections every best practice carries: why it works (evidence) and what it costs or saves. */
export const BEST_PRACTICE_SECTIONS = [
  { heading: 'Why this works', pattern: /^##\s+Why\b/im },
  { heading: 'What it costs and saves', pattern: /^##\s+What it costs\b/im },
] as const;

export function hasContext(context: ArticleContext): boolean {
  return (['libraryTypes', 'sizes', 'systems', 'regions'] as const).some((k) => (context[k]?.length ?? 0) > 0);
}

/** What a best practice (or another type that needs it) still lacks, in words an editor can act on. */
export function contextProblems(input: {
  type: ArticleType;
  context: ArticleContext;
  body: string;
}): Array<{ field: 'context' | 'body'; message: string }> {
  const problems: Array<{ field: 'context' | 'body'; message: string }> = [];
  if (CONTEXT_REQUIRED_TYPES.includes(input.type) && !hasContext(input.context))
    problems.push({
      field: 'context',
      message:
        'Say where this applies: at least one library type, size, system or region (choose every type if it applies to all).',
    });
  if (input.type === 'best-practice') {
    const missing = BEST_PRACTICE_SECTIONS.filter((s) => !s.pattern.test(input.body)).map((s) => `“## ${s.heading}”`);
    if (missing.length)
      problems.push({
        field: 'body',
        message: `A best practice says why it works and what it costs or saves: add ${missing.join(' and ')} sections.`,
      });
  }
  return problems;
}

/** A reader's own context, from their profile: vocabulary slugs (empty when not given). */
export interface ReaderContext {
  libraryTypes: string[];
  regions: string[];
  systems: string[];
}

export function readerHasContext(reader: ReaderContext | null | undefined): reader is ReaderContext {
  return Boolean(reader && (reader.libraryTypes.length || reader.regions.length || reader.systems.length));
}

const FIT_KEYS = ['libraryTypes', 'regions', 'systems'] as const;
type FitKey = (typeof FIT_KEYS)[number];

/** Regions that fit every reader: advice for work across borders applies wherever the reader is. */
const EVERYWHERE = new Set(['international']);

/**
 * Whether an article fits a reader: for each of library type, region and system that both the article and
 * the reader name, they must share one. A field either leaves empty says nothing, so an article for anyone,
 * or a reader who gave nothing, always fits. `mismatched` lists the fields that do not fit.
 */
export function fitOf(
  context: ArticleContext,
  reader: ReaderContext,
  vocabulary?: Vocabulary,
): { fits: boolean; mismatched: FitKey[] } {
  const mismatched: FitKey[] = [];
  for (const key of FIT_KEYS) {
    const list = vocabulary?.[CONTEXT_LISTS[key]];
    // Articles saved before the vocabulary may hold labels ("United States"): read them as slugs.
    const written = (context[key] ?? []).map((v) => list?.resolve(v) ?? v);
    const mine = reader[key];
    if (written.length === 0 || mine.length === 0) continue;
    if (key === 'regions' && written.some((r) => EVERYWHERE.has(r))) continue;
    if (!written.some((v) => mine.includes(v))) mismatched.push(key);
  }
  return { fits: mismatched.length === 0, mismatched };
}

/** Countries whose English name takes "the" in running text. */
const WITH_THE = new Set([
  'united-states',
  'united-kingdom',
  'netherlands',
  'philippines',
  'bahamas',
  'gambia',
  'united-arab-emirates',
  'dominican-republic',
  'central-african-republic',
  'maldives',
]);

/** "academic and public libraries in the United States, using ILLiad": what an article was written for. */
export function writtenFor(context: ArticleContext, vocabulary: Vocabulary): string {
  const described = new Map(describeContext(context, vocabulary).map((d) => [d.key, d.values]));
  const list = (values: string[]) =>
    values.length <= 2 ? values.join(' and ') : `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`;
  const types = described.get('libraryTypes');
  const sizes = described.get('sizes');
  const systems = described.get('systems');
  const regionSlugs = [...new Set((context.regions ?? []).map((r) => vocabulary.regions.resolve(r) ?? r))];
  const places = regionSlugs
    .filter((r) => !EVERYWHERE.has(r))
    .map((r) => `${WITH_THE.has(r) ? 'the ' : ''}${vocabulary.regions.label(r)}`);
  const acrossBorders = regionSlugs.some((r) => EVERYWHERE.has(r));
  let text = `${sizes ? `${list(sizes.map((s) => s.toLowerCase()))} ` : ''}${types ? `${list(types.map((t) => t.toLowerCase().replace(/ library$/, '')))} ` : ''}libraries`;
  if (places.length) text += ` in ${list(places)}`;
  if (acrossBorders) text += places.length ? ' and across borders' : ' working across borders';
  if (systems) text += `, using ${list(systems)}`;
  return text;
}

/** The reader's own context in words ("public libraries in Canada, using Tipasa"). */
export function readerDescription(reader: ReaderContext, vocabulary: Vocabulary): string {
  return writtenFor(
    {
      ...(reader.libraryTypes.length ? { libraryTypes: reader.libraryTypes } : {}),
      ...(reader.regions.length ? { regions: reader.regions } : {}),
      ...(reader.systems.length ? { systems: reader.systems } : {}),
    },
    vocabulary,
  );
}

/** The query parameter (and its one value) that turns on "Show what applies to me". */
export const FITS_PARAM = 'fits';
export const FITS_ME = 'me';

/** The reader's lists with each value's label too, so articles saved before the vocabulary (with labels) match. */
export function readerWithLabels(reader: ReaderContext, vocabulary: Vocabulary): ReaderContext {
  const widen = (key: FitKey) => {
    const list = vocabulary[CONTEXT_LISTS[key]];
    return [...new Set(reader[key].flatMap((v) => [v, list.label(v)]))];
  };
  return { libraryTypes: widen('libraryTypes'), regions: widen('regions'), systems: widen('systems') };
}
