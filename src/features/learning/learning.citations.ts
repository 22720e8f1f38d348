import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { citationErrors } from './learning.citations.errors';
import type { Choice, Question } from './learning.models';

/**
 * The citation detective: exercises on real-shaped (fictional) citations and OpenURLs, read from
 * `content/learning/citations.yaml` and checked here, once per content folder. Each exercise asks three questions
 * (what kind of item, what is wrong or missing, where to look first); choice ids are positional letters, so the page
 * says nothing about the key, and answers are checked with the quizzes' `checkQuiz`.
 */

/** The kinds of item a learner chooses from (ids are the YAML's words; the page sees letters). */
export const ITEM_KINDS = [
  ['journal-article', 'A journal article'],
  ['book-chapter', 'A chapter in an edited book'],
  ['book', 'A whole book'],
  ['thesis', 'A thesis or dissertation'],
  ['conference-paper', 'A conference paper'],
  ['standard', 'A standard'],
] as const;

/** Where a learner would look first. */
export const PLACES = [
  ['library-catalogue', 'Our own library catalogue'],
  ['union-catalogue', 'WorldCat or a union catalogue'],
  ['publisher', 'The publisher’s or journal’s site'],
  ['national-library', 'A national library’s catalogue'],
  ['thesis-repository', 'A thesis repository'],
  ['ask-patron', 'Ask the patron'],
] as const;

type Kind = (typeof ITEM_KINDS)[number][0];
type Place = (typeof PLACES)[number][0];
const kindIds = ITEM_KINDS.map(([id]) => id) as [Kind, ...Kind[]];
const placeIds = PLACES.map(([id]) => id) as [Place, ...Place[]];

const line = (max: number) => z.string().trim().min(1).max(max);

export const exerciseSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug'),
    title: line(120),
    citation: line(2000).optional(),
    openurl: line(4000).optional(),
    kind: z.enum(kindIds),
    kind_why: line(800),
    problems: z
      .array(z.object({ text: line(300), correct: z.boolean().optional() }))
      .min(2)
      .max(8)
      .refine((ps) => ps.some((p) => p.correct), 'needs at least one correct problem'),
    problems_why: line(1200),
    look: z.enum(placeIds),
    look_why: line(800),
  })
  .strict()
  .refine((e) => (e.citation === undefined) !== (e.openurl === undefined), 'needs exactly one of citation or openurl');

export const exercisesFileSchema = z.object({ exercises: z.array(exerciseSchema).min(1) });

export interface CitationExercise {
  id: string;
  title: string;
  form: 'citation' | 'openurl';
  /** The citation as a patron gave it, or the OpenURL. */
  text: string;
  /** Three questions: `kind` (single), `problems` (multiple), `look` (single). */
  questions: Question[];
}

const letter = (i: number) => String.fromCharCode(97 + i);
const choices = (texts: readonly string[]): Choice[] => texts.map((text, i) => ({ id: letter(i), text }));

type RawExercise = z.infer<typeof exerciseSchema>;

export function toExercise(raw: RawExercise): CitationExercise {
  const kindAt = ITEM_KINDS.findIndex(([id]) => id === raw.kind);
  const placeAt = PLACES.findIndex(([id]) => id === raw.look);
  return {
    id: raw.id,
    title: raw.title,
    form: raw.openurl !== undefined ? 'openurl' : 'citation',
    text: (raw.openurl ?? raw.citation ?? '').trim(),
    questions: [
      {
        id: 'kind',
        kind: 'single',
        prompt: 'What kind of item is this?',
        options: choices(ITEM_KINDS.map(([, t]) => t)),
        correct: letter(kindAt),
        explanation: raw.kind_why,
        article: undefined,
      },
      {
        id: 'problems',
        kind: 'multiple',
        prompt: 'What is wrong or missing?',
        options: choices(raw.problems.map((p) => p.text)),
        correct: raw.problems.flatMap((p, i) => (p.correct ? [letter(i)] : [])),
        explanation: raw.problems_why,
        article: undefined,
      },
      {
        id: 'look',
        kind: 'single',
        prompt: 'Where would you look first?',
        options: choices(PLACES.map(([, t]) => t)),
        correct: letter(placeAt),
        explanation: raw.look_why,
        article: undefined,
      },
    ],
  };
}

export class CitationExercisesError extends Error {
  override name = 'CitationExercisesError';
}

/** Parse and check the exercises file's text (throws naming every problem; ids must be unique). */
export function parseCitationExercises(text: string): CitationExercise[] {
  const parsed = exercisesFileSchema.safeParse(parseYaml(text));
  if (!parsed.success)
    throw new CitationExercisesError(
      `learning/citations.yaml: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const seen = new Set<string>();
  for (const e of parsed.data.exercises) {
    if (seen.has(e.id))
      throw new CitationExercisesError(`learning/citations.yaml: exercise id “${e.id}” is used twice`);
    seen.add(e.id);
  }
  return parsed.data.exercises.map(toExercise);
}

const loaded = new Map<string, Promise<CitationExercise[]>>();

/** The exercises of a content folder, read and checked once (none when the file is absent). */
export function citationExercises(contentDir: string): Promise<CitationExercise[]> {
  let found = loaded.get(contentDir);
  if (!found) {
    found = fs
      .readFile(path.join(contentDir, 'learning', 'citations.yaml'), 'utf8')
      .then(parseCitationExercises, (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
    found.catch(() => loaded.delete(contentDir));
    loaded.set(contentDir, found);
  }
  return found;
}

/** An exercise by id, with the one after it (undefined after the last). */
export async function findCitationExercise(
  contentDir: string,
  id: string,
): Promise<{ exercise: CitationExercise; next: CitationExercise | undefined }> {
  const all = await citationExercises(contentDir);
  const at = all.findIndex((e) => e.id === id);
  if (at < 0) throw citationErrors.exerciseNotFound();
  return { exercise: all[at]!, next: all[at + 1] };
}

export const citationsUrl = '/learning/citations';
export const citationUrl = (id: string) => `/learning/citations/${id}`;
