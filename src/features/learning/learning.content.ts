import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type LessonMedia, publishProblems } from './learning.media';
import { type Exercise, LEARNING_LIMITS, type Project, type Question, stepId } from './learning.models';

/**
 * Starter courses: `content/learning/<course>/course.yaml` (title, summary, the lessons in order) and one Markdown
 * file per lesson with front matter (title, minutes, an optional exercise and quiz). Checked here, once, so that a
 * broken file stops the start with every problem named.
 */

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug');
const line = (max: number) => z.string().trim().min(1).max(max);

/** Paths under /learning that are the hub's own pages, so no course may be named by them. */
export const RESERVED_COURSE_SLUGS: readonly string[] = [
  'review',
  'certificates',
  'citations',
  'plans',
  'log',
  'upkeep',
];

/** Paths under a course that are its own pages, so no lesson may be named by them. */
export const RESERVED_LESSON_SLUGS: readonly string[] = ['project', 'teach-back', 'cohorts'];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');
const milestoneSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,24}$/, 'must be a short id (a-z, 0-9, hyphens)'),
    title: line(120),
    produce: line(600),
    week: z.number().int().min(0).max(52).optional(),
    date: day.optional(),
  })
  .refine((m) => (m.week === undefined) !== (m.date === undefined), { message: 'give either week or date, not both' });
const projectSchema = z.object({
  title: line(120),
  description: line(2000),
  milestones: z
    .array(milestoneSchema)
    .min(1)
    .max(12)
    .refine((ms) => new Set(ms.map((m) => m.id)).size === ms.length, { message: 'milestone ids must differ' }),
});

const courseSchema = z.object({
  slug: slug.refine((s) => !RESERVED_COURSE_SLUGS.includes(s), {
    message: `is taken by the hub’s own pages (${RESERVED_COURSE_SLUGS.join(', ')}); choose another`,
  }),
  title: line(120),
  summary: line(400),
  audience: line(300).optional(),
  maintained_by: slug.optional(),
  lessons: z
    .array(
      slug.refine((s) => !RESERVED_LESSON_SLUGS.includes(s), {
        message: `is taken by the course’s own pages (${RESERVED_LESSON_SLUGS.join(', ')}); choose another`,
      }),
    )
    .min(1)
    .max(LEARNING_LIMITS.lessonsPerCourse),
  project: projectSchema.optional(),
});

const questionBase = {
  id: z.string().regex(/^[a-z0-9-]{1,24}$/, 'must be a short id (a-z, 0-9, hyphens)'),
  prompt: line(600),
  explanation: line(1200),
  article: slug.optional(),
};
const option = z.object({ text: line(300), correct: z.boolean().optional() });
const options = z.array(option).min(2).max(LEARNING_LIMITS.optionsPerQuestion);
const questionSchema = z.discriminatedUnion('kind', [
  z.object({ ...questionBase, kind: z.literal('single'), options }),
  z.object({ ...questionBase, kind: z.literal('multiple'), options }),
  z.object({ ...questionBase, kind: z.literal('short'), accepted: z.array(line(200)).min(1).max(12) }),
  z.object({ ...questionBase, kind: z.literal('order'), steps: z.array(line(300)).min(3).max(8) }),
]);

const lessonSchema = z.object({
  slug,
  title: line(120),
  summary: line(300),
  minutes: z.number().int().min(LEARNING_LIMITS.minMinutes).max(LEARNING_LIMITS.maxMinutes),
  exercise: z.object({ task: line(1500), checklist: z.array(line(300)).min(1).max(12), done: line(800) }).optional(),
  quiz: z.array(questionSchema).max(LEARNING_LIMITS.questionsPerQuiz).optional(),
  // Captions and transcript are checked by the publishing rule (learning.media.ts), which names course and lesson.
  media: z
    .object({
      kind: z.enum(['video', 'audio']),
      url: z.string().trim().url().max(500),
      captions: z.string().trim().url().max(500).optional(),
      transcript: z.string().trim().max(LEARNING_LIMITS.transcriptChars).optional(),
    })
    .optional(),
});

export interface StarterLesson {
  slug: string;
  title: string;
  summary: string;
  minutes: number;
  body: string;
  exercise: Exercise | null;
  /** A video or audio hosted elsewhere, and its transcript (Markdown); null for a reading only. */
  media: LessonMedia | null;
  transcript: string | null;
  quiz: Question[];
}

export interface StarterCourse {
  slug: string;
  title: string;
  summary: string;
  audience: string;
  maintainedBy: string | undefined;
  project: Project | null;
  lessons: StarterLesson[];
}

export class StarterCoursesError extends Error {
  override name = 'StarterCoursesError';
}

type RawQuestion = z.infer<typeof questionSchema>;

