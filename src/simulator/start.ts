// Entry point of the simulator: starts a loopback HTTP server over a state (seeded, or loaded from a
// state file), with the OAuth2 token endpoint, the ITCare routes, the SCP Cache Store routes (under
// /v1/ on the same port, signed requests) and the fault controls of each API.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../core/errors.js';
import { TokenStore } from './auth.js';
import { clearFaults, createFaults, createRng, type FaultControls } from './faults.js';
import { registerItcareRoutes } from './itcare/index.js';
import { Router } from './router.js';
import type { ScpContext } from './scp/context.js';
import { registerScpRoutes } from './scp/index.js';
import type { ScpDeps } from './scp/server.js';
import { SCP_SIM_ACCESS_KEY, SCP_SIM_SECRET_KEY } from './scp/common/signature.js';
import type { RequestLogEntry } from './request-log.js';
import { createRequestHandler, TOKEN_PATH } from './server.js';
import { seedState } from './seed.js';
import { loadState, replaceState, saveState, type SimulatorState } from './state.js';

export type { FaultControls, FailActionRule, RejectRule } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export type { SimulatorState } from './state.js';
export type { ScpState } from './scp/kinds/cache-store/state.js';
export { SCP_SIM_ACCESS_KEY, SCP_SIM_SECRET_KEY } from './scp/common/signature.js';

export interface SimulatorOptions {
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default '127.0.0.1'; only loopback hosts are accepted. */
  host?: string;
  /** Loaded at start if present; saved atomically after every change (parent directory created). */
  stateFile?: string;
  /**
   * Save the state once at start and refuse to start (ConfigError naming the path and the cause) when
   * it cannot be saved: for runs that will write, which must not change a world they cannot keep.
   */
  requireWritableState?: boolean;
  /** Added to every /itcare response. */
  latencyMs?: number;
  /** How long an async action stays IN_PROGRESS (default 300). */
  actionMs?: number;
  /** Probability 0..1 that an /itcare request answers 503 (seeded PRNG). */
  faultRate?: number;
  /** Above this many /itcare requests in flight, answer 429 with `Retry-After: 1` (default: no limit). */
  maxInFlight?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Accepted client credentials (default 'caretaker-sim' / 'caretaker-sim-secret'). */
  clientId?: string;
  clientSecret?: string;
  /** Default 1200. */
  tokenTtlSeconds?: number;
  /** Bearer tokens always accepted (default ['sim-token']). */
  staticTokens?: string[];
  /** Static tokens of named users: token -> user shown as `submittedBy` in actions and history (e.g. `j.doe@cegedim.com`). */
  tokenUsers?: Record<string, string>;
  /** SCP key pair accepted by the signature check (default SCP_SIM_ACCESS_KEY / SCP_SIM_SECRET_KEY). */
  scpAccessKey?: string;
  scpSecretKey?: string;
  /**
   * Refuse SCP requests whose Scp-Timestamp is further than this from now (ms). Default 15 minutes
   * (SCP_DEFAULT_MAX_SKEW_MS, an assumption: SCP documents no skew); 0 = no check.
   */
  scpMaxSkewMs?: number;
  /** Check SCP signatures over the query in the SDK's canonical form (a server that rebuilds the query). Default false. */
  scpCanonicalQuery?: boolean;
  /** How long a TERMINATED SCP cluster stays visible before it answers 404 (default: actionMs). */
  scpTerminatedMs?: number;
  /** How long an SCP cluster stays in its state after a 202 before turning EDITING/STOPPING… (default 0). */
  scpStateLagMs?: number;
}

/** The allowed SCP clock skew by default: ±15 minutes. SCP documents none (digest ⚠A5); an assumption. */
export const SCP_DEFAULT_MAX_SKEW_MS = 15 * 60_000;

