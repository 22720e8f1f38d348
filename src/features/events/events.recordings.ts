import webvtt from 'webvtt-parser';

/**
 * Recordings after an event: links to where they are hosted, played in the page only from allow-listed hosts and
 * only once the reader asks (a second page, `?play=<id>`), so nothing is requested from a video host before that.
 * The response that shows the player widens the CSP's frame-src to that one host (see docs/security.md).
 */
export interface Embed {
  /** The player's address (privacy-enhanced where the host offers it). */
  src: string;
  /** The origin the CSP's frame-src must allow for this player, and nothing else. */
  origin: string;
  host: string;
}

/** The hosts whose players the hub will embed, with the one origin each player loads from. */
export const EMBED_ORIGINS = {
  youtube: 'https://www.youtube-nocookie.com',
  vimeo: 'https://player.vimeo.com',
} as const;

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{1,12}$/;

/** The embeddable player for a recording's address, or null (the link is then only a link). */
export function embedFor(raw: string): Embed | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\.|^m\./, '');
  const parts = url.pathname.split('/').filter(Boolean);
  let youtube: string | undefined;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    if (parts[0] === 'watch') youtube = url.searchParams.get('v') ?? undefined;
    else if ((parts[0] === 'embed' || parts[0] === 'live' || parts[0] === 'shorts') && parts.length === 2)
      youtube = parts[1];
  } else if (host === 'youtu.be' && parts.length === 1) {
    youtube = parts[0];
  }
  if (youtube !== undefined) {
    if (!YOUTUBE_ID.test(youtube)) return null;
    return {
      src: `${EMBED_ORIGINS.youtube}/embed/${youtube}`,
      origin: EMBED_ORIGINS.youtube,
      host: 'YouTube',
    };
  }
  let vimeo: string | undefined;
  if (host === 'vimeo.com' && parts.length === 1) vimeo = parts[0];
  else if (host === 'player.vimeo.com' && parts[0] === 'video' && parts.length === 2) vimeo = parts[1];
  if (vimeo !== undefined && VIMEO_ID.test(vimeo)) {
    // dnt=1: Vimeo's player sets no tracking cookies.
    return { src: `${EMBED_ORIGINS.vimeo}/video/${vimeo}?dnt=1`, origin: EMBED_ORIGINS.vimeo, host: 'Vimeo' };
  }
  return null;
}

/** Caption files accepted per recording, in bytes (a two-hour talk's captions are about 150 KB). */
export const CAPTION_MAX_BYTES = 512 * 1024;
/** Characters of a transcript (typed, or taken from the captions). */
export const TRANSCRIPT_MAX_CHARS = 200_000;

export type CaptionsResult = { ok: true; vtt: string; text: string } | { ok: false; error: string };

/**
 * Check an uploaded caption file: UTF-8, within the size limit, valid WebVTT (webvtt-parser, no errors at all)
 * with at least one cue. The transcript is the cues' text without markup, repeats of the same line dropped.
 */
export function readCaptions(bytes: Uint8Array): CaptionsResult {
  if (bytes.length > CAPTION_MAX_BYTES)
    return { ok: false, error: `The caption file is larger than ${CAPTION_MAX_BYTES / 1024} KB.` };
  let input: string;
  try {
    input = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: 'The caption file is not UTF-8 text. Save it as UTF-8 WebVTT (.vtt) and try again.' };
  }
  const { cues, errors } = new webvtt.WebVTTParser().parse(input, 'metadata');
  const first = errors[0];
  if (first) return { ok: false, error: `Not valid WebVTT: line ${first.line}: ${first.message}` };
  if (cues.length === 0) return { ok: false, error: 'The caption file holds no captions.' };
  const lines: string[] = [];
  for (const cue of cues) {
    const line = cueText(cue.text);
    if (line && line !== lines[lines.length - 1]) lines.push(line);
  }
  const text = lines.join('\n').slice(0, TRANSCRIPT_MAX_CHARS);
  if (!text) return { ok: false, error: 'The caption file holds no caption text.' };
  return { ok: true, vtt: input.replace(/^\uFEFF/, ''), text };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', lrm: '', rlm: '' };

/** A cue's text as plain words: voice and style tags gone, entities read, lines joined. */
function cueText(raw: string): string {
  return raw
    .replace(/<v(?:\.[^\s>]*)?\s+([^>]*)>/g, '$1: ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (_m, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
