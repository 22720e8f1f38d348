/** A Server-Sent Event as the browser's EventSource would hand it over. */
export interface StreamEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Read Server-Sent Events from a streaming response: `events(done)` reads on until `done` says stop (or the
 * stream ends) and returns every event so far; comments (keep-alives) are skipped. `close()` hangs up.
 */
export function eventReader(res: Response) {
  const reader = res.status === 200 ? res.body?.getReader() : undefined;
  const seen: StreamEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async events(done: (events: StreamEvent[]) => boolean): Promise<StreamEvent[]> {
      while (reader && !done(seen)) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) continue;
          seen.push({
            event: block.match(/^event: (.*)$/m)?.[1] ?? 'message',
            data: block.match(/^data: (.*)$/m)?.[1] ?? '',
            id: block.match(/^id: (.*)$/m)?.[1],
          });
        }
      }
      return seen;
    },
    async close(): Promise<void> {
      await (reader ? reader.cancel() : res.body?.cancel());
    },
  };
}
