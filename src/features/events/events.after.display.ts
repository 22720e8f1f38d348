import type { Transcript } from './events.after.repository';
import { type EventLink, eventUrl } from './events.models';
import { type Embed, embedFor } from './events.recordings';

/** A recording as the event page shows it. */
export interface RecordingView {
  id: number;
  title: string;
  url: string;
  /** The host whose player the hub can show (YouTube, Vimeo), else undefined: a plain link. */
  host: string | undefined;
  /** The address that shows the player (the reader's click), when the host is allow-listed. */
  playHref: string | undefined;
  /** The player's address, only on the response that shows it. */
  playerSrc: string | undefined;
  transcript: Transcript | undefined;
  captionsHref: string | undefined;
}

/**
 * Recordings for the page: links only, unless `play` names an allow-listed one, whose player (and the origin the
 * CSP must allow for it) is returned. Nothing from a video host is in the page before that.
 */
export function recordingViews(
  eventId: number,
  links: EventLink[],
  transcripts: Transcript[],
  play: string | undefined,
): { views: RecordingView[]; playing: Embed | undefined } {
  const byLink = new Map(transcripts.map((t) => [t.linkId, t]));
  let playing: Embed | undefined;
  const views = links
    .filter((l) => l.kind === 'recording')
    .map((l) => {
      const embed = embedFor(l.url);
      const shown = embed !== null && play === String(l.id);
      if (shown) playing = embed;
      const transcript = byLink.get(l.id);
      return {
        id: l.id,
        title: l.title,
        url: l.url,
        host: embed?.host,
        playHref: embed ? `${eventUrl(eventId)}?play=${l.id}#recording-${l.id}` : undefined,
        playerSrc: shown ? embed.src : undefined,
        transcript,
        captionsHref: transcript?.hasCaptions ? `${eventUrl(eventId)}/recordings/${l.id}/captions.vtt` : undefined,
      };
    });
  return { views, playing };
}

export function eventFileUrl(eventId: number, file: { id: string; filename: string }): string {
  return `${eventUrl(eventId)}/files/${file.id}/${encodeURIComponent(file.filename)}`;
}
