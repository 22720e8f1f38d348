// Shared by the caller (strip.ts, main thread) and the task (strip-pdf.ts, a pool thread), so the main thread
// does not load the PDF library.

/** The worker-pool task that rewrites a PDF without its metadata (registered in src/worker.ts). */
export const STRIP_PDF_TASK = 'uploads:strip-pdf';

/** The bytes to store, or why the upload is refused (never the unstripped original). */
export type StripResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };
