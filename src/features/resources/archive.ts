import https from 'node:https';
import { publicOnlyLookup } from '../../platform/net/public-address';

/** An archived copy of a page: where to read it and when it was captured (YYYYMMDDhhmmss). */
export interface ArchivedCopy {
  url: string;
  timestamp: string;
}

/** The one small interface the link checker uses to find an archived copy of a dead link (tests pass a fake). */
export interface ArchiveLookup {
  closest(url: string): Promise<ArchivedCopy | null>;
}

/** Answers nothing: for hubs that must not call out (and for tests that do not care). */
export const noArchive: ArchiveLookup = { closest: async () => null };

const WAYBACK = 'https://archive.org/wayback/available';
const MAX_ANSWER_BYTES = 32 * 1024;

/** Read the Wayback Machine availability API's answer; anything unexpected reads as "no copy". */
export function parseWaybackAnswer(text: string): ArchivedCopy | null {
  try {
    const closest = (JSON.parse(text) as { archived_snapshots?: { closest?: Record<string, unknown> } })
      .archived_snapshots?.closest;
    if (closest?.available !== true || typeof closest.url !== 'string') return null;
    const url = new URL(closest.url);
    if (url.hostname !== 'web.archive.org') return null;
    url.protocol = 'https:';
    return { url: url.href, timestamp: typeof closest.timestamp === 'string' ? closest.timestamp : '' };
  } catch {
    return null;
  }
}

/** The Internet Archive's availability API (public addresses only, a short deadline, a small answer). */
export function waybackLookup(options: { timeoutMs?: number } = {}): ArchiveLookup {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    closest: (target) =>
      new Promise((resolve) => {
        const req = https.get(
          `${WAYBACK}?url=${encodeURIComponent(target)}`,
          { lookup: publicOnlyLookup, agent: false, headers: { accept: 'application/json' } },
          (res) => {
            if (res.statusCode !== 200) {
              res.destroy();
              return resolve(null);
            }
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
              if (text.length > MAX_ANSWER_BYTES) res.destroy();
            });
            res.on('end', () => resolve(parseWaybackAnswer(text)));
            res.on('error', () => resolve(null));
            res.on('close', () => resolve(parseWaybackAnswer(text)));
          },
        );
        req.setTimeout(timeoutMs, () => req.destroy());
        req.on('error', () => resolve(null));
      }),
  };
}

/** "20130919044612" → "19 September 2013". */
export function archiveDate(timestamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(timestamp);
  if (!m) return '';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
