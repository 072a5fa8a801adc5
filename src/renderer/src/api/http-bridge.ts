import type { Bridge } from '../../../shared/api/contract.ts';

const TOKEN_KEY = 'clearance.accessKey';

/**
 * Takes the per-launch access key from the address fragment (`#token=…`), keeps it for this tab only
 * (sessionStorage survives a reload, not a new tab or a restart), and removes it from the address bar.
 */
export function takeAccessKey(
  location: Location = window.location,
  storage: Storage = window.sessionStorage,
): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    window.history.replaceState(null, '', `${location.pathname}${location.search}#/`);
    return match[1];
  }
  return storage.getItem(TOKEN_KEY);
}

/** Splits a text/event-stream body into `event`/`data` frames. */
async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onFrame: (event: string, data: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) onFrame(event, data.join('\n'));
    }
  }
}

/**
 * Browser mode's bridge: the same contract over `fetch` to the loopback server. Events come over a
 * server-sent event stream read with fetch, so the access key travels in a header, never in a URL.
 */
export function createHttpBridge(token: string, fetchImpl: typeof fetch = window.fetch.bind(window)): Bridge {
  const headers = { Authorization: `Bearer ${token}` };
  const listeners = new Set<(event: unknown) => void>();
  let streaming = false;

  const stream = async () => {
    streaming = true;
    while (listeners.size > 0) {
      try {
        const res = await fetchImpl('/api/events', { headers, cache: 'no-store' });
        if (res.status === 401) return; // the key is wrong; calls will say so
        if (!res.ok || !res.body) throw new Error(`event stream ${res.status}`);
        await readEventStream(res.body, (event, data) => {
          if (event !== 'app') return;
          const parsed: unknown = JSON.parse(data);
          for (const listener of listeners) listener(parsed);
        });
      } catch {
        // Server restarting or the machine asleep: retry shortly.
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
    streaming = false;
  };

  return Object.freeze({
    async invoke(method, input) {
      const res = await fetchImpl(`/api/call/${method}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
      });
      return (await res.json()) as unknown;
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!streaming) void stream();
      return () => {
        listeners.delete(listener);
      };
    },
  } satisfies Bridge);
}
