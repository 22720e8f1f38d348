import type { SynonymRevision } from '../../../platform/search/synonyms';
import { CsrfField } from '../../../platform/ui/components';

export interface SynonymsPageProps {
  yaml: string;
  note: string;
  entries: number;
  revisions: Omit<SynonymRevision, 'yaml'>[];
  canEdit: boolean;
  csrfToken: string;
  error?: string | undefined;
  /** A past revision shown read-only. */
  viewing?: SynonymRevision | undefined;
}

const date = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');

/** The search dictionary: synonyms, acronyms and spelling variants applied to every search, with its history. */
export function SynonymsPage(props: SynonymsPageProps) {
  return (
    <div class="stack">
      <h1>Search dictionary</h1>
      <p>
        Each entry lists terms that searchers mean alike: a search for any of them finds the others. Write acronyms in
        capitals (they are matched as written), and give every entry a <code>source</code> or a <code>reason</code>.{' '}
        {props.entries} entries apply now.
      </p>
      {props.viewing ? (
        <section aria-labelledby="viewing-heading">
          <h2 id="viewing-heading">
            Revision {props.viewing.id} ({date(props.viewing.createdAt)})
          </h2>
          {props.viewing.note ? <p>{props.viewing.note}</p> : null}
          <pre class="synonyms-yaml">{props.viewing.yaml}</pre>
          <p>
            <a href="/search/synonyms">Back to the current dictionary</a>
          </p>
        </section>
      ) : props.canEdit ? (
        <form method="post" action="/search/synonyms" class="stack">
          <CsrfField token={props.csrfToken} />
          {props.error ? (
            <p role="alert" id="yaml-error" class="error">
              {props.error}
            </p>
          ) : null}
          <label for="yaml">Dictionary (YAML)</label>
          <textarea
            id="yaml"
            name="yaml"
            rows={24}
            spellcheck={false}
            class="synonyms-editor"
            aria-describedby={props.error ? 'yaml-error' : undefined}
          >
            {props.yaml}
          </textarea>
          <label for="note">What changed (optional)</label>
          <input id="note" name="note" maxlength={200} value={props.note} />
          <button type="submit">Save a new revision</button>
        </form>
      ) : (
        <pre class="synonyms-yaml">{props.yaml}</pre>
      )}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {props.revisions.length === 0 ? (
          <p>No edits yet: the dictionary shipped with the hub (content/search/synonyms.yaml) applies.</p>
        ) : (
          <ul>
            {props.revisions.map((r) => (
              <li>
                <a href={`/search/synonyms/revisions/${r.id}`}>Revision {r.id}</a>, {date(r.createdAt)}
                {r.note ? `: ${r.note}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
