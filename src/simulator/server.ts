// The request pipeline: request log -> /__sim control routes | token endpoint | /itcare routes |
// SCP Cache Store routes under /v1/ (scp/server.ts, signed requests, its own faults).
// For /itcare: faults (reset, one-shot reject, 429, 5xx, random 503) -> bearer check -> JSON body ->
// lazy action completion -> route -> save state -> latency -> answer (or drop it).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { advanceActions, recordWrite, iso } from './itcare/common/actions.js';
import type { TokenStore } from './auth.js';
import { decideFault, takeDrop, type FaultControls } from './faults.js';
import { parseJsonBody, readBody, sendReply, sleep } from './http-io.js';
import { SimHttpError, type Reply, type RouteContext } from './reply.js';
import type { RequestLogEntry } from './request-log.js';
import type { Router } from './router.js';
import { handleControl } from './control.js';
import type { SimulatorState } from './state.js';
import { handleScp, isScpPath, type ScpDeps } from './scp/server.js';
import { advanceScp } from './scp/index.js';

export const TOKEN_PATH = '/auth/realms/cloud/protocol/openid-connect/token';
/** The log keeps the most recent entries only, so long benchmark runs stay bounded. */
const MAX_LOG = 50_000;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface ServerDeps {
  state: SimulatorState;
  faults: FaultControls;
  tokens: TokenStore;
  router: Router;
  requests: RequestLogEntry[];
  latencyMs: number;
  actionMs: number;
  /** Above this many /itcare requests in flight, answer 429 with `Retry-After: 1` (a throttling API). */
  maxInFlight?: number;
  rng: () => number;
  /** Persists the state (no-op without a state file). */
  save(): void;
  /** Puts state, faults and log back to a fresh start (`POST /__sim/reset`). */
  reset(): void;
  /** The SCP Cache Store side: its router, faults, keys and timings. */
  scp: ScpDeps;
}

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const counter = { n5xx: 0, inFlight: 0 };
  return (req, res) => {
    handle(deps, counter, req, res).catch(() => {
      if (!res.headersSent) sendReply(res, req.method ?? 'GET', { status: 500 });
      else res.destroy();
    });
  };
}

async function handle(deps: ServerDeps, counter: { n5xx: number; inFlight: number }, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const path = url.pathname;
  if (path === '/__sim' || path.startsWith('/__sim/')) {
    const { text, tooLarge } = await readBody(req);
    advanceIfDue(deps);
    sendReply(res, method, handleControl(deps, method, path, text, tooLarge));
    return;
  }
  const entry: RequestLogEntry = { method, path, query: Object.fromEntries(url.searchParams), status: 0, at: iso(Date.now()) };
  deps.requests.push(entry);
  if (deps.requests.length > MAX_LOG) deps.requests.splice(0, deps.requests.length - MAX_LOG);

  if (path === TOKEN_PATH) {
    const { text } = await readBody(req);
    const reply = method === 'POST'
      ? deps.tokens.issue(req.headers.authorization, text, Date.now())
      : { status: 405, headers: { allow: 'POST' } };
    entry.status = reply.status;
    sendReply(res, method, reply);
    return;
  }
  if (isScpPath(path)) {
    await handleScp(deps.scp, deps.state, deps.save, deps.latencyMs, entry, req, res);
    return;
  }
  if (path !== '/itcare' && !path.startsWith('/itcare/')) {
    entry.status = 404;
    sendReply(res, method, { status: 404 });
    return;
  }

  if (deps.maxInFlight !== undefined && counter.inFlight >= deps.maxInFlight) {
    entry.fault = 'throttled';
    entry.status = 429;
    await sleep(deps.latencyMs);
    sendReply(res, method, { status: 429, headers: { 'retry-after': '1' }, body: { error: 'Too Many Requests', message: 'too many requests in flight' } });
    return;
  }
  counter.inFlight++;
  try {
    await handleItcare(deps, counter, req, res, method, url, path, entry);
  } finally {
    counter.inFlight--;
  }
}

