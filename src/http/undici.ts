// The three parts of undici the HTTP layer uses (the Agent, the global dispatcher and the request API),
// loaded from their own modules. undici's index module also loads fetch, WebSocket, EventSource, the
// cache stores, the mock agents and every interceptor: about 110 modules, 50 to 90 ms of every CLI
// start on the benchmark machine, against about 30 modules here (docs/benchmarks.md). These paths
// have been undici's layout since version 6; the package has no `exports` map, and the lockfile pins
// the version the tests ran against. Types still come from the package's own declarations.
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher, getGlobalDispatcher as GetGlobalDispatcher } from 'undici';

const require = createRequire(import.meta.url);

export const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
export const getGlobalDispatcher = (require('undici/lib/global.js') as { getGlobalDispatcher: typeof GetGlobalDispatcher }).getGlobalDispatcher;
const requestApi = require('undici/lib/api/api-request.js') as (this: Dispatcher, opts: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

/** `dispatcher.request(opts)` (undici's request API), for any Dispatcher, MockAgent included. */
export function request(dispatcher: Dispatcher, opts: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestApi.call(dispatcher, opts);
}
