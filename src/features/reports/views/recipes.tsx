/** Report recipes: the list and one recipe. Views take props and never query (docs/decisions/047). */
import type { SafeHtml } from '../../../platform/content/markdown';
import { storedHtml } from '../../../platform/content/stored-html';
import { Html } from '../../../platform/content/SafeHtml';
import { CsrfField, Notice } from '../../../platform/ui/components';
import { type Recipe, recipeUrl } from '../reports.recipes.models';
import { ReviewDates } from './compose-views';

export function RecipeListPage({ recipes }: { recipes: Recipe[] }) {
  return (
    <>
      <h1>Report recipes</h1>
      <p>
        Step-by-step guides to reporting one thing to one audience: which figures to take from your ILL system, how to
        check them, how to present them and what to ask for. They use the hub’s measures (see{' '}
        <a href="/reports">Reports</a>) and link to the articles behind them. For finished reports other libraries made,
        see the <a href="/reports/examples">report examples</a>.
      </p>
      {recipes.length === 0 ? (
        <p>No recipes yet.</p>
      ) : (
        <ul>
          {recipes.map((r) => (
            <li>
              <h2>
                <a href={recipeUrl(r.slug)}>{r.title}</a>
              </h2>
              <p>{r.summary}</p>
              <p class="muted">
                For: {r.audience}. {r.steps.length} steps.
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * One recipe. The page is cached for anonymous readers, so it shows the review dates without "overdue" (which
 * depends on today); the content-health pages list the overdue ones. Editors and administrators see "Mark reviewed".
 */
export function RecipePage(props: {
  recipe: Recipe;
  group: { name: string; slug: string } | null;
  review?: { csrfToken: string; overdue: boolean };
  notice?: string;
}) {
  const { recipe } = props;
  return (
    <article>
      <h1>{recipe.title}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <p>{recipe.summary}</p>
      <p class="muted">
        A report recipe. For: {recipe.audience}.
        {props.group ? (
          <>
            {' '}
            Maintained by <a href={`/groups/${props.group.slug}`}>{props.group.name}</a>.
          </>
        ) : null}
      </p>
      <ReviewDates
        lastReviewedAt={recipe.lastReviewedAt}
        reviewDue={recipe.reviewDue}
        overdue={props.review?.overdue ?? false}
      />
      {props.review ? (
        <form method="post" action={`${recipeUrl(recipe.slug)}/reviewed`}>
          <CsrfField token={props.review.csrfToken} />
          <button type="submit">Mark reviewed: the steps and links still hold</button>
        </form>
      ) : null}
      <nav aria-labelledby="recipe-steps">
        <h2 id="recipe-steps">Steps</h2>
        <ol>
          {recipe.steps.map((s) => (
            <li>{s}</li>
          ))}
        </ol>
      </nav>
      <div class="prose">
        <Html html={storedHtml(recipe.bodyHtml as SafeHtml | null, recipe.body)} />
      </div>
      <p>
        <a href="/reports/recipes">All report recipes</a>
      </p>
    </article>
  );
}
