import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../src/platform/events/types';

/**
 * Whether an event changes public pages is looked up by its type (src/platform/events/types.ts). The compiler
 * checks every literal passed to recordEvent; this also catches types built in helpers and read by listeners,
 * and keeps the table free of types nothing records.
 */
const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const NAMESPACES = new Set(Object.keys(EVENT_TYPES).map((type) => type.split('.')[0]));
/** Lines that name an event type: a recordEvent call, a helper that records one, a listener comparing types. */
const EVENT_CONTEXT = /recordEvent\(|groupEvent\(|\bevent\(|\btype\b\s*(:|=|===)|\bevent:|\.type\s*===/;
const LITERAL = /'([a-z_]+(?:\.[a-z_]+)+)'/g;
/** Recorded through template literals (`${byModerator ? 'moderation' : 'forum'}.answer.…`, `handover.${status}`). */
const BUILT_BY_TEMPLATE = [
  'forum.answer.accepted',
  'forum.answer.unaccepted',
  'moderation.answer.accepted',
  'moderation.answer.unaccepted',
  'handover.declined',
  'handover.cancelled',
];

function eventTypesNamed(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(join(root, 'src'))) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!EVENT_CONTEXT.test(line)) continue;
      for (const [, literal] of line.matchAll(LITERAL)) {
        if (literal && NAMESPACES.has(literal.split('.')[0]!)) found.set(literal, relative(root, file));
      }
    }
  }
  return found;
}

describe('event types', () => {
  const named = eventTypesNamed();

  it('lists every event type the code records or listens for', () => {
    const missing = [...named]
      .filter(([type]) => !Object.hasOwn(EVENT_TYPES, type))
      .map(([type, file]) => `${type} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists no type that nothing records', () => {
    const unused = Object.keys(EVENT_TYPES).filter((type) => !named.has(type) && !BUILT_BY_TEMPLATE.includes(type));
    expect(unused).toEqual([]);
  });

  it('finds the types chosen in code, so the scan is not looking at nothing', () => {
    for (const type of [
      'forum.post.held',
      'profile.renamed',
      'moderation.post.approved',
      'stewardship.assigned',
      'user.signed_out',
    ]) {
      expect(named.has(type), type).toBe(true);
    }
  });

  it('says that uploads and article changes change public pages, and sign-ins and private messages do not', () => {
    expect(EVENT_TYPES['attachment.uploaded']).toBe(true);
    expect(EVENT_TYPES['article.revised']).toBe(true);
    expect(EVENT_TYPES['forum.post.created']).toBe(true);
    expect(EVENT_TYPES['forum.post.held']).toBe(false);
    expect(EVENT_TYPES['user.signed_in']).toBe(false);
    expect(EVENT_TYPES['message.sent']).toBe(false);
  });
});
