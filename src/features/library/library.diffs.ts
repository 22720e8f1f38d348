import { offload } from '../../platform/workers/shared';
import { DIFF_TASK, type RenderedDiff } from './diff-task';
import { type ArticleContent, contentOf, type Revision } from './library.models';

type Compute = (before: ArticleContent, after: ArticleContent) => Promise<RenderedDiff>;

/** Roughly what a rendered diff holds in memory: its text, two bytes a character. */
export function diffWeight(diff: RenderedDiff): number {
  let chars = diff.rowsHtml.length;
  for (const f of diff.fields) chars += f.before.length + f.after.length + f.label.length + 32;
  return chars * 2;
}

/**
 * Comparisons by revision pair, computed once (off the event loop) and kept
 * while they fit: revisions never change, so an entry stays right until it is
 * evicted (least recently used first, by size). Requests for a pair already
 * being computed wait for that computation instead of starting another.
 */
export class DiffCache {
  private readonly entries = new Map<string, { diff: RenderedDiff; bytes: number }>();
  private readonly pending = new Map<string, Promise<RenderedDiff>>();
  private bytes = 0;
  /** Comparisons actually computed (not served from the cache). */
  computed = 0;

  constructor(
    private readonly compute: Compute,
    // Small: anonymous readers get the rendered page from the page cache; this spares recomputing for the others.
    private readonly maxBytes = 4 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async compare(from: Revision, to: Revision): Promise<RenderedDiff> {
    const key = `${from.id}:${to.id}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.diff;
    }
    const running = this.pending.get(key);
    if (running) return running;
    this.computed++;
    const promise = this.compute(contentOf(from), contentOf(to))
      .then((diff) => {
        this.store(key, diff);
        return diff;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, promise);
    return promise;
  }

  private store(key: string, diff: RenderedDiff): void {
    const bytes = diffWeight(diff);
    if (bytes > this.maxBytes / 4) return;
    this.entries.set(key, { diff, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }
}

const revisionDiffs = new DiffCache((before, after) => offload<RenderedDiff>(DIFF_TASK, { before, after }));

/** The comparison of two revisions for the diff page: bounded (see DIFF_LIMITS), computed and rendered in a worker thread, cached per pair. */
export function compareRevisions(from: Revision, to: Revision): Promise<RenderedDiff> {
  return revisionDiffs.compare(from, to);
}

/** Any two versions (an edit conflict, a suggested edit): bounded and in a worker thread; not cached, as one side may be unsaved. */
export function compareContents(before: ArticleContent, after: ArticleContent): Promise<RenderedDiff> {
  return offload<RenderedDiff>(DIFF_TASK, { before, after });
}
