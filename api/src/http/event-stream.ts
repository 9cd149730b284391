// Server-sent events for pages that watch something change (the opening hall): the first state is read before the
// stream opens — so a caller who may not see it gets the ordinary error answer —, then the state is read again every
// `everyMs` and sent only when it differs. The stream ends when the client goes away, when the caller's session
// ends (logout, expiry), or when a read is refused. A comment line now and then keeps proxies from closing it.
import { PassThrough } from 'node:stream';
import type { RouteResult } from './routes';

export interface EventStreamOptions<T> {
  /** The state to send; throws when the caller may no longer see it. */
  read: () => Promise<T>;
  /** Whether the caller's session is still open (checked before each read). */
  sessionOpen: () => Promise<boolean>;
  /** Aborted when the client disconnects. */
  closed: AbortSignal;
  /** The event's name (`event:` field). */
  event: string;
  everyMs?: number;
  keepAliveMs?: number;
  /** Added to each message but not compared (e.g. the server's clock, for countdowns). */
  stamp?: () => Record<string, unknown>;
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export async function eventStream<T>(options: EventStreamOptions<T>): Promise<RouteResult> {
  const everyMs = options.everyMs ?? 1000;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const stamp = options.stamp ?? (() => ({}));
  let last = JSON.stringify(await options.read());
  const stream = new PassThrough();
  stream.write(`retry: 3000\n${frame(options.event, { ...JSON.parse(last), ...stamp() })}`);
  let quietSince = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const end = (reason?: string) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    if (reason && stream.writable) stream.write(frame('end', { reason }));
    stream.end();
  };
  const tick = async () => {
    if (ended) return;
    try {
      if (!(await options.sessionOpen())) return end('session_ended');
      const text = JSON.stringify(await options.read());
      if (ended) return;
      if (text !== last) {
        last = text;
        stream.write(frame(options.event, { ...JSON.parse(text), ...stamp() }));
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= keepAliveMs) {
        stream.write(': keep-alive\n\n');
        quietSince = Date.now();
      }
    } catch {
      return end('refused'); // what was refused is told by the plain route, never in the stream
    }
    timer = setTimeout(() => void tick(), everyMs);
  };
  options.closed.addEventListener('abort', () => end(), { once: true });
  stream.on('close', () => end());
  timer = setTimeout(() => void tick(), everyMs);
  return {
    status: 200,
    body: stream,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-accel-buffering': 'no', connection: 'keep-alive' },
  };
}
