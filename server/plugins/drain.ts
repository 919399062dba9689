import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * `app.close()` waits for the requests already being handled, so the caller can close the database right after it.
 *
 * Fastify's own close stops taking new requests (503) and waits for open *sockets*, not for handlers: a client
 * that hung up (autocannon at the end of a run, a browser tab closed) leaves its handler running with no socket,
 * and `app.inject` requests have none at all. `npm start` then destroyed the database under such a handler
 * ("driver has already been destroyed"). So requests are counted from onRequest until their answer is produced
 * (onSend; onResponse for answers that skip it), and preClose — which runs once new requests are refused, before
 * every onClose hook — waits for the count to reach zero, at most `timeoutMs`.
 */
const counted = Symbol('drain.counted');
const release = Symbol('drain.release');
type Counted = FastifyRequest & { [counted]?: boolean; [release]?: () => void };

/**
 * Takes a long-lived request (an event stream) out of the count: shutdown must not wait for it — the stream's own
 * preClose hook ends it instead (notifications/stream.routes.ts).
 */
export function untrackForDrain(request: FastifyRequest) {
  (request as Counted)[release]?.();
}

export const drainPlugin = fp(async (app: FastifyInstance, opts: { timeoutMs?: number }) => {
  // Under main.ts's 10 s forced exit, so the database still closes cleanly after a timed-out wait.
  const timeoutMs = opts.timeoutMs ?? 8_000;
  let inFlight = 0;
  let onIdle: (() => void) | null = null;

  const done = (request: Counted) => {
    if (!request[counted]) return;
    request[counted] = false;
    inFlight--;
    if (inFlight === 0) onIdle?.();
  };
  app.addHook('onRequest', async (request: Counted) => {
    request[counted] = true;
    request[release] = () => done(request);
    inFlight++;
  });
  app.addHook('onSend', async (request: Counted, _reply, payload) => {
    done(request);
    return payload;
  });
  app.addHook('onResponse', async (request: Counted) => done(request));

  app.addHook('preClose', async () => {
    if (inFlight === 0) return;
    app.log.info({ inFlight }, 'waiting for requests in flight');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        app.log.warn({ inFlight }, 'requests still in flight at shutdown');
        resolve();
      }, timeoutMs);
      timer.unref();
      onIdle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  });
});
