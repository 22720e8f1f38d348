import type { FieldErrors, FormValues } from '../../../platform/http/forms';
import { CsrfField, ErrorSummary, Notice } from '../../../platform/ui/components';
import { type CitationExercise, citationsUrl, citationUrl } from '../learning.citations';
import type { QuestionShown } from '../learning.models';
import { answerField, type QuestionResult } from '../learning.quiz';
import { Feedback, QuestionFields } from './quiz';

const FORM_LABEL = { citation: 'Citation', openurl: 'OpenURL' } as const;

/** The inspector's address for an OpenURL (its GET form takes the link as `url`). */
export const inspectorUrl = (openUrl: string) => `/tools/openurl?url=${encodeURIComponent(openUrl)}`;

export function CitationsIndexView({
  exercises,
}: {
  exercises: Array<Pick<CitationExercise, 'id' | 'title' | 'form'>>;
}) {
  return (
    <div class="page narrow-wide">
      <h1>Citation detective</h1>
      <p class="lead">
        Practise on citations and OpenURLs shaped like the ones patrons and link resolvers send: say what the item is,
        spot what is wrong or missing, and choose where you would look first. Every answer comes back with why.
      </p>
      <p>
        The works, authors and journals are invented for practice; the problems are the ones ILL staff meet every day.
        Nothing is timed and nothing is kept: try as often as you like.
      </p>
      {exercises.length === 0 ? (
        <p class="empty">No exercises yet.</p>
      ) : (
        <ol class="article-list">
          {exercises.map((e) => (
            <li>
              <a href={citationUrl(e.id)}>{e.title}</a> <span class="meta">({FORM_LABEL[e.form]})</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export interface CitationPageProps {
  exercise: Pick<CitationExercise, 'id' | 'title' | 'form' | 'text'>;
  position: { index: number; of: number };
  questions: QuestionShown[];
  /** For an OpenURL: what the inspector reads from it, labelled. */
  inspected: Array<{ label: string; value: string }> | undefined;
  next: Pick<CitationExercise, 'id' | 'title'> | undefined;
  csrfToken: string;
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
  results?: Map<string, QuestionResult> | undefined;
  outcome?: { score: number; questions: number } | undefined;
}

export function CitationPageView(props: CitationPageProps) {
  const { exercise, outcome } = props;
  return (
    <div class="page narrow-wide">
      <p class="meta">
        <a href={citationsUrl}>All citation exercises</a> · Exercise {props.position.index} of {props.position.of}
      </p>
      <h1>Citation detective: {exercise.title}</h1>
      <section aria-labelledby="citation-given">
        <h2 id="citation-given">
          {exercise.form === 'openurl' ? 'The OpenURL' : 'The citation, as the patron gave it'}
        </h2>
        <p class="break-anywhere" data-testid="citation-text">
          {exercise.form === 'openurl' ? <code>{exercise.text}</code> : exercise.text}
        </p>
      </section>
      {props.inspected ? (
        <section aria-labelledby="citation-inspected">
          <h2 id="citation-inspected">What the OpenURL says</h2>
          {props.inspected.length ? (
            <dl class="facts citation" data-testid="inspected">
              {props.inspected.map((f) => (
                <>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </>
              ))}
            </dl>
          ) : (
            <p>Nothing in it could be read as a citation.</p>
          )}
        </section>
      ) : null}
      {outcome ? (
        <div role="status">
          <Notice kind={outcome.score === outcome.questions ? 'success' : 'warning'} title="Your answers, checked">
            <p data-testid="score">
              You answered {outcome.score} of {outcome.questions} questions right. Read why under each question.
            </p>
          </Notice>
        </div>
      ) : null}
      <ErrorSummary errors={props.errors} />
      <form method="post" action={citationUrl(exercise.id)} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.questions.map((q, i) => {
          const name = answerField(q.id);
          const error = props.errors?.[name];
          const result = props.results?.get(q.id);
          return (
            <fieldset
              class={error ? 'field has-error' : 'field'}
              id={`f-${name}`}
              aria-describedby={`${name}-hint${error ? ` ${name}-error` : ''}`}
            >
              <legend>
                {i + 1}. {q.prompt}
              </legend>
              <p class="hint" id={`${name}-hint`}>
                {q.kind === 'multiple' ? 'Choose every answer that applies.' : 'Choose one answer.'}
              </p>
              {error ? (
                <p class="field-error" id={`${name}-error`}>
                  <span class="visually-hidden">Error: </span>
                  {error}
                </p>
              ) : null}
              <QuestionFields q={q} values={props.values} n={i + 1} />
              {result ? <Feedback result={result} articles={undefined} /> : null}
            </fieldset>
          );
        })}
        <div class="form-actions">
          <button type="submit">{outcome ? 'Check my answers again' : 'Check my answers'}</button>
        </div>
      </form>
      {outcome ? (
        <ul>
          {exercise.form === 'openurl' ? (
            <li>
              <a href={inspectorUrl(exercise.text)}>Open this OpenURL in the OpenURL inspector</a>
            </li>
          ) : null}
          <li>
            {props.next ? (
              <a href={citationUrl(props.next.id)}>Next exercise: {props.next.title}</a>
            ) : (
              <a href={citationsUrl}>Next exercise: back to the list (this was the last one)</a>
            )}
          </li>
        </ul>
      ) : null}
    </div>
  );
}
