import type { AppError } from '../http/errors';

export function ErrorView({ error, requestId }: { error: AppError; requestId: string }) {
  const title = error.details.title ?? 'Something went wrong';
  return (
    <article class="error-page">
      <h1>{title}</h1>
      <p class="lead">{error.message}</p>
      {error.details.help ? <p>{error.details.help}</p> : null}
      {error.status === 401 ? (
        <p>
          <a class="button" href="/sign-in">
            Sign in
          </a>{' '}
          or <a href="/sign-up">create a free account</a>.
        </p>
      ) : null}
      {error.status === 404 ? <NotFoundHelp /> : null}
      {error.status === 403 ? (
        <p>
          If you think you should be able to do this, ask an administrator of the hub to check your role. You can still{' '}
          <a href="/">go to the home page</a> or <a href="/search">search the hub</a>.
        </p>
      ) : null}
      {error.status >= 500 ? <ServerErrorHelp requestId={requestId} /> : null}
      <p class="error-code">
        Error code: <code>{error.code}</code>
      </p>
    </article>
  );
}

function NotFoundHelp() {
  return (
    <>
      <form class="search-panel" role="search" action="/search" method="get">
        <label for="notfound-q">Search for what you were looking for</label>
        <div class="search-row">
          <input id="notfound-q" type="search" name="q" maxlength={200} />
          <button type="submit">Search the hub</button>
        </div>
      </form>
      <p>
        Or start from <a href="/">the home page</a>, <a href="/topics">browse the topics</a> or{' '}
        <a href="/glossary">look a term up in the glossary</a>.
      </p>
    </>
  );
}

function ServerErrorHelp({ requestId }: { requestId: string }) {
  return (
    <>
      <p>
        Nothing you did caused this, and nothing you submitted was half-saved. Please try again in a moment. If it keeps
        happening, tell the hub's administrators and quote this reference:
      </p>
      <p class="request-id">
        Reference: <code>{requestId}</code>
      </p>
    </>
  );
}
