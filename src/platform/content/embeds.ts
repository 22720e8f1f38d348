/**
 * The hosts whose players the hub will embed, in one place for every feature (events' recordings, learning's video
 * and audio lessons). A player is shown only once the reader asks for it, on a response whose CSP allows just that
 * player's origin in frame-src (`contentSecurityPolicyWithFrames`); before that nothing is fetched from the host.
 * The player's address is built from the id parsed out of the given URL, never copied from it.
 */
export interface Embed {
  /** The player's address (privacy-enhanced where the host offers it). */
  src: string;
  /** The origin the CSP's frame-src must allow for this player, and nothing else. */
  origin: string;
  /** The host's name as readers know it ("YouTube"). */
  host: string;
}

/** The one origin each allow-listed host's player loads from. */
export const EMBED_ORIGINS = {
  youtube: 'https://www.youtube-nocookie.com',
  vimeo: 'https://player.vimeo.com',
  archive: 'https://archive.org',
} as const;

/** The allow-listed hosts, named for messages ("media.url must be on YouTube, Vimeo or the Internet Archive"). */
export const EMBED_HOST_NAMES = 'YouTube, Vimeo or the Internet Archive (archive.org)';

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{1,12}$/;
/** An Internet Archive item identifier. */
const ARCHIVE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function youtubeId(host: string, url: URL, parts: string[]): string | undefined {
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    if (parts[0] === 'watch') return url.searchParams.get('v') ?? undefined;
    if ((parts[0] === 'embed' || parts[0] === 'live' || parts[0] === 'shorts') && parts.length === 2) return parts[1];
  } else if (host === 'youtu.be' && parts.length === 1) {
    return parts[0];
  }
  return undefined;
}

/** The embeddable player for a media address on an allow-listed host, or null (the link is then only a link). */
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
  const youtube = youtubeId(host, url, parts);
  if (youtube !== undefined) {
    if (!YOUTUBE_ID.test(youtube)) return null;
    return { src: `${EMBED_ORIGINS.youtube}/embed/${youtube}`, origin: EMBED_ORIGINS.youtube, host: 'YouTube' };
  }
  let vimeo: string | undefined;
  if (host === 'vimeo.com' && parts.length === 1) vimeo = parts[0];
  else if (host === 'player.vimeo.com' && parts[0] === 'video' && parts.length === 2) vimeo = parts[1];
  if (vimeo !== undefined && VIMEO_ID.test(vimeo)) {
    // dnt=1: Vimeo's player sets no tracking cookies.
    return { src: `${EMBED_ORIGINS.vimeo}/video/${vimeo}?dnt=1`, origin: EMBED_ORIGINS.vimeo, host: 'Vimeo' };
  }
  if (host === 'archive.org' && (parts[0] === 'details' || parts[0] === 'embed') && parts.length === 2) {
    const id = parts[1]!;
    if (ARCHIVE_ID.test(id))
      return {
        src: `${EMBED_ORIGINS.archive}/embed/${id}`,
        origin: EMBED_ORIGINS.archive,
        host: 'the Internet Archive',
      };
  }
  return null;
}
