import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { errorCode } from '../../../test/helpers/http';
import { embedFor } from '../../platform/content/embeds';
import { RENDER_VERSION, renderMarkdown } from '../../platform/content/markdown';
import { rowsOf } from '../../platform/db/database';
import { CONTENT_SECURITY_POLICY } from '../../platform/http/security';
import { readStarterCourses, type StarterCourse, type StarterLesson } from './learning.content';
import { CourseNotPublishableError, type LessonMedia, publishProblems } from './learning.media';
import * as repo from './learning.repository';
import { insertStarterCourses } from './learning.seed';

const VIDEO: LessonMedia = {
  kind: 'video',
  url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  captions: 'https://media.example.org/captions/requests.vtt',
};
const AUDIO: LessonMedia = { kind: 'audio', url: 'https://archive.org/details/ill-talk-2026', captions: null };
const TRANSCRIPT = 'Speaker: Check the **lender’s** policy first.\n\nThen send the request.';

function lesson(slug: string, extra: Partial<StarterLesson> = {}): StarterLesson {
  return {
    slug,
    title: `Lesson ${slug}`,
    summary: `About ${slug}.`,
    minutes: 6,
    body: `A short reading for the lesson called ${slug}, long enough to count as a reading.`,
    exercise: null,
    quiz: [],
    media: null,
    transcript: null,
    ...extra,
  };
}

function course(slug: string, lessons: StarterLesson[]): StarterCourse {
  return {
    slug,
    title: `Course ${slug}`,
    summary: 'A fixture course.',
    audience: '',
    maintainedBy: undefined,
    project: null,
    lessons,
  };
}

describe('the allow-listed hosts (one list for every feature)', () => {
  it('plays YouTube privately, Vimeo without tracking and the Internet Archive, from ids parsed out of the address', () => {
    expect(embedFor('https://youtu.be/dQw4w9WgXcQ')).toMatchObject({
      src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      origin: 'https://www.youtube-nocookie.com',
    });
    expect(embedFor('https://vimeo.com/76979871')?.origin).toBe('https://player.vimeo.com');
    expect(embedFor('https://archive.org/details/ill-talk-2026')).toEqual({
      src: 'https://archive.org/embed/ill-talk-2026',
      origin: 'https://archive.org',
      host: 'the Internet Archive',
    });
    for (const other of [
      'https://archive.org.evil.example/details/x',
      'https://web.archive.org/web/2020/https://video.example/',
      'https://archive.org/details/x/y',
      'https://archive.org/search?query=ill',
      'https://video.example/talk.mp4',
    ])
      expect(embedFor(other), other).toBeNull();
  });
});

describe('the publishing rule', () => {
  it('names the course and lesson of a video without captions or transcript, an audio without transcript, a host not allowed', () => {
    const problems = publishProblems({
      slug: 'media-course',
      lessons: [
        { slug: 'no-captions', media: { ...VIDEO, captions: null }, transcript: TRANSCRIPT },
        { slug: 'no-transcript', media: VIDEO, transcript: '  ' },
        { slug: 'silent', media: AUDIO, transcript: null },
        { slug: 'elsewhere', media: { ...VIDEO, url: 'https://video.example/talk.mp4' }, transcript: TRANSCRIPT },
        { slug: 'not-vtt', media: { ...VIDEO, captions: 'https://media.example.org/captions.srt' }, transcript: 'T' },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^course “media-course”, lesson “no-captions”: a video lesson needs captions .*published$/),
      expect.stringMatching(/^course “media-course”, lesson “no-transcript”: a video lesson needs a transcript/),
      expect.stringMatching(/^course “media-course”, lesson “silent”: an audio lesson needs a transcript/),
      expect.stringMatching(/lesson “elsewhere”: the video must be hosted on YouTube, Vimeo or the Internet Archive/),
      expect.stringMatching(/lesson “not-vtt”: the captions must be a WebVTT file/),
    ]);
  });

  it('lets through a video with captions and transcript, an audio with a transcript, and readings', () => {
    expect(
      publishProblems({
        slug: 'ok',
        lessons: [
          { slug: 'a', media: VIDEO, transcript: TRANSCRIPT },
          { slug: 'b', media: AUDIO, transcript: TRANSCRIPT },
          { slug: 'c', media: null, transcript: null },
        ],
      }),
    ).toEqual([]);
  });
});

