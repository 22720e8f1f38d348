// Live updates on an open thread: new replies appear without a reload.
// The server sends each reply already rendered (the same renderer and
// sanitiser as the page) over Server-Sent Events. Without this script, or
// without EventSource, the thread works the same; a reload shows new replies.
interface LivePost {
  id: number;
  number: number;
  author: string;
  html: string;
}

const list = document.querySelector<HTMLOListElement>('ol#posts[data-live-url]');
const liveStatus = document.getElementById('live-status');

if (list && 'EventSource' in window) {
  const firstUrl = list.dataset.liveUrl!;
  let lastSeen: number | undefined;
  let source: EventSource | undefined;
  let retryMs = 60_000;
  let retryTimer: number | undefined;
  let paused = false;

  const say = (text: string, reload = false) => {
    if (!liveStatus) return;
    liveStatus.textContent = text;
    if (reload) {
      const link = document.createElement('a');
      link.href = location.href;
      link.textContent = 'Reload the page';
      liveStatus.append(' ', link, '.');
    }
  };

  const urlFrom = (): string => {
    if (lastSeen === undefined) return firstUrl;
    const url = new URL(firstUrl, location.href);
    url.searchParams.set('after', String(lastSeen));
    return url.pathname + url.search;
  };

  const connect = () => {
    const current = new EventSource(urlFrom());
    source = current;
    list.dataset.live = 'connecting';
    current.addEventListener('ready', () => {
      if (paused) say('');
      paused = false;
      list.dataset.live = 'open';
      retryMs = 60_000;
    });
    current.addEventListener('post', (event) => {
      let post: LivePost;
      try {
        post = JSON.parse((event as MessageEvent<string>).data) as LivePost;
      } catch {
        return;
      }
      lastSeen = Math.max(lastSeen ?? 0, post.number);
      if (document.getElementById(`post-${post.id}`)) return;
      const item = document.createElement('li');
      item.className = 'live-new';
      item.innerHTML = post.html;
      list.append(item);
      say(`New reply from ${post.author} (post #${post.number}).`);
    });
    // Too many replies to stream since this page was shown: the page itself is the way to see them.
    current.addEventListener('reload', () => {
      current.close();
      list.dataset.live = 'stale';
      say('Many new replies were posted while this page was open.', true);
    });
    current.addEventListener('error', () => {
      if (current.readyState !== EventSource.CLOSED) {
        // The browser reconnects by itself, sending the last post number it saw.
        list.dataset.live = 'reconnecting';
        return;
      }
      // Refused (the hub is busy, or this address has many pages open): the page works
      // as it is; try again later, less often each time.
      list.dataset.live = 'paused';
      paused = true;
      say('Live updates are paused. Reload the page to see new replies.');
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 15 * 60_000);
    });
  };

  connect();
  window.addEventListener('pagehide', () => {
    window.clearTimeout(retryTimer);
    source?.close();
  });
}
