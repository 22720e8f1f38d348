// Event times in the browser's time zone, for readers whose profile names none: the server writes each event's own
// time in <time data-local data-zone data-end> elements; this rewrites their text into the browser's zone and keeps
// the event's own time beside it. Without this script (or when the zones agree) the page is left as it is.
import { nameLocaleOf, rewriteOf, zoneNoteText } from './lib/local-time';

let zone: string | undefined;
try {
  zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
} catch {
  zone = undefined;
}
const nameLocale = nameLocaleOf(navigator.languages);

let changed = 0;
for (const time of document.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
  const rewrite = rewriteOf(
    { datetime: time.dateTime, end: time.dataset.end, zone: time.dataset.zone, text: time.textContent ?? '' },
    zone,
    nameLocale,
  );
  if (!rewrite) continue;
  time.textContent = rewrite.text;
  const own = document.createElement('span');
  own.className = 'own-time';
  own.textContent = ` · event’s own time: ${rewrite.own}`;
  time.after(own);
  // Marked once: a second run (a page restored from the back-forward cache keeps its DOM) changes nothing.
  delete time.dataset.local;
  changed++;
}

if (changed && zone)
  for (const note of document.querySelectorAll<HTMLElement>('[data-local-note]')) note.textContent = zoneNoteText(zone);