async function handleItcare(
  deps: ServerDeps, counter: { n5xx: number; inFlight: number }, req: IncomingMessage, res: ServerResponse,
  method: string, url: URL, path: string, entry: RequestLogEntry,
): Promise<void> {
  const fault = decideFault(deps.faults, deps.rng, counter, method, path);
  if (fault.kind !== 'none') {
    await sleep(deps.latencyMs);
    entry.fault = fault.kind === 'reset' ? 'reset' : fault.label;
    if (fault.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    entry.status = fault.status;
    sendReply(res, method, fault);
    return;
  }

  const { text, tooLarge } = await readBody(req);
  const now = Date.now();
  const principal = deps.tokens.authenticate(req.headers.authorization, now);
  let reply: Reply;
  let changed = advanceActions(deps.state, now);
  // Dry run (`001:2463-2469`): "la validation s'effectue cependant", nothing is executed, and "le même
  // header personnalisé sera inclus dans la réponse". The simulator honours it on every write: the
  // route runs on a copy of the state that is then thrown away.
  const dryRun = MUTATING.has(method) && String(req.headers['itcare-dryrun'] ?? '').trim().toLowerCase() === 'true';
  if (principal === undefined) {
    reply = { status: 401 };
  } else if (dryRun) {
    entry.dryRun = true;
    const scratch = { ...deps, state: structuredClone(deps.state) };
    const answer = route(scratch, method, path, url.searchParams, req.headers['content-type'], text, tooLarge, now, principal);
    reply = { ...answer, headers: { ...answer.headers, 'itcare-dryrun': 'true' } };
  } else {
    reply = route(deps, method, path, url.searchParams, req.headers['content-type'], text, tooLarge, now, principal);
    changed ||= MUTATING.has(method) && reply.status < 400;
  }
  if (changed) {
    try {
      deps.save();
    } catch (err) {
      // A read that only moved actions on loses nothing the next run cannot redo; a write the
      // simulator cannot keep is answered as the failure it is, with the cause.
      if (MUTATING.has(method) && !dryRun) reply = { status: 500, body: { error: 'Internal Server Error', errorMessage: `the simulator cannot save its state: ${(err as Error).message}` } };
    }
  }
  entry.status = reply.status;
  await sleep(deps.latencyMs);
  if (principal !== undefined && MUTATING.has(method) && !dryRun && takeDrop(deps.faults, deps.rng, method, path)) {
    entry.fault = 'dropped';
    req.socket.destroy();
    return;
  }
  sendReply(res, method, reply);
}

function route(
  deps: ServerDeps, method: string, path: string, query: URLSearchParams, contentType: string | undefined,
  text: string, tooLarge: boolean, now: number, principal: string,
): Reply {
  const match = deps.router.match(method, path);
  if (match.kind === 'not-found') return { status: 404 };
  if (match.kind === 'method-not-allowed') return { status: 405, headers: { allow: match.allow.join(', ') } };
  try {
    const body = parseJsonBody(contentType, text, tooLarge);
    const ctx: RouteContext = {
      method, path, params: match.params, query, body, state: deps.state, now, principal,
      actionMs: deps.actionMs, faults: deps.faults, rng: deps.rng,
    };
    const actionsBefore = deps.state.nextActionId;
    const reply = match.handler(ctx);
    // A write served without an action (tags, pool members…) still enters the resource's history.
    if (MUTATING.has(method) && reply.status < 400 && deps.state.nextActionId === actionsBefore) recordWrite(ctx);
    return reply;
  } catch (err) {
    if (err instanceof SimHttpError) return { status: err.status, body: err.body };
    return { status: 500 };
  }
}

function advanceIfDue(deps: ServerDeps): void {
  const now = Date.now();
  const itcare = advanceActions(deps.state, now);
  const scp = advanceScp(deps.state.scp, now, deps.scp.options.terminatedMs);
  if (itcare || scp) {
    try {
      deps.save();
    } catch {
      // control routes and reads: the state stays in memory (see handleItcare)
    }
  }
}
