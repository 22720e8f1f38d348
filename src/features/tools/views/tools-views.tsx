import { CsrfField, Notice, TextArea } from '../../../platform/ui/components';
import { formatBytes } from '../../../platform/http/errors';
import {
  type Finding,
  ISO18626_LIMITS,
  MESSAGE_TYPES,
  messageTypeLabel,
  type ValidationReport,
} from '../iso18626/iso18626.models';
import type { OpenUrlInspection } from '../openurl/openurl';
import { OPENURL_LIMITS } from '../openurl/openurl';
import { TOOLS } from '../tools.models';

/** The library's starter guide to the standards these tools check. */
const BACKGROUND_ARTICLE = '/articles/iso-18626-ncip-openurl-explained';

export function ToolsIndexPage() {
  return (
    <article class="tools">
      <h1>Tools</h1>
      <p>
        Small checkers for the standards interlibrary loan runs on. They work in any browser, with or without scripts,
        and keep nothing you paste.
      </p>
      <ul class="tool-list">
        {TOOLS.map((t) => (
          <li>
            <h2>
              <a href={t.path}>{t.title}</a>
            </h2>
            <p>{t.summary}</p>
          </li>
        ))}
      </ul>
      <p>
        New to the standards? Read <a href={BACKGROUND_ARTICLE}>ISO 18626, NCIP and OpenURL explained</a> first.
      </p>
    </article>
  );
}

