import { Notice } from '../../../platform/ui/components';

/** The page an unsubscribe link opens. Its form needs no session: the address's token is the authority. */
export function UnsubscribePage({ action, token, done }: { action: string; token: string; done: boolean }) {
  return (
    <div class="narrow">
      <h1>Unsubscribe</h1>
      {done ? (
        <Notice kind="success" title="Done">
          <p>{action}</p>
        </Notice>
      ) : (
        <>
          <p>{action}</p>
          <form method="post" action={`/unsubscribe/${token}`}>
            <button type="submit">Unsubscribe</button>
          </form>
        </>
      )}
      <p>
        You can change every email setting, or undo this, on your{' '}
        <a href="/notifications/preferences">preferences page</a> (sign in first).
      </p>
    </div>
  );
}