/** The SCP Cache Store side of a running simulator. */
export interface RunningScp {
  /** The SCP_ENDPOINT to give the provider: same origin as `url`, API paths start with /v1/. */
  url: string;
  accessKey: string;
  secretKey: string;
  /** The SCP faults, separate from ITCare's (`POST /__sim/scp/faults` from another process). */
  faults: FaultControls;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT`: the API base; paths start with /itcare/. */
  url: string;
  /** `url + '/auth/realms/cloud/protocol/openid-connect/token'`. */
  tokenUrl: string;
  port: number;
  /** Mutable at runtime by tests. */
  faults: FaultControls;
  /** Every request (no bodies, no auth headers), most recent last. */
  requests: RequestLogEntry[];
  /** The live state (inspectable; actions complete lazily, on the next request). */
  state: SimulatorState;
  /** The SCP Cache Store API served on the same port. */
  scp: RunningScp;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts a simulator. Rejects with ConfigError on a non-loopback host or a corrupt state file. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new ConfigError(`simulator host must be a loopback address, not ${host}`);
  const faultRate = opts.faultRate ?? 0;
  if (!(faultRate >= 0 && faultRate <= 1)) throw new ConfigError('simulator faultRate must be between 0 and 1');
  for (const [k, v] of [['latencyMs', opts.latencyMs], ['actionMs', opts.actionMs], ['tokenTtlSeconds', opts.tokenTtlSeconds], ['scpMaxSkewMs', opts.scpMaxSkewMs], ['scpTerminatedMs', opts.scpTerminatedMs], ['scpStateLagMs', opts.scpStateLagMs]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new ConfigError(`simulator ${k} must be a number >= 0`);
  }

  const stateFile = opts.stateFile;
  const state = (stateFile ? loadState(stateFile) : undefined) ?? seedState();
  const tokens = new TokenStore({
    clientId: opts.clientId ?? 'caretaker-sim',
    clientSecret: opts.clientSecret ?? 'caretaker-sim-secret',
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 1200,
    staticTokens: opts.staticTokens ?? ['sim-token'],
    tokenUsers: opts.tokenUsers ?? {},
  });
  const faults = createFaults(faultRate, () => tokens.expireAll());
  const router = new Router();
  registerItcareRoutes(router);
  const actionMs = opts.actionMs ?? 300;
  const scpRouter = new Router<ScpContext>();
  registerScpRoutes(scpRouter);
  const scpAccessKey = opts.scpAccessKey ?? SCP_SIM_ACCESS_KEY;
  const scpSecretKey = opts.scpSecretKey ?? SCP_SIM_SECRET_KEY;
  const scp: ScpDeps = {
    router: scpRouter,
    faults: createFaults(faultRate, () => undefined),
    // A PRNG of its own, so SCP traffic does not shift ITCare's fault sequence (and back).
    rng: createRng((opts.seed ?? 1) + 0x5c9),
    keys: new Map([[scpAccessKey, scpSecretKey]]),
    maxSkewMs: opts.scpMaxSkewMs ?? SCP_DEFAULT_MAX_SKEW_MS,
    canonicalQuery: opts.scpCanonicalQuery === true,
    options: { actionMs, terminatedMs: opts.scpTerminatedMs ?? actionMs, stateLagMs: opts.scpStateLagMs ?? 0 },
    counter: { n5xx: 0 },
  };
  const requests: RequestLogEntry[] = [];
  const save = (): void => {
    if (stateFile) saveState(stateFile, state);
  };
  if (stateFile && opts.requireWritableState) {
    try {
      save();
    } catch (err) {
      throw new ConfigError(`the simulator cannot save its state, so nothing would be kept: ${(err as Error).message}`);
    }
  }
  const server = createServer(createRequestHandler({
    state, faults, tokens, router, requests, save,
    latencyMs: opts.latencyMs ?? 0,
    maxInFlight: opts.maxInFlight,
    actionMs,
    rng: createRng(opts.seed ?? 1),
    scp,
    reset: () => {
      replaceState(state, seedState());
      clearFaults(faults, faultRate);
      clearFaults(scp.faults, faultRate);
      requests.length = 0;
      save();
    },
  }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url, tokenUrl: `${url}${TOKEN_PATH}`, port, faults, requests, state,
    scp: { url, accessKey: scpAccessKey, secretKey: scpSecretKey, faults: scp.faults },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