function FindingList({ findings, severity }: { findings: Finding[]; severity: Finding['severity'] }) {
  const list = findings.filter((f) => f.severity === severity);
  if (list.length === 0) return null;
  const heading = severity === 'error' ? 'Errors' : 'Warnings';
  return (
    <section aria-labelledby={`findings-${severity}`}>
      <h3 id={`findings-${severity}`}>
        {heading} ({list.length})
      </h3>
      <ul class="findings">
        {list.map((f) => (
          <li>
            {f.line !== undefined ? <strong>Line {f.line}: </strong> : null}
            {f.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The message with line numbers, in a region of its own that scrolls sideways (long lines stay inside it). */
function NumberedMessage({ xml, findings }: { xml: string; findings: Finding[] }) {
  const marked = new Set(findings.map((f) => f.line));
  const lines = xml.split('\n').slice(0, 5000);
  const width = String(lines.length).length;
  return (
    <pre class="numbered-xml" tabindex={0} role="region" aria-label="Your message, with line numbers">
      {lines.map((l, i) => `${marked.has(i + 1) ? '»' : ' '}${String(i + 1).padStart(width, ' ')}  ${l}\n`).join('')}
    </pre>
  );
}

export interface Iso18626PageProps {
  csrfToken: string;
  xml: string;
  report: ValidationReport | undefined;
  /** A refusal shown above the form (too large, busy…). */
  refusal?: string | undefined;
}

export function Iso18626Page(props: Iso18626PageProps) {
  const { report } = props;
  const errors = report?.findings.filter((f) => f.severity === 'error').length ?? 0;
  return (
    <article class="tools">
      <h1>ISO 18626 message checker</h1>
      <p>
        Paste an ISO 18626 (version 1.2) message or choose a file. It is checked against the official XML schema, then
        for meaning: the fields a message of its type needs, and values that contradict each other. Nothing you send is
        kept.
      </p>
      {props.refusal ? (
        <div class="error-summary" role="alert">
          <h2>Not checked</h2>
          <p>{props.refusal}</p>
        </div>
      ) : null}
      {report ? (
        <section class="tool-result" aria-labelledby="result-title">
          <h2 id="result-title">
            {errors > 0
              ? `Not valid: ${errors} error${errors === 1 ? '' : 's'}`
              : `Valid${report.messageType ? `: ${messageTypeLabel(report.messageType)}` : ''}`}
          </h2>
          <p>
            {report.schemaValid
              ? 'The message passes the ISO 18626 v1.2 schema.'
              : 'The message does not pass the ISO 18626 v1.2 schema, so its meaning was not checked yet.'}
            {report.messageType ? ` Message type: ${messageTypeLabel(report.messageType)}.` : ''}
          </p>
          <FindingList findings={report.findings} severity="error" />
          <FindingList findings={report.findings} severity="warning" />
          {props.xml ? <NumberedMessage xml={props.xml} findings={report.findings} /> : null}
        </section>
      ) : null}
      <form method="post" action="/tools/iso18626" enctype="multipart/form-data" class="stack">
        <CsrfField token={props.csrfToken} />
        <TextArea
          name="xml"
          label="Message"
          hint={`Up to ${formatBytes(ISO18626_LIMITS.maxBytes)}. Use the examples below as a starting point.`}
          rows={14}
          maxLength={ISO18626_LIMITS.maxBytes}
          showLimit={false}
          value={props.xml}
          class="monospace"
        />
        <div class="field">
          <label for="f-file">Or choose a file</label>
          <input id="f-file" type="file" name="file" accept=".xml,text/xml,application/xml" />
        </div>
        <button type="submit">Check the message</button>
      </form>
      <section aria-labelledby="examples-title">
        <h2 id="examples-title">Example messages</h2>
        <p>Each example is valid and fills the form above, ready to change and check.</p>
        <ul>
          {MESSAGE_TYPES.map((t) => (
            <li>
              <a href={`/tools/iso18626?example=${t.element}`}>{t.label}</a>: sent by the {t.from}; {t.purpose}.
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

export function OpenUrlPage({ input, result }: { input: string; result: OpenUrlInspection | undefined }) {
  return (
    <article class="tools">
      <h1>OpenURL inspector</h1>
      <p>
        Paste an OpenURL (version 1.0 with <code>rft.</code> keys, or the older 0.1 with <code>genre=</code> and{' '}
        <code>title=</code>) to see what it describes, what a lender would miss, and a clean version of the link.
      </p>
      <form method="get" action="/tools/openurl" class="stack">
        <TextArea
          name="url"
          label="OpenURL"
          required
          hint={`The whole link, or only the part after “?”. Up to ${OPENURL_LIMITS.maxChars.toLocaleString('en')} characters.`}
          rows={5}
          maxLength={OPENURL_LIMITS.maxChars}
          showLimit={false}
          value={input}
          class="monospace"
        />
        <button type="submit">Inspect</button>
      </form>
      <p>
        <a href="/learning/citations">Practise with the citation detective</a>: exercises on citations and OpenURLs with
        what is wrong or missing.
      </p>
      {result ? (
        <section class="tool-result" aria-labelledby="openurl-result">
          <h2 id="openurl-result">What the link describes</h2>
          <p>
            OpenURL version: {result.version === 'unknown' ? 'not recognised' : result.version}.
            {result.base ? ` It points at ${result.base}.` : ' It has no resolver address.'}
          </p>
          {result.fields.length ? (
            <dl class="facts citation">
              {result.fields.map((f) => (
                <>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </>
              ))}
            </dl>
          ) : (
            <p>Nothing could be read as a citation.</p>
          )}
          <h2>Missing or malformed</h2>
          {result.problems.length ? (
            <ul class="findings">
              {result.problems.map((p) => (
                <li>
                  <strong>{p.severity === 'error' ? 'Problem: ' : 'Check: '}</strong>
                  {p.message}
                </li>
              ))}
            </ul>
          ) : (
            <p>Nothing missing: a lender has what it needs.</p>
          )}
          {result.repairs.length ? (
            <Notice title="Mended while reading">
              <ul>
                {result.repairs.map((r) => (
                  <li>{r}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
          <h2>Clean link</h2>
          <p>The same citation as an OpenURL 1.0 link, with empty and unknown keys left out:</p>
          <pre tabindex={0} role="region" aria-label="Clean OpenURL" class="numbered-xml">
            {result.normalised}
          </pre>
          {result.otherForms.length ? (
            <>
              <h2>The same item elsewhere</h2>
              <ul>
                {result.otherForms.map((f) => (
                  <li>
                    <a href={f.url} rel="noopener noreferrer">
                      {f.label}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <details>
            <summary>Every key as read ({result.pairs.length})</summary>
            <div class="table-wrap" tabindex={0} role="region" aria-label="Every key as read">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {result.pairs.map((p) => (
                    <tr>
                      <td>
                        <code>{p.key}</code>
                      </td>
                      <td>{p.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </section>
      ) : null}
    </article>
  );
}
