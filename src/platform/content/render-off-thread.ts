import { AppError } from '../http/errors';
import { offload } from '../workers/shared';
import type { SafeHtml } from './markdown';

/** The worker task that runs renderMarkdown (registered in src/worker.ts). */
export const MARKDOWN_TASK = 'content.markdown';

/** Markdown rendered in the shared worker pool, stopped after `timeoutMs` (503 `http.took_too_long`). */
export function renderMarkdownOffThread(source: string, timeoutMs = 3_000): Promise<SafeHtml> {
  return offload<SafeHtml>(MARKDOWN_TASK, source, { timeoutMs });
}

/**
 * A save's render may take longer than a preview's: it happens once per
 * revision (a pathological 100 KB article takes under 2 s), and a text that
 * saved before must still save.
 */
export const SAVE_RENDER_TIMEOUT_MS = 10_000;

/** Markdown rendered ahead of a save, with the source it was rendered from. */
export interface Rendered {
  source: string;
  html: SafeHtml;
}

/**
 * Render once, at save time, without the event loop: the use case calls this
 * before its write transaction opens and hands the HTML to the repository
 * (docs/decisions/012-render-once.md). When the pool is busy this throws 503
 * `http.busy` (or `http.took_too_long`) before anything is written, and the
 * form is shown again with the text (see `isRenderRefusal`).
 */
export async function renderForSave(source: string): Promise<Rendered> {
  return { source, html: await renderMarkdownOffThread(source, SAVE_RENDER_TIMEOUT_MS) };
}

/** The HTML rendered ahead for exactly this source, if any (a text changed since is rendered again). */
export function renderedFor(source: string, rendered: Rendered | undefined): SafeHtml | undefined {
  return rendered && rendered.source === source ? rendered.html : undefined;
}

/**
 * A save refused before anything was written because its text could not be
 * rendered now (every worker busy, or the render overran): the route shows
 * the form again with the text, status 503 and Retry-After, so nothing typed is lost.
 */
export function isRenderRefusal(error: unknown): error is AppError {
  return (
    error instanceof AppError &&
    error.status === 503 &&
    (error.code === 'http.busy' || error.code === 'http.took_too_long')
  );
}

/** The sentence a re-shown form carries after such a refusal. */
export function refusalNote(error: AppError): string {
  return `Not saved yet: ${error.message} Your text is still in the form.`;
}