/** A question as stored: choices get ids by position (a, b, c…), ordering steps ids from their text. */
function toQuestion(q: RawQuestion, where: string, problems: string[]): Question {
  const base = { id: q.id, prompt: q.prompt, explanation: q.explanation, article: q.article };
  if (q.kind === 'short') return { ...base, kind: 'short', accepted: q.accepted };
  if (q.kind === 'order')
    return { ...base, kind: 'order', steps: q.steps.map((text) => ({ id: stepId(q.id, text), text })) };
  const choices = q.options.map((o, i) => ({ id: String.fromCharCode(97 + i), text: o.text }));
  const correct = q.options.flatMap((o, i) => (o.correct ? [choices[i]!.id] : []));
  if (q.kind === 'single') {
    if (correct.length !== 1) problems.push(`${where}: a single-choice question needs exactly one correct option`);
    return { ...base, kind: 'single', options: choices, correct: correct[0] ?? '' };
  }
  if (correct.length === 0) problems.push(`${where}: a multiple-choice question needs a correct option`);
  return { ...base, kind: 'multiple', options: choices, correct };
}

function issues(where: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${where}: ${i.path.join('.') || 'front matter'}: ${i.message}`);
}

export function parseLessonFile(file: string, text: string, problems: string[]): StarterLesson | undefined {
  const match = text.replace(/\r\n/g, '\n').match(/^---\n([\s\S]*?)\n---\n?([\s\S]*)$/);
  if (!match) {
    problems.push(`${file}: no front matter (the file must start with a line of three hyphens)`);
    return undefined;
  }
  const parsed = lessonSchema.safeParse(parseYaml(match[1] ?? ''));
  if (!parsed.success) {
    problems.push(...issues(file, parsed.error));
    return undefined;
  }
  const fm = parsed.data;
  const body = (match[2] ?? '').trim();
  if (body.length < 40) problems.push(`${file}: the reading is empty or too short`);
  if (path.basename(file, '.md') !== fm.slug) problems.push(`${file}: slug “${fm.slug}” does not match the file name`);
  const ids = new Set<string>();
  const quiz = (fm.quiz ?? []).map((q) => {
    if (ids.has(q.id)) problems.push(`${file}: question id “${q.id}” is used twice`);
    ids.add(q.id);
    return toQuestion(q, `${file}: ${q.id}`, problems);
  });
  return {
    slug: fm.slug,
    title: fm.title,
    summary: fm.summary,
    minutes: fm.minutes,
    body,
    exercise: fm.exercise ?? null,
    media: fm.media ? { kind: fm.media.kind, url: fm.media.url, captions: fm.media.captions ?? null } : null,
    transcript: fm.media?.transcript || null,
    quiz,
  };
}

/** Every starter course under content/learning, checked (throws StarterCoursesError listing every problem). */
export async function readStarterCourses(contentDir: string): Promise<StarterCourse[]> {
  const root = path.join(contentDir, 'learning');
  let dirs: string[];
  try {
    dirs = (await fs.readdir(root, { withFileTypes: true }))
      // content/learning/plans holds onboarding plan templates (learning.plans.template.ts), not a course.
      .filter((d) => d.isDirectory() && d.name !== 'plans')
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  const problems: string[] = [];
  const courses: StarterCourse[] = [];
  for (const dir of dirs) {
    const where = `learning/${dir}/course.yaml`;
    const parsed = courseSchema.safeParse(parseYaml(await fs.readFile(path.join(root, dir, 'course.yaml'), 'utf8')));
    if (!parsed.success) {
      problems.push(...issues(where, parsed.error));
      continue;
    }
    if (parsed.data.slug !== dir) problems.push(`${where}: slug “${parsed.data.slug}” does not match the folder`);
    const lessons: StarterLesson[] = [];
    for (const lessonSlug of parsed.data.lessons) {
      const file = `learning/${dir}/${lessonSlug}.md`;
      let text: string;
      try {
        text = await fs.readFile(path.join(root, dir, `${lessonSlug}.md`), 'utf8');
      } catch {
        problems.push(`${where}: lesson “${lessonSlug}” has no file ${file}`);
        continue;
      }
      const lesson = parseLessonFile(file, text, problems);
      if (lesson) lessons.push(lesson);
    }
    // The publishing rule: no video without captions and a transcript, no audio without a transcript.
    problems.push(...publishProblems({ slug: parsed.data.slug, lessons }).map((p) => `${where}: ${p}`));
    courses.push({
      slug: parsed.data.slug,
      title: parsed.data.title,
      summary: parsed.data.summary,
      audience: parsed.data.audience ?? '',
      maintainedBy: parsed.data.maintained_by,
      project: parsed.data.project ?? null,
      lessons,
    });
  }
  if (problems.length) throw new StarterCoursesError(`Starter courses:\n${problems.join('\n')}`);
  return courses;
}
