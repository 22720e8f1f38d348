// Video and audio lessons, in real Chromium. The starter content has no media lesson (decision 041: no captioned,
// vendor-neutral ILL video we could cite), so this file starts a hub of its own on a copy of ./content plus a
// fixture course (one video lesson with captions and a transcript, one audio lesson with a transcript; its text says
// it is a test fixture). An anonymous reader opens the course, then the video lesson: the transcript is on the page
// with "Load the video from YouTube", and nothing is requested from any host but the hub. They load the player by
// keyboard and land on the player page: the iframe plays from the allow-listed host, and that response's CSP allows
// that host's origin alone in frame-src. The same for the audio lesson (the Internet Archive). axe-core finds nothing
// on any of these pages, light and dark; none scrolls sideways at 320 px.
//
// The player's host is never reached: the browser answers the iframe's request with a small stand-in document (the
// run stays offline and deterministic). The request still shows that the CSP let the frame through; axe enters the
// stand-in like any frame, so it is a plain accessible page rather than an exclusion from the audit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubProcess, spawnHub } from '../helpers/process';
import { focused, useChromium, expectAxeClean, expectNarrowFits } from './browser';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COURSE = 'e2e-media-course';
const COURSE_TITLE = 'Test fixture: media lessons';
const LESSONS = {
  video: {
    slug: 'watch-a-request-walkthrough',
    title: 'Test fixture: a video walkthrough of a request',
    url: 'https://www.youtube.com/watch?v=e2eFixture0',
    captions: 'https://media.example.org/e2e-fixture/walkthrough.vtt',
    transcript: 'Test fixture speaker: this transcript exists only for the browser tests of video lessons.',
    load: 'Load the video from YouTube',
    player: 'https://www.youtube-nocookie.com/embed/e2eFixture0',
    origin: 'https://www.youtube-nocookie.com',
    frameTitle: 'Video: Test fixture: a video walkthrough of a request (YouTube player)',
  },
  audio: {
    slug: 'listen-to-a-lending-talk',
    title: 'Test fixture: an audio talk on lending',
    url: 'https://archive.org/details/e2e-fixture-lending-talk',
    captions: undefined,
    transcript: 'Test fixture speaker: this transcript exists only for the browser tests of audio lessons.',
    load: 'Load the recording from the Internet Archive',
    player: 'https://archive.org/embed/e2e-fixture-lending-talk',
    origin: 'https://archive.org',
    frameTitle: 'Audio: Test fixture: an audio talk on lending (the Internet Archive player)',
  },
} as const;

function lessonFile(kind: 'video' | 'audio'): string {
  const l = LESSONS[kind];
  return [
    '---',
    `slug: ${l.slug}`,
    `title: '${l.title}'`,
    `summary: A test fixture ${kind} lesson for the browser tests; not part of the hub's content.`,
    'minutes: 5',
    'media:',
    `  kind: ${kind}`,
    `  url: ${l.url}`,
    ...(l.captions ? [`  captions: ${l.captions}`] : []),
    '  transcript: |',
    `    ${l.transcript}`,
    '---',
    `This lesson is a test fixture: it exists only so the browser tests can open a ${kind} lesson.`,
    '',
  ].join('\n');
}

const chromium = useChromium();
const tmp: string[] = [];
let hub: HubProcess;
let page: Page;
/** Every request the reader's browser made, in order. */
const requests: string[] = [];
/** Requests for the players' addresses that reached the stand-in (the CSP let the frame through). */
const playerLoads: string[] = [];

beforeAll(async () => {
  const contentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-e2e-media-content-'));
  tmp.push(contentDir);
  fs.cpSync(path.join(ROOT, 'content'), contentDir, { recursive: true });
  const courseDir = path.join(contentDir, 'learning', COURSE);
  fs.mkdirSync(courseDir);
  fs.writeFileSync(
    path.join(courseDir, 'course.yaml'),
    [
      '# Test fixture, written by test/e2e/learning-media.test.ts into a temporary copy of ./content.',
      `slug: ${COURSE}`,
      `title: '${COURSE_TITLE}'`,
      'summary: A test fixture course with one video and one audio lesson, for the browser tests only.',
      `lessons: [${LESSONS.video.slug}, ${LESSONS.audio.slug}]`,
      '',
    ].join('\n'),
  );
  for (const kind of ['video', 'audio'] as const)
    fs.writeFileSync(path.join(courseDir, `${LESSONS[kind].slug}.md`), lessonFile(kind));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ill-e2e-media-data-'));
  tmp.push(dataDir);
  // Its own PGlite in DATA_DIR (never the shared hub's PostgreSQL database), mail to files, no background workers.
  hub = await spawnHub(
    { DATA_DIR: dataDir, CONTENT_DIR: contentDir, DATABASE_URL: '', SMTP_HOST: '', RUN_WORKERS: 'false' },
    150_000,
  );

  page = await chromium.open();
  page.on('request', (r) => requests.push(r.url()));
  for (const l of Object.values(LESSONS))
    await page.route(`${l.origin}/**`, (route) => {
      playerLoads.push(route.request().url());
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><head><title>Player stand-in</title></head><body><p>Stand-in for the player (test).</p></body></html>',
      });
    });
});

afterAll(async () => {
  const code = await hub?.stop();
  for (const dir of tmp) fs.rmSync(dir, { recursive: true, force: true });
  if (code !== undefined && code !== 0) console.error(`The media hub exited with ${code}:\n${hub.output()}`);
});

const audit = (name: string) => expectAxeClean(page, name);

const narrow = (name: string) => expectNarrowFits(page, name);

/** The requests so far that went anywhere but the hub. */
function elsewhere(): string[] {
  return requests.filter((u) => new URL(u).origin !== hub.url);
}

function frameSrc(csp: string | undefined): string[] {
  const directive = (csp ?? '')
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find((d) => d[0] === 'frame-src');
  return directive ? directive.slice(1) : [];
}

describe('video and audio lessons', () => {
  it('the course page lists both lessons', async () => {
    await page.goto(`${hub.url}/learning/${COURSE}`);
    await page.getByRole('heading', { level: 1, name: COURSE_TITLE }).waitFor();
    await page.getByRole('link', { name: LESSONS.audio.title }).waitFor();
    await audit('course page with media lessons');
  });

  for (const kind of ['video', 'audio'] as const) {
    const l = LESSONS[kind];

    it(`the ${kind} lesson shows the transcript and a load link, and fetches nothing from ${new URL(l.url).host}`, async () => {
      requests.length = 0;
      playerLoads.length = 0;
      await page.goto(`${hub.url}/learning/${COURSE}`);
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === `/learning/${COURSE}/${l.slug}`),
        page.getByRole('link', { name: l.title, exact: true }).click(),
      ]);
      await page.getByRole('heading', { level: 1, name: l.title }).waitFor();
      expect(frameSrc(response.headers()['content-security-policy'])).toEqual([]);
      await page.getByText(l.transcript).waitFor();
      await page.getByRole('link', { name: l.load }).waitFor();
      await page
        .getByRole('link', { name: `Open it on ${kind === 'video' ? 'YouTube' : 'the Internet Archive'}` })
        .waitFor();
      if (l.captions)
        expect(await page.getByRole('link', { name: 'Captions (WebVTT)' }).getAttribute('href')).toBe(l.captions);
      expect(await page.locator('iframe').count()).toBe(0);
      await audit(`${kind} lesson`);
      await narrow(`${kind} lesson`);
      await page.waitForLoadState('load');
      expect(elsewhere()).toEqual([]);
      expect(playerLoads).toEqual([]);
    });

    it(`the ${kind} player loads by keyboard, from the allow-listed host only`, async () => {
      const load = page.getByRole('link', { name: l.load });
      await load.focus();
      const now = await focused(page);
      expect(now?.text).toBe(l.load);
      expect(now?.outlineStyle).not.toBe('none');
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === `/learning/${COURSE}/${l.slug}/media`),
        page.keyboard.press('Enter'),
      ]);
      expect(response.status()).toBe(200);
      expect(frameSrc(response.headers()['content-security-policy'])).toEqual([l.origin]);
      await page.waitForURL(`**/learning/${COURSE}/${l.slug}/media#player`);
      const frame = page.locator('iframe');
      expect(await frame.count()).toBe(1);
      expect(await frame.getAttribute('src')).toBe(l.player);
      expect(await frame.getAttribute('title')).toBe(l.frameTitle);
      // The stand-in answered: the browser asked the host for the player, so the CSP allowed this frame.
      await page.frameLocator('iframe').getByText('Stand-in for the player (test).').waitFor();
      await page.getByText(l.transcript).waitFor();
      await page.getByRole('link', { name: 'Back to the lesson without the player' }).waitFor();
      await audit(`${kind} player page`);
      await narrow(`${kind} player page`);
      // Nothing but the player's one address was requested outside the hub.
      expect(elsewhere()).toEqual([l.player]);
      expect(playerLoads).toEqual([l.player]);
    });
  }
});
