import { WORKING_HOURS } from './people.models';

/**
 * Time zones and "who is awake now", with Intl (never the server's own zone).
 * Formatters are costly to build, so each zone's is made once.
 */

let zoneList: string[] | undefined;
let zoneSet: Set<string> | undefined;

/** Every IANA zone this runtime knows, plus UTC. */
export function timeZones(): string[] {
  zoneList ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
  return zoneList;
}

/**
 * Every zone grouped by the part of its name before "/" ("America",
 * "Europe"…; zones without one, such as UTC, under "Other"), groups and zones
 * in alphabetical order, with `first` (the person's saved zone) set apart to be
 * listed before them.
 */
export function groupedTimeZones(
  first = '',
  zones: readonly string[] = timeZones(),
): { first?: string; groups: Array<{ label: string; zones: string[] }> } {
  const groups = new Map<string, string[]>();
  for (const zone of zones) {
    const slash = zone.indexOf('/');
    const label = slash > 0 ? zone.slice(0, slash) : 'Other';
    const list = groups.get(label);
    if (list) list.push(zone);
    else groups.set(label, [zone]);
  }
  const sorted = [...groups]
    .sort(([a], [b]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : a.localeCompare(b, 'en')))
    .map(([label, list]) => ({ label, zones: [...list].sort() }));
  return first && zones.includes(first) ? { first, groups: sorted } : { groups: sorted };
}

/** The canonical name of a zone ("US/Eastern" → "America/New_York"), or undefined when Intl does not know it. */
export function canonicalTimeZone(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > 64) return undefined;
  try {
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
    zoneSet ??= new Set(timeZones());
    return zoneSet.has(zone) ? zone : undefined;
  } catch {
    return undefined;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  return f;
}

/** Hour and minute in `zone` at `at`. */
export function localTime(zone: string, at: Date): { hour: number; minute: number } {
  const parts = formatter(zone).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return { hour: hour === 24 ? 0 : hour, minute };
}

export function isWorkingHours(zone: string, at: Date): boolean {
  const { hour } = localTime(zone, at);
  return hour >= WORKING_HOURS.from && hour < WORKING_HOURS.to;
}

/** "14:05" */
export function formatLocalTime(zone: string, at: Date): string {
  const { hour, minute } = localTime(zone, at);
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

let awakeMemo: { minute: number; zones: string[] } | undefined;

/** Zones where it is working hours at `at` (computed once per minute of the clock). */
export function zonesInWorkingHours(at: Date): string[] {
  const minute = Math.floor(at.getTime() / 60_000);
  if (awakeMemo?.minute === minute) return awakeMemo.zones;
  const zones = timeZones().filter((z) => isWorkingHours(z, at));
  awakeMemo = { minute, zones };
  return zones;
}
