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
  const url = list.dataset.liveUrl!;
  const source = new EventSource(url);
  list.dataset.live = 'connecting';
  source.addEventListener('ready', () => {
    list.dataset.live = 'open';
  });
  source.addEventListener('post', (event) => {
    let post: LivePost;
    try {
      post = JSON.parse((event as MessageEvent<string>).data) as LivePost;
    } catch {
      return;
    }
    if (document.getElementById(`post-${post.id}`)) return;
    const item = document.createElement('li');
    item.className = 'live-new';
    item.innerHTML = post.html;
    list.append(item);
    if (liveStatus) liveStatus.textContent = `New reply from ${post.author} (post #${post.number}).`;
  });
  source.addEventListener('error', () => {
    // The browser reconnects by itself, sending the last post number it saw.
    list.dataset.live = 'reconnecting';
  });
  window.addEventListener('pagehide', () => source.close());
}
