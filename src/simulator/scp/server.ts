// The SCP request pipeline (paths under /v1/, served on the simulator's port beside /itcare):
// faults (reset, one-shot reject, 429, 5xx, random 503) -> signature check (401) -> Scp-Api-Version
// -> JSON body -> lazy request completion -> route -> save -> latency -> answer (or drop it).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decideFault, type FaultControls } from '../faults.js';
import { parseJsonBody, readBody, sendReply, sleep } from '../http-io.js';
import { type Reply, SimHttpError } from '../reply.js';
import type { RequestLogEntry } from '../request-log.js';
import type { Router } from '../router.js';
import type { SimulatorState } from '../state.js';
import { JSON_TYPE } from './common/errors.js';
import { SCP_API_VERSION, verifyScpRequest } from './common/signature.js';
import type { ScpContext, ScpOptions } from './context.js';
import { advanceScp } from './index.js';

export interface ScpDeps {
  router: Router<ScpContext>;
  faults: FaultControls;
  rng: () => number;
  /** Access key -> secret key. */
  keys: ReadonlyMap<string, string>;
  /** Allowed |now - Scp-Timestamp| in ms; undefined or 0 = not checked. */
  maxSkewMs?: number;
  /** Check the signature over the query in its canonical form (the SDK's; common/canonical.ts). */
  canonicalQuery?: boolean;
  options: ScpOptions;
  counter: { n5xx: number };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isScpPath(path: string): boolean {
  return path.startsWith('/v1/');
}

export async function handleScp(
  scp: ScpDeps, state: SimulatorState, save: () => void, latencyMs: number, entry: RequestLogEntry,
  req: IncomingMessage, res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const rawTarget = req.url ?? '/';
  const url = new URL(rawTarget, 'http://simulator.invalid');
  const fault = decideFault(scp.faults, scp.rng, scp.counter, method, url.pathname);
  if (fault.kind !== 'none') {
    await sleep(latencyMs);
    entry.fault = fault.kind === 'reset' ? 'reset' : fault.label;
    if (fault.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    entry.status = fault.status;
    sendReply(res, method, { status: fault.status, body: fault.body, headers: { ...(fault.body === undefined ? {} : JSON_TYPE), ...fault.headers } });
    return;
  }
  const { text, tooLarge } = await readBody(req);
  const now = Date.now();
  const scpState = state.scp;
  let changed = advanceScp(scpState, now, scp.options.terminatedMs);
  // The signed URL is rebuilt from the Host header and the request target exactly as sent (§2).
  const absolute = `http://${req.headers.host ?? ''}${rawTarget}`;
  const verdict = verifyScpRequest(method, absolute, req.headers, { keys: scp.keys, maxSkewMs: scp.maxSkewMs, canonicalQuery: scp.canonicalQuery, now });
  let reply: Reply;
  if (!verdict.ok) {
    reply = { status: 401, body: { code: 'UNAUTHORIZED', message: `request signature rejected: ${verdict.reason}` }, headers: JSON_TYPE };
  } else {
    const version = req.headers['scp-api-version'];
    if (version !== undefined && version !== SCP_API_VERSION) {
      reply = { status: 400, body: [{ loc: ['header', 'Scp-Api-Version'], msg: `unsupported API version '${String(version)}' (this API is '${SCP_API_VERSION}')`, type_: 'value_error', ctx: null }], headers: JSON_TYPE };
    } else {
      reply = route(scp, scpState, method, url, req.headers['content-type'], text, tooLarge, now);
      changed ||= MUTATING.has(method) && reply.status < 400;
    }
  }
  if (changed) save();
  entry.status = reply.status;
  await sleep(latencyMs);
  if (verdict.ok && MUTATING.has(method) && scp.faults.dropResponseNext > 0) {
    scp.faults.dropResponseNext--;
    entry.fault = 'dropped';
    req.socket.destroy();
    return;
  }
  sendReply(res, method, reply);
}

function route(
  scp: ScpDeps, state: SimulatorState['scp'], method: string, url: URL, contentType: string | undefined,
  text: string, tooLarge: boolean, now: number,
): Reply {
  const match = scp.router.match(method, url.pathname);
  if (match.kind === 'not-found') return { status: 404, body: { code: 'NOT_FOUND', message: `no route ${url.pathname}` }, headers: JSON_TYPE };
  if (match.kind === 'method-not-allowed') return { status: 405, headers: { allow: match.allow.join(', ') } };
  try {
    let body: unknown;
    try {
      body = parseJsonBody(contentType, text, tooLarge);
    } catch (err) {
      if (err instanceof SimHttpError && err.status === 400) {
        return { status: 400, body: [{ loc: ['body'], msg: 'JSON decode error', type_: 'json_invalid', ctx: null }], headers: JSON_TYPE };
      }
      throw err;
    }
    const ctx: ScpContext = {
      method, path: url.pathname, params: match.params, query: url.searchParams, body, state, now,
      options: scp.options, faults: scp.faults,
    };
    return match.handler(ctx);
  } catch (err) {
    if (err instanceof SimHttpError) return { status: err.status, body: err.body, headers: err.body === undefined ? undefined : JSON_TYPE };
    return { status: 500 };
  }
}
