import { EMBED_HOST_NAMES, type Embed, embedFor } from '../../platform/content/embeds';

/**
 * Video and audio lessons: the recording is hosted elsewhere (an allow-listed host only) and played here only when
 * the reader asks; the transcript (Markdown, rendered once at save with the reading) is always on our page. A course
 * is published only when every video lesson has captions and a transcript and every audio lesson a transcript.
 */

export type MediaKind = 'video' | 'audio';

export interface LessonMedia {
  kind: MediaKind;
  /** Where the recording is hosted (YouTube, Vimeo, the Internet Archive). */
  url: string;
  /** The captions' address (a WebVTT file); required for a video before its course is published. */
  captions: string | null;
}

/** What the publishing rule reads of a lesson. */
export interface MediaLessonDraft {
  slug: string;
  media: LessonMedia | null;
  transcript: string | null;
}

const HTTPS = /^https:\/\/[^\s]+$/;

/** The player for a lesson's recording (null when its host is not allow-listed). */
export function lessonEmbed(media: LessonMedia): Embed | null {
  return embedFor(media.url);
}

/**
 * Why a course may not be published yet, one message per problem naming the course and the lesson (empty: it may).
 * The rule: media only from an allow-listed host; a video needs captions (a WebVTT file's https address) and a
 * transcript; an audio needs a transcript. Loader, seed and any future editor all ask this one function.
 */
export function publishProblems(course: { slug: string; lessons: readonly MediaLessonDraft[] }): string[] {
  const problems: string[] = [];
  for (const l of course.lessons) {
    const m = l.media;
    if (!m) continue;
    const where = `course “${course.slug}”, lesson “${l.slug}”`;
    const what = m.kind === 'video' ? 'a video lesson' : 'an audio lesson';
    if (!embedFor(m.url))
      problems.push(`${where}: the ${m.kind} must be hosted on ${EMBED_HOST_NAMES}; “${m.url}” is not`);
    if (m.kind === 'video' && !(m.captions && HTTPS.test(m.captions)))
      problems.push(
        `${where}: ${what} needs captions (media.captions: the https address of a WebVTT file) before the course can be published`,
      );
    if (m.kind === 'video' && m.captions && !/\.vtt(?:[?#].*)?$/i.test(m.captions))
      problems.push(`${where}: the captions must be a WebVTT file (.vtt); “${m.captions}” is not`);
    if (!l.transcript?.trim())
      problems.push(`${where}: ${what} needs a transcript (media.transcript) before the course can be published`);
  }
  return problems;
}

export class CourseNotPublishableError extends Error {
  override name = 'CourseNotPublishableError';
  constructor(readonly problems: string[]) {
    super(`This course cannot be published yet:\n${problems.join('\n')}`);
  }
}

/** Throws CourseNotPublishableError listing every problem, if any. */
export function assertPublishable(course: { slug: string; lessons: readonly MediaLessonDraft[] }): void {
  const problems = publishProblems(course);
  if (problems.length) throw new CourseNotPublishableError(problems);
}
