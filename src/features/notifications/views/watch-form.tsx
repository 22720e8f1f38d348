import { CsrfField } from '../../../platform/ui/components';
import { type Delivery, DELIVERIES, DELIVERY_LABELS, type WatchItem, type WatchTarget } from '../notifications.models';

const NOUN: Record<WatchTarget, string> = {
  thread: 'thread',
  category: 'category',
  topic: 'topic',
  article: 'article',
};

export interface WatchFormProps {
  targetType: WatchTarget;
  targetId: string;
  /** The person's watch of this target, if any. */
  current: Pick<WatchItem, 'delivery' | 'muted'> | undefined;
  /** Preselected for a new watch: the person's default delivery. */
  defaultDelivery: Delivery;
  csrfToken: string;
  /** Where to come back to after the change (a same-site path). */
  next: string;
}

/**
 * The watch control for a thread, category, topic or article page: watch with
 * a choice of how to hear, change it, stop, and (threads) mute or unmute.
 */
export function WatchForm(props: WatchFormProps) {
  const { targetType, targetId, current, csrfToken, next } = props;
  const noun = NOUN[targetType];
  const id = `watch-${targetType}-${targetId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const hidden = (
    <>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="targetType" value={targetType} />
      <input type="hidden" name="targetId" value={targetId} />
      <input type="hidden" name="next" value={next} />
    </>
  );
  if (current?.muted) {
    return (
      <div class="watch-control" id={id}>
        <p class="watch-status">You muted this {noun}: you hear nothing about it.</p>
        <form method="post" action="/watch/mute" class="inline-form">
          {hidden}
          <input type="hidden" name="muted" value="false" />
          <button type="submit" class="secondary">
            Unmute this {noun}
          </button>
        </form>
      </div>
    );
  }
  const selected = current?.delivery ?? props.defaultDelivery;
  return (
    <div class="watch-control" id={id}>
      {current ? (
        <p class="watch-status">
          You are watching this {noun} ({DELIVERY_LABELS[current.delivery].toLowerCase()}).
        </p>
      ) : null}
      <form method="post" action="/watch" class="watch-form">
        {hidden}
        <label for={`${id}-delivery`}>{current ? 'How to hear' : `Watch this ${noun}`}</label>
        <select id={`${id}-delivery`} name="delivery">
          {DELIVERIES.map((d) => (
            <option value={d} selected={d === selected}>
              {DELIVERY_LABELS[d]}
            </option>
          ))}
        </select>
        <button type="submit">{current ? 'Save' : `Watch this ${noun}`}</button>
      </form>
      {current ? (
        <form method="post" action="/watch/remove" class="inline-form">
          {hidden}
          <button type="submit" class="secondary">
            Stop watching
          </button>
        </form>
      ) : null}
      {targetType === 'thread' ? (
        <form method="post" action="/watch/mute" class="inline-form">
          {hidden}
          <input type="hidden" name="muted" value="true" />
          <button type="submit" class="secondary">
            Mute this thread
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** For anonymous readers: the same for all of them, so cached pages stay shareable. */
export function WatchSignIn({ targetType, next }: { targetType: WatchTarget; next: string }) {
  return (
    <p class="watch-control">
      <a href={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in to watch this {NOUN[targetType]}</a>
    </p>
  );
}
