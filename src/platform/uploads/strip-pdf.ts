// The worker-pool task that rewrites an uploaded PDF without its hidden metadata (registered in src/worker.ts;
// docs/decisions/034-uploads-stripped.md). pdf-lib is pure JavaScript; in a pool thread it is bounded by the
// pool's heap limit and the caller's time limit.
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFObject, PDFRef, PDFStream } from 'pdf-lib';
import type { StripResult } from './task';

export { STRIP_PDF_TASK } from './task';

const ENCRYPTED =
  'This PDF is password-protected or encrypted, so its hidden details cannot be removed and it was not stored. ' +
  'Save an unprotected copy and upload that.';
const UNREADABLE = 'This PDF could not be read, so it was not stored. Save or print it to a new PDF and upload that.';

/** Keys that hold personal details: XMP packets, application private data, and a markup annotation's author. */
const METADATA = PDFName.of('Metadata');
const PIECE_INFO = PDFName.of('PieceInfo');
const ANNOT_AUTHOR = PDFName.of('T');
const SUBTYPE = PDFName.of('Subtype');
const WIDGET = PDFName.of('Widget');
const ANNOTS = PDFName.of('Annots');

/**
 * Removes the document information dictionary (Author, Title, Subject, Keywords, Creator, Producer, dates),
 * every XMP /Metadata stream and /PieceInfo, and the author (/T) of comments, then writes a new file holding only
 * the objects still reachable from the catalogue: values from earlier revisions (incremental updates) and
 * orphaned objects are not carried over. Object streams are not used, so nothing hides in compressed objects.
 */
export async function stripPdf(input: Uint8Array): Promise<StripResult> {
  try {
    return await rewrite(input);
  } catch {
    return { ok: false, reason: UNREADABLE };
  }
}

async function rewrite(input: Uint8Array): Promise<StripResult> {
  // Loaded even when encrypted (pdf-lib's EncryptedPDFError does not survive `instanceof`), then refused here.
  const doc = await PDFDocument.load(input, {
    updateMetadata: false,
    ignoreEncryption: true,
    parseSpeed: Number.POSITIVE_INFINITY,
  });
  if (doc.isEncrypted) return { ok: false, reason: ENCRYPTED };
  // The page tree must be readable (a file with only a PDF header and junk fails here).
  doc.getPageCount();
  const context = doc.context;
  const info = context.trailerInfo.Info;
  context.trailerInfo.Info = undefined;
  if (info instanceof PDFRef) context.delete(info);

  // Walk what the catalogue reaches: strip metadata keys on the way, then drop everything not reached.
  const root = context.trailerInfo.Root;
  if (!root) return { ok: false, reason: UNREADABLE };
  const reached = new Set<string>();
  const stack: PDFObject[] = [root];
  while (stack.length > 0) {
    const object = stack.pop();
    if (object instanceof PDFRef) {
      if (reached.has(object.tag)) continue;
      reached.add(object.tag);
      const target = context.lookup(object);
      if (target) stack.push(target);
    } else if (object instanceof PDFDict || object instanceof PDFStream) {
      const dict = object instanceof PDFStream ? object.dict : object;
      dict.delete(METADATA);
      dict.delete(PIECE_INFO);
      // A page's comments: the /T of a markup annotation is its author's name (a widget's /T is a field name).
      if (dict.has(ANNOTS)) stripAnnotationAuthors(dict);
      for (const [, value] of dict.entries()) stack.push(value);
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) stack.push(value);
    }
  }
  for (const [ref] of context.enumerateIndirectObjects()) if (!reached.has(ref.tag)) context.delete(ref);

  const bytes = await doc.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
  return { ok: true, bytes };
}

function stripAnnotationAuthors(page: PDFDict): void {
  const annots = page.lookup(ANNOTS);
  if (!(annots instanceof PDFArray)) return;
  for (let i = 0; i < annots.size(); i++) {
    const annot = annots.lookup(i);
    if (annot instanceof PDFDict && annot.lookup(SUBTYPE) !== WIDGET) annot.delete(ANNOT_AUTHOR);
  }
}
