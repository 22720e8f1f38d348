import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/database';
import { CONTENT_SECURITY_POLICY } from '../../platform/http/security';
import { actorFor, clientFor, createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import { TestClient } from '../../../test/helpers/client';
import { eventInput } from '../../../test/helpers/events';
import { errorCode, multipartBody, SAME_ORIGIN } from '../../../test/helpers/http';
import { jpegWithMetadata, namesPatron, pdfWithMetadata, tinyPng } from '../../../test/security/files';
import { EVENT_NOTICE_KINDS } from './events.attendance';
import { eventFilePath } from './events.after.repository';
import { eventsModule } from './events.module';
import { setAttendance } from './events.attendance.usecases';
import { FREE_PROGRAMMES, STARTER_ORGANISERS } from './events.organisers';
import { CAPTION_MAX_BYTES, embedFor, readCaptions } from './events.recordings';
import { MORE_STARTER_EVENTS, STARTER_EVENTS } from './events.seed';
import { createEvent } from './events.usecases';

const VTT = [
  'WEBVTT',
  '',
  '00:00:00.000 --> 00:00:04.000',
  '<v Ada>Welcome to the quokkatrain session on lending to overseas libraries.',
  '',
  '00:00:04.000 --> 00:00:08.000',
  'First, check the <b>lender’s</b> policy &amp; fees.',
  '',
].join('\n');

describe('which recordings the hub will play in the page', () => {
  it('plays YouTube through the privacy-enhanced host and Vimeo without tracking, and nothing else', () => {
    expect(embedFor('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10')).toMatchObject({
      src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      origin: 'https://www.youtube-nocookie.com',
    });
    expect(embedFor('https://youtu.be/dQw4w9WgXcQ')?.src).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(embedFor('https://vimeo.com/76979871')).toMatchObject({
      src: 'https://player.vimeo.com/video/76979871?dnt=1',
      origin: 'https://player.vimeo.com',
    });
    for (const other of [
      'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
      'https://www.youtube.com/watch?v=bad"id',
      'https://video.example/rec',
      'javascript:alert(1)',
      'https://vimeo.com/channels/staffpicks',
    ])
      expect(embedFor(other), other).toBeNull();
  });
});

describe('uploaded captions', () => {
  it('reads valid WebVTT into a plain-text transcript', () => {
    const read = readCaptions(new TextEncoder().encode(VTT));
    expect(read).toEqual({
      ok: true,
      vtt: VTT,
      text: 'Ada: Welcome to the quokkatrain session on lending to overseas libraries.\nFirst, check the lender’s policy & fees.',
    });
  });

  it('refuses files that are not WebVTT, not UTF-8, empty of cues, or too large, saying why', () => {
    const bad = (bytes: Uint8Array) => {
      const r = readCaptions(bytes);
      return r.ok ? '' : r.error;
    };
    expect(bad(new TextEncoder().encode('1\n00:00:01,000 --> 00:00:02,000\nAn SRT file\n'))).toMatch(
      /^Not valid WebVTT: line 1/,
    );
    expect(bad(new TextEncoder().encode('WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nEnds first\n'))).toMatch(
      /Not valid WebVTT/,
    );
    expect(bad(new Uint8Array([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff, 0xfe]))).toMatch(/not UTF-8/);
    expect(bad(new TextEncoder().encode('WEBVTT\n'))).toMatch(/no captions/);
    expect(bad(new Uint8Array(CAPTION_MAX_BYTES + 1))).toMatch(/larger than 512 KB/);
  });
});

let t: TestApp;
beforeAll(async () => {
  // 2 March 2026, 15:00 UTC; seeded (the forum's "Events" category takes session threads).
  t = await createTestApp({ seed: true });
});
afterAll(() => t.close());

const anonymous = () => new TestClient(t.app);

async function organisedEvent(title: string) {
  const author = await createUser(t.database);
  const { event } = await createEvent({
    db: t.database.db,
    actor: actorFor(author),
    now: t.clock.now(),
    input: eventInput({
      title,
      startsAt: new Date('2026-02-20T14:00:00Z'),
      endsAt: new Date('2026-02-20T15:00:00Z'),
    }),
  });
  const organiser = await clientFor(t, author);
  const from = `/events/${event.id}`;
  return { event, author, organiser, from };
}

async function addRecording(organiser: TestClient, from: string, url: string, title = 'The recording') {
  const res = await organiser.post(`${from}/links`, { kind: 'recording', title, url }, { from });
  expect(res.status).toBe(303);
  const [row] = rowsOf<{ id: number }>(
    await t.database.db.execute(sql`select id from calendar_links where url = ${url} order by id desc limit 1`),
  );
  return Number(row!.id);
}

async function upload(
  client: TestClient,
  path: string,
  from: string,
  fields: Record<string, string>,
  files: Record<string, File>,
) {
  const token = await client.csrf(from);
  return client.request(path, {
    method: 'POST',
    headers: SAME_ORIGIN,
    body: multipartBody({ _csrf: token, ...fields }, files),
  });
}

/** Every address a page would fetch by itself (src, srcset, poster, data), as opposed to links the reader follows. */
function fetchedAddresses(html: string): string[] {
  return [...html.matchAll(/\s(?:src|srcset|poster|data)="([^"]*)"/g)].map((m) => m[1]!);
}

describe('a recording played through a click-to-load embed', () => {
  it('asks nothing of the video host until the reader clicks, and widens frame-src only on that response', async () => {
    const { organiser, from } = await organisedEvent('Example recorded webinar');
    const id = await addRecording(organiser, from, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');

    const before = await anonymous().get(from);
    const html = await before.text();
    expect(html).toContain('The recording');
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('youtube-nocookie');
    expect(fetchedAddresses(html).filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
    expect(html).toContain(`href="${from}?play=${id}#recording-${id}"`);
    expect(before.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);

    const playing = await anonymous().get(`${from}?play=${id}`);
    const shown = await playing.text();
    expect(shown).toMatch(
      /<iframe src="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ" title="Recording: The recording/,
    );
    const csp = playing.headers.get('content-security-policy')!;
    expect(csp).toBe(`${CONTENT_SECURITY_POLICY}; frame-src https://www.youtube-nocookie.com`);
    expect(csp.match(/frame-src[^;]*/g)).toEqual(['frame-src https://www.youtube-nocookie.com']);

    // Every other response keeps the strict policy: the list, another event page, a play id that is not a player.
    expect((await anonymous().get('/events')).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await anonymous().get(`${from}?play=999999`)).headers.get('content-security-policy')).toBe(
      CONTENT_SECURITY_POLICY,
    );
  });

  it('tells the members attending the event when a recording is posted (not for slides or pre-reads)', async () => {
    const { event, organiser, from } = await organisedEvent('Example webinar, recording to follow');
    const going = await createUser(t.database);
    await setAttendance({
      db: t.database.db,
      actor: actorFor(going),
      now: t.clock.now(),
      eventId: event.id,
      choice: 'attending',
    });
    const notices = async () =>
      rowsOf<{ n: number }>(
        await t.database.db.execute(
          sql`select count(*)::int as n from notifications where user_id = ${going.id} and kind = ${EVENT_NOTICE_KINDS.recording}`,
        ),
      )[0]!.n;
    await organiser.post(
      `${from}/links`,
      { kind: 'slides', title: 'Slides', url: 'https://example.org/slides' },
      { from },
    );
    expect(await notices()).toBe(0);
    await addRecording(organiser, from, 'https://vimeo.com/1234567', 'Full recording');
    expect(await notices()).toBe(1);
  });

  it('never embeds a host outside the allow-list, even when asked', async () => {
    const { organiser, from } = await organisedEvent('Example self-hosted recording');
    const id = await addRecording(organiser, from, 'https://video.example/rec-self', 'Self-hosted');
    const res = await anonymous().get(`${from}?play=${id}`);
    const html = await res.text();
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('?play=');
    expect(html).toContain('href="https://video.example/rec-self"');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('captions and transcripts', () => {
  it('refuses a bad caption file next to the field with 400, saving nothing', async () => {
    const { organiser, from } = await organisedEvent('Example event with bad captions');
    const id = await addRecording(organiser, from, 'https://vimeo.com/76979871');
    const res = await upload(
      organiser,
      `${from}/recordings/${id}/transcript`,
      from,
      {},
      {
        captions: new File(['1\n00:00:01,000 --> 00:00:02,000\nSubRip, not WebVTT\n'], 'talk.srt'),
      },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(
      /id="t\d+-captions-error"[^>]*>\s*<span class="visually-hidden">Error: <\/span>Not valid WebVTT: line 1/,
    );
    const [row] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from calendar_transcripts where link_id = ${id}`),
    );
    expect(row!.n).toBe(0);
  });

  it('shows the captions’ text as the transcript on the page and finds it from search; only organisers add them', async () => {
    const { organiser, from } = await organisedEvent('Example captioned webinar');
    const id = await addRecording(organiser, from, 'https://youtu.be/dQw4w9WgXcQ');
    const stranger = await clientFor(t, await createUser(t.database));
    const refused = await upload(stranger, `${from}/recordings/${id}/transcript`, from, { transcript: 'Mine now' }, {});
    expect(refused.status).toBe(403);
    expect(errorCode(await refused.text())).toBe('events.may_not_edit');

    const res = await upload(
      organiser,
      `${from}/recordings/${id}/transcript`,
      from,
      {},
      {
        captions: new File([VTT], 'talk.vtt', { type: 'text/vtt' }),
      },
    );
    expect(res.status).toBe(303);
    const page = await (await anonymous().get(from)).text();
    expect(page).toContain(`id="transcript-${id}"`);
    expect(page).toContain('Ada: Welcome to the quokkatrain session on lending to overseas libraries.');
    expect(page).toContain('First, check the lender’s policy &amp; fees.');
    const vtt = await anonymous().get(`${from}/recordings/${id}/captions.vtt`);
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await vtt.text()).toBe(VTT);

    const search = await (await anonymous().get('/search?q=quokkatrain')).text();
    expect(search).toContain(`${from}#transcript-${id}`);
  });
});

describe('teach-back notes and attendee notes', () => {
  it('puts the transcripts and slides an organiser added in their own data export', async () => {
    const { author, organiser, from } = await organisedEvent('Example event for the export');
    const id = await addRecording(organiser, from, 'https://vimeo.com/7654321');
    await upload(organiser, `${from}/recordings/${id}/transcript`, from, { transcript: 'Said at the event.' }, {});
    await upload(organiser, `${from}/files`, from, { title: 'Map' }, { file: new File([tinyPng()], 'map.png') });
    const data = (await eventsModule.personalData!.export(t.deps, author.id)) as Record<string, unknown[]>;
    expect(data.recordingTranscripts).toEqual([expect.objectContaining({ text: 'Said at the event.' })]);
    expect(data.eventFilesUploaded).toEqual([expect.objectContaining({ title: 'Map', filename: 'map.png' })]);
  });

  it('stay on the event page for good, are found from search, and outlive their author’s account as a former member’s', async () => {
    const { from } = await organisedEvent('Example workshop on overseas lending');
    const author = await createUser(t.database, { displayName: 'Wanda Teachback' });
    const client = await clientFor(t, author);
    const posted = await client.post(
      `${from}/teach-back`,
      { body: 'I learned that wombatfees vary by lender; we will change our cost checklist to ask first.' },
      { from },
    );
    expect(posted.status).toBe(303);
    const noteId = /#note-(\d+)$/.exec(posted.headers.get('location')!)![1];
    const page = await (await anonymous().get(from)).text();
    expect(page).toContain(`id="note-${noteId}"`);
    expect(page).toContain('Wanda Teachback');
    const search = await (await anonymous().get('/search?q=wombatfees')).text();
    expect(search).toContain(`${from}#note-${noteId}`);

    const gone = await client.post(
      '/account/delete',
      { password: author.password, understood: 'yes' },
      { from: '/account/delete' },
    );
    expect(gone.status).toBe(303);
    const after = await (await anonymous().get(from)).text();
    expect(after).toContain('we will change our cost checklist');
    expect(after).not.toContain('Wanda Teachback');
    expect(after).toContain('Former member');
  });
});

describe('during the event', () => {
  it('lets an organiser start a thread per session, once, linked from the schedule', async () => {
    const { organiser, from } = await organisedEvent('Example conference with sessions');
    const added = await organiser.post(
      `${from}/sessions`,
      {
        title: 'Borrowing panel',
        startsAt: '2026-02-20T09:00',
        endsAt: '2026-02-20T09:30',
        speakers: '',
        room: '',
        link: '',
        materials: '',
      },
      { from },
    );
    expect(added.status).toBe(303);
    const sessionId = /#session-(\d+)$/.exec(added.headers.get('location')!)![1];
    const member = await clientFor(t, await createUser(t.database));
    expect((await member.post(`${from}/sessions/${sessionId}/discussion`, {}, { from })).status).toBe(403);
    const started = await organiser.post(`${from}/sessions/${sessionId}/discussion`, {}, { from });
    expect(started.status).toBe(303);
    const thread = started.headers.get('location')!;
    expect(thread).toMatch(/^\/forum\/t\/\d+/);
    expect(
      (await organiser.post(`${from}/sessions/${sessionId}/discussion`, {}, { from })).headers.get('location'),
    ).toBe(thread);
    expect(await (await anonymous().get(thread)).text()).toContain(
      'Session: Borrowing panel (Example conference with sessions)',
    );
    expect(await (await anonymous().get(from)).text()).toContain(`href="${thread}"`);
  });
});

describe('slides as attachments', () => {
  it('keeps a PDF or image, refuses other types next to the field, and serves files sandboxed', async () => {
    const { organiser, from } = await organisedEvent('Example event with slides');
    const html = await upload(
      organiser,
      `${from}/files`,
      from,
      { title: 'Slides' },
      {
        file: new File(['<html><script>alert(1)</script>'], 'slides.pdf'),
      },
    );
    expect(html.status).toBe(400);
    expect(await html.text()).toContain('Upload slides as PDF, or an image');
    const ok = await upload(
      organiser,
      `${from}/files`,
      from,
      { title: 'Opening slides' },
      {
        file: new File([await pdfWithMetadata()], 'opening slides.pdf'),
      },
    );
    expect(ok.status).toBe(303);
    const page = await (await anonymous().get(from)).text();
    const href = /href="([^"]+\/files\/[^"]+)">Opening slides</.exec(page)?.[1];
    expect(href).toBeDefined();
    const file = await anonymous().get(href!);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const image = await upload(
      organiser,
      `${from}/files`,
      from,
      { title: 'Room map' },
      {
        file: new File([tinyPng()], 'map.png'),
      },
    );
    expect(image.status).toBe(303);
  });
});

describe('slides without hidden metadata (patron privacy)', () => {
  it('stores a PDF without its author, title and XMP, and a JPEG without EXIF, and the form says so', async () => {
    const { organiser, from } = await organisedEvent('Example event with scanned slides');
    const form = await (await organiser.get(from)).text();
    expect(form).toContain('hidden details are removed: camera and location data (EXIF, GPS)');
    expect(form).toContain('check every page and image yourself for patron names');
    for (const [title, file] of [
      ['Scanned notice', new File([await pdfWithMetadata()], 'notice.pdf')],
      ['Photo of the desk', new File([jpegWithMetadata()], 'desk.jpg')],
    ] as const) {
      expect(namesPatron(new Uint8Array(await file.arrayBuffer()))).toBe(true);
      const res = await upload(organiser, `${from}/files`, from, { title }, { file });
      expect(res.status).toBe(303);
      const id = /#file-([0-9a-f-]{36})$/.exec(res.headers.get('location') ?? '')?.[1];
      expect(id).toBeDefined();
      const onDisk = fs.readFileSync(eventFilePath(path.join(t.deps.config.dataDir, 'uploads'), id!));
      expect(namesPatron(onDisk), title).toBe(false);
    }
  });

  it('refuses a PDF it cannot read next to the field, storing nothing', async () => {
    const { organiser, from } = await organisedEvent('Example event with a broken PDF');
    const res = await upload(
      organiser,
      `${from}/files`,
      from,
      { title: 'Broken' },
      { file: new File([new TextEncoder().encode('%PDF-1.4\n%fake\n')], 'broken.pdf') },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This PDF could not be read, so it was not stored.');
  });
});

describe('slide uploads and the body limit', () => {
  it('takes slides larger than an ordinary form (up to the hub’s upload limit), and refuses more than that', async () => {
    const { organiser, from } = await organisedEvent('Example event with big slides');
    const pdf = await pdfWithMetadata(3 * 1024 * 1024);
    const big = await upload(
      organiser,
      `${from}/files`,
      from,
      { title: 'Big slides' },
      {
        file: new File([pdf], 'big.pdf'),
      },
    );
    expect(big.status).toBe(303);
    const tooBig = await upload(
      organiser,
      `${from}/files`,
      from,
      { title: 'Too big' },
      {
        file: new File([new Uint8Array(t.deps.config.uploadMaxBytes + 128 * 1024)], 'huge.pdf'),
      },
    );
    expect(tooBig.status).toBe(413);
  });
});

describe('starter content', () => {
  it('holds at least 15 entries, each with a source; dated ones only in the past, as their organisers published', () => {
    const entries = [...STARTER_ORGANISERS, ...FREE_PROGRAMMES, ...STARTER_EVENTS, ...MORE_STARTER_EVENTS];
    expect(entries.length).toBeGreaterThanOrEqual(15);
    for (const e of entries) expect(e.source, 'source').toMatch(/^https?:\/\/[^\s]+$/);
    for (const e of [...STARTER_EVENTS, ...MORE_STARTER_EVENTS]) expect(e.starts < '2026-01-01', e.title).toBe(true);
    expect(new Set(STARTER_ORGANISERS.map((o) => o.slug)).size).toBe(STARTER_ORGANISERS.length);
  });

  it('lists the recurring venues with links, and finds the free programmes with the “skills beyond ILL” filter', async () => {
    const page = await anonymous().get('/events/organisers');
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const o of STARTER_ORGANISERS) expect(html).toContain(`href="${o.url}"`);
    const beyond = await (await anonymous().get('/events?beyond=1')).text();
    for (const p of FREE_PROGRAMMES) expect(beyond).toContain(p.title.replace(/&/g, '&amp;'));
    // On-demand courses are shown as when they can be taken, never as a time window from when the hub started.
    const onDemand = beyond.match(/On demand: start any time \(listed until [^)]+\)/g) ?? [];
    expect(onDemand.length).toBeGreaterThanOrEqual(FREE_PROGRAMMES.length);
    const all = await (await anonymous().get('/events')).text();
    expect(all).toContain('href="/events/organisers"');
  });
});
