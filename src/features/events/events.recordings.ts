import webvtt from 'webvtt-parser';

/**
 * Recordings after an event: links to where they are hosted, played in the page only from allow-listed hosts and
 * only once the reader asks (a second page, `?play=<id>`), so nothing is requested from a video host before that.
 * The response that shows the player widens the CSP's frame-src to that one host (see docs/security.md).
 */
// The allow-listed hosts live in one place for every feature that embeds a player.
export { type Embed, EMBED_ORIGINS, embedFor } from '../../platform/content/embeds';

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