describe('course files with media', () => {
  function writeCourse(dir: string, media: string) {
    const root = path.join(dir, 'learning', 'media-course');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(
      path.join(root, 'course.yaml'),
      'slug: media-course\ntitle: A course\nsummary: A course with a video.\nlessons: [watch]\n',
    );
    fs.writeFileSync(
      path.join(root, 'watch.md'),
      `---\nslug: watch\ntitle: Watch\nsummary: A video.\nminutes: 5\n${media}---\nA reading that goes with the video, long enough.\n`,
    );
  }

  it('are refused by the content check when a video lacks captions, naming the course and lesson', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-learning-media-'));
    try {
      writeCourse(dir, `media:\n  kind: video\n  url: ${VIDEO.url}\n  transcript: Words.\n`);
      await expect(readStarterCourses(dir)).rejects.toThrow(
        /learning\/media-course\/course\.yaml: course “media-course”, lesson “watch”: a video lesson needs captions/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are read with the media and its transcript when complete', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-learning-media-'));
    try {
      writeCourse(
        dir,
        `media:\n  kind: video\n  url: ${VIDEO.url}\n  captions: ${VIDEO.captions}\n  transcript: |\n    Speaker: **Hello**.\n`,
      );
      const [read] = await readStarterCourses(dir);
      expect(read!.lessons[0]).toMatchObject({ media: VIDEO, transcript: 'Speaker: **Hello**.' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('video and audio lessons', () => {
  let t: TestApp;
  const db = () => t.database.db;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    await insertStarterCourses(
      db(),
      [
        course('media-fixture', [
          lesson('watch', { media: VIDEO, transcript: TRANSCRIPT }),
          lesson('listen', { media: AUDIO, transcript: 'The _whole_ talk, in words.' }),
          lesson('read'),
        ]),
      ],
      t.clock.now(),
    );
  });
  afterAll(() => t.close());

  it('are never seeded when the publishing rule fails, and nothing of the course is written', async () => {
    const bad = course('no-captions', [lesson('watch', { media: { ...VIDEO, captions: null }, transcript: 'T' })]);
    await expect(insertStarterCourses(db(), [bad], t.clock.now())).rejects.toThrow(CourseNotPublishableError);
    await expect(insertStarterCourses(db(), [bad], t.clock.now())).rejects.toThrow(
      /course “no-captions”, lesson “watch”: a video lesson needs captions/,
    );
    expect(await repo.findCourse(db(), 'no-captions')).toBeUndefined();
  });

  it('keep the transcript rendered once, at save, with the reading', async () => {
    const [row] = rowsOf<{ transcript_html: string; render_version: number }>(
      await db().execute(
        sql`select l.transcript_html, l.render_version from learning_lessons l join learning_courses c on c.id = l.course_id
            where c.slug = 'media-fixture' and l.slug = 'watch'`,
      ),
    );
    expect(row).toEqual({ transcript_html: renderMarkdown(TRANSCRIPT), render_version: RENDER_VERSION });
    // A newer renderer renders the transcript again, with the reading.
    const courseId = (await repo.findCourse(db(), 'media-fixture'))!.id;
    const id = (await repo.findLesson(db(), courseId, 'watch'))!.id;
    await db().execute(
      sql`update learning_lessons set transcript_html = '<p>old</p>', render_version = ${RENDER_VERSION - 1} where id = ${id}`,
    );
    for (const r of await repo.storedLessonHtml.stale(db(), 100)) await repo.storedLessonHtml.store(db(), r);
    expect((await repo.findLesson(db(), courseId, 'watch'))!.transcriptHtml).toBe(renderMarkdown(TRANSCRIPT));
  });

  it('show the transcript and a link to load the player, and nothing from the host until the reader asks', async () => {
    const anon = new TestClient(t.app);
    const res = await anon.get('/learning/media-fixture/watch');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const html = await res.text();
    expect(html).toContain('<strong>lender’s</strong>');
    expect(html).toMatch(
      /<a href="\/learning\/media-fixture\/watch\/media#player"[^>]*>Load the video from YouTube<\/a>/,
    );
    expect(html).toContain('href="https://media.example.org/captions/requests.vtt"');
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('youtube-nocookie');
    // No element of the page loads anything from another site (links are not loads).
    expect(html).not.toMatch(/\ssrc="(?:https?:)?\/\//);
    const listen = await (await anon.get('/learning/media-fixture/listen')).text();
    expect(listen).toContain('Load the recording from the Internet Archive');
    expect(listen).toContain('<em>whole</em>');
    expect(listen).not.toContain('<iframe');
  });

  it('load the player on the page the reader asked for, whose CSP allows that one host only', async () => {
    const anon = new TestClient(t.app);
    const res = await anon.get('/learning/media-fixture/watch/media');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toBe(`${CONTENT_SECURITY_POLICY}; frame-src https://www.youtube-nocookie.com`);
    expect(res.headers.get('cache-control')).toContain('private');
    const html = await res.text();
    expect(html).toMatch(
      /<iframe src="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ" title="Video: Lesson watch/,
    );
    expect(html).toContain('<strong>lender’s</strong>');
    const audio = await anon.get('/learning/media-fixture/listen/media');
    expect(audio.headers.get('content-security-policy')).toBe(
      `${CONTENT_SECURITY_POLICY}; frame-src https://archive.org`,
    );
    expect(await audio.text()).toContain('src="https://archive.org/embed/ill-talk-2026"');
    // The lesson page is unchanged for the next reader.
    expect((await anon.get('/learning/media-fixture/watch')).headers.get('content-security-policy')).toBe(
      CONTENT_SECURITY_POLICY,
    );
  });

  it('have no player page for a lesson without media, and the course page names each format', async () => {
    const anon = new TestClient(t.app);
    const res = await anon.get('/learning/media-fixture/read/media');
    expect(res.status).toBe(404);
    expect(errorCode(await res.text())).toBe('learning.no_media');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const page = await (await anon.get('/learning/media-fixture')).text();
    expect(page).toContain('Reading, video');
    expect(page).toContain('Reading, audio');
  });
});
