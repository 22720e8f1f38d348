/** "Where this applies" for the reader: the notice on a page written for somewhere else, and the filter toggle. */

/** At the top of an article whose "where this applies" does not include the reader's own context. */
export function NotForYouNotice({
  writtenFor,
  yours,
  seeAlso,
}: {
  /** "academic libraries in the United States" */
  writtenFor: string;
  /** "public libraries in Canada", from the reader's profile */
  yours: string;
  /** Where the reader can find what applies to them, e.g. the article's topic filtered to their context. */
  seeAlso: { href: string; label: string };
}) {
  return (
    <div class="notice notice-warning context-notice" role="note" aria-labelledby="context-notice-title">
      <p class="notice-title" id="context-notice-title">
        Written for {writtenFor}
      </p>
      <p>
        Your profile says you work in {yours}, so parts of this may not apply to you. For {yours}, see{' '}
        <a href={seeAlso.href}>{seeAlso.label}</a>.
      </p>
    </div>
  );
}

/**
 * "Show what applies to me": a plain link that adds (or removes) `?fits=me`, so it works without JavaScript.
 * Shown only to members whose profile gives a library type, country or systems.
 */
export function FitsToggle({
  active,
  onHref,
  offHref,
  yours,
  hidden,
}: {
  active: boolean;
  onHref: string;
  offHref: string;
  yours: string;
  /** How many items the filter left out (when active). */
  hidden?: number | undefined;
}) {
  return (
    <p class="fits-toggle">
      {active ? (
        <>
          Showing what applies to {yours}
          {hidden ? ` (${hidden} more written for other libraries)` : ''}. <a href={offHref}>Show everything</a>
        </>
      ) : (
        <>
          <a href={onHref}>Show what applies to me</a> ({yours}, from your profile)
        </>
      )}
    </p>
  );
}
