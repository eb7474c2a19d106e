// The parts of undici the HTTP layer uses (the Agent, the global dispatcher and `dispatch`), loaded from
// their own modules. undici's index module also loads fetch, WebSocket, EventSource, the cache stores,
// the mock agents and every interceptor: about 110 modules, 50 to 90 ms of every CLI start on the
// benchmark machine, against about 30 modules here (docs/benchmarks.md). These paths have been
// undici's layout since version 6; the package has no `exports` map, and the lockfile pins the
// version the tests ran against. Types still come from the package's own declarations.
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher, getGlobalDispatcher as GetGlobalDispatcher } from 'undici';

const require = createRequire(import.meta.url);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
export const getGlobalDispatcher = (require('undici/lib/global.js') as { getGlobalDispatcher: typeof GetGlobalDispatcher }).getGlobalDispatcher;

export interface TextResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The whole body as UTF-8 text. */
  text: string;
}

/** How one dispatched request may end early. */
export interface DispatchLimits {
  /** Abort the request when this signal aborts (the promise rejects with its reason). */
  signal?: AbortSignal;
  /** Abort the request after this long; `timedOut` is then set and the promise rejects. */
  timeoutMs: number;
  /** Largest body read, in bytes: above it the request is aborted with `tooLarge(status)`. */
  limit: number;
  tooLarge: (status: number) => Error;
  /** Set to true when `timeoutMs` ended the request. */
  timedOut?: boolean;
}

/** The reason a request stopped by its own time budget is aborted with. */
export class DispatchTimeout extends Error {
  constructor(ms: number) {
    super(`no response within ${ms} ms`);
    this.name = 'DispatchTimeout';
  }
}

/**
 * One request through `dispatcher.dispatch` (any Dispatcher, MockAgent included), its body collected
 * as UTF-8 text. A body above `limit` bytes aborts the request with `tooLarge(status)`: memory stays
 * bounded whatever the server sends. The time budget is one timer and the caller's signal one
 * listener, no AbortController of its own. This is what undici's request API does, without the
 * Readable stream it wraps around every body and the promise per chunk of reading it: less CPU per
 * request, which a plan of thousands of GETs feels (docs/benchmarks.md).
 */
export function dispatchText(dispatcher: Dispatcher, opts: Dispatcher.DispatchOptions, limits: DispatchLimits): Promise<TextResponse> {
  const { signal } = limits;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    let status = 0;
    let headers: TextResponse['headers'] = {};
    let size = 0;
    const chunks: Buffer[] = [];
    // Still queued in the pool: fail now; the request is aborted when it starts (onRequestStart).
    const stop = (reason: unknown): void => {
      if (controller) controller.abort(reason as Error);
      else settle(reason);
    };
    const onAbort = (): void => stop(signal?.reason);
    const timer = setTimeout(() => {
      limits.timedOut = true;
      stop(new DispatchTimeout(limits.timeoutMs));
    }, limits.timeoutMs);
    function settle(err: unknown, value?: TextResponse): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (value) resolve(value);
      else reject(err);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (settled) c.abort(new Error('request abandoned before it started'));
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
      },
      onResponseData(c, chunk) {
        size += chunk.length;
        if (size > limits.limit) c.abort(limits.tooLarge(status));
        else chunks.push(chunk);
      },
      onResponseEnd() {
        settle(undefined, { status, headers, text: Buffer.concat(chunks).toString('utf8') });
      },
      onResponseError(_c, err) {
        settle(err);
      },
    };
    try {
      dispatcher.dispatch(opts, handler);
    } catch (err) {
      settle(err);
    }
  });
}
