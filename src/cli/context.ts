// Turns the environment and global flags into providers: ITCare credentials from ITCARE_* only,
// the loopback-only rule for http:// endpoints, and the in-process simulator behind --simulator.
import { join } from 'node:path';
import { own } from '../core/dict.js';
import { ConfigError } from '../core/errors.js';
import { durationSetting } from './durations.js';
import type { Provider } from '../engine/provider.js';
import { createHttpClient } from '../http/client.js';
import { clientCredentials, staticToken } from '../http/oauth2.js';
import type { HttpClient, HttpClientOptions, TokenSource } from '../http/types.js';
import { providerFactories } from '../providers/index.js';
import { scpSigner } from '../providers/scp/common/signature.js';
import type { RunningSimulator } from '../simulator/start.js';

export const DEFAULT_ENDPOINT = 'https://api.cegedim.cloud';
export const DEFAULT_TOKEN_URL = 'https://accounts.cegedim.cloud/auth/realms/cloud/protocol/openid-connect/token';

export interface GlobalOptions {
  endpoint?: string;
  simulator?: boolean;
  color?: boolean;
  verbose?: boolean;
}

export interface Runtime {
  providers: Map<string, Provider>;
  /** Base URL of the ITCare API this run reads and writes (credentials go only there). */
  endpoint: string;
  /** Set when the embedded simulator serves this run. */
  simulator?: RunningSimulator;
  /** Poll faster against the simulator, whose actions last a fraction of a second. */
  trackerMinIntervalMs?: number;
  close(): Promise<void>;
}

export interface RuntimeInput {
  global: GlobalOptions;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Endpoint written in the Stack document (env ITCARE_ENDPOINT and --endpoint win). */
  stackEndpoint?: string;
  /** Per-provider endpoints of the Stack (`spec.provider.<name>.endpoint`) for the other providers. */
  stackEndpoints?: Record<string, string | undefined>;
  onAttempt?: HttpClientOptions['onAttempt'];
  /** `--parallelism`: the run's request budget (most API requests in flight). Default DEFAULT_MAX_IN_FLIGHT. */
  maxInFlight?: number;
  /** `plan --dry-run-honoured`: calls declared to honour the ITCare dry-run header. */
  dryRunHonoured?: readonly string[];
  /** `--request-timeout` (or CARETAKER_REQUEST_TIMEOUT): the budget of one HTTP attempt. */
  requestTimeoutMs?: number;
}

/** Builds the providers for one command run. The caller must `close()` the runtime. */
export async function createRuntime(input: RuntimeInput): Promise<Runtime> {
  const { env, global } = input;
  let simulator: RunningSimulator | undefined;
  let endpoint: string;
  let auth: TokenSource;
  // --request-timeout, else CARETAKER_REQUEST_TIMEOUT (a duration), else the older CARETAKER_HTTP_TIMEOUT_MS.
  const timeoutMs = input.requestTimeoutMs ?? durationSetting(undefined, '', env, 'CARETAKER_REQUEST_TIMEOUT') ?? numberEnv(env, 'CARETAKER_HTTP_TIMEOUT_MS');
  if (global.simulator) {
    // Loaded only when asked for: a run against the real API never pays for the simulator's modules.
    const { startSimulator } = await import('../simulator/start.js');
    simulator = await startSimulator({
      stateFile: join(input.cwd, '.caretaker', 'simulator.json'),
      actionMs: numberEnv(env, 'CARETAKER_SIM_ACTION_MS') ?? 300,
    });
    endpoint = simulator.url;
    auth = clientCredentials({ tokenUrl: simulator.tokenUrl, clientId: 'caretaker-sim', clientSecret: 'caretaker-sim-secret' });
  } else {
    endpoint = operatorEndpoint(global, env, input.stackEndpoint);
    auth = authFromEnv(env, timeoutMs);
  }
  const clients: HttpClient[] = [];
  const providers = new Map<string, Provider>();
  const http = createHttpClient({
    baseUrl: endpoint,
    auth,
    onAttempt: input.onAttempt,
    maxInFlight: input.maxInFlight,
    timeoutMs,
    retry: {
      maxRetries: numberEnv(env, 'CARETAKER_HTTP_MAX_RETRIES'),
      minDelayMs: numberEnv(env, 'CARETAKER_HTTP_MIN_DELAY_MS'),
    },
  });
  clients.push(http);
  // CARETAKER_POLL_BATCH=0 polls each action by id: only for comparing strategies (npm run bench).
  providers.set('itcare', providerFactories.itcare!({ http, batchPolls: env.CARETAKER_POLL_BATCH !== '0', dryRunHonoured: input.dryRunHonoured }));
  // SCP: signed requests (SCP_ACCESS_KEY / SCP_SECRET_KEY) to SCP_ENDPOINT or the Stack's endpoint.
  // Missing settings fail only when a CacheStore is actually read, naming the variables.
  const scp = simulator
    ? { endpoint: simulator.scp.url, accessKey: simulator.scp.accessKey, secretKey: simulator.scp.secretKey }
    : { endpoint: env.SCP_ENDPOINT ?? input.stackEndpoints?.scp, accessKey: env.SCP_ACCESS_KEY, secretKey: env.SCP_SECRET_KEY };
  const missing = [
    ...(scp.endpoint ? [] : ['SCP_ENDPOINT (or the Stack\'s spec.provider.scp.endpoint)']),
    ...(scp.accessKey ? [] : ['SCP_ACCESS_KEY']),
    ...(scp.secretKey ? [] : ['SCP_SECRET_KEY']),
  ];
  if (missing.length === 0) {
    const scpHttp = createHttpClient({
      baseUrl: scp.endpoint!,
      signer: scpSigner(scp.accessKey!, scp.secretKey!),
      onAttempt: input.onAttempt,
      timeoutMs,
      retry: { maxRetries: numberEnv(env, 'CARETAKER_HTTP_MAX_RETRIES'), minDelayMs: numberEnv(env, 'CARETAKER_HTTP_MIN_DELAY_MS') },
    });
    clients.push(scpHttp);
    providers.set('scp', providerFactories.scp!({ http: scpHttp }));
  } else {
    providers.set('scp', unconfiguredProvider('scp', `no Samsung Cloud Platform settings: set ${missing.join(', ')} (or use --simulator)`));
  }
  return {
    providers,
    endpoint,
    simulator,
    trackerMinIntervalMs: numberEnv(env, 'CARETAKER_POLL_MS') ?? (simulator ? 100 : undefined),
    async close() {
      for (const c of clients) await c.close();
      await simulator?.close();
    },
  };
}

function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
    } catch {
      return u.replace(/\/+$/, '').toLowerCase();
    }
  };
  return norm(a) === norm(b);
}

/**
 * The endpoint credentials are sent to: --endpoint, else ITCARE_ENDPOINT, else the documented default.
 * A manifest cannot redirect the operator's token: a Stack `spec.provider.itcare.endpoint` that differs
 * from that endpoint is refused, naming both, unless the operator confirms it (ITCARE_ENDPOINT or
 * --endpoint set to the same URL).
 */
export function operatorEndpoint(global: GlobalOptions, env: Record<string, string | undefined>, stackEndpoint?: string): string {
  const source = global.endpoint ? '--endpoint' : env.ITCARE_ENDPOINT ? 'ITCARE_ENDPOINT' : 'the default endpoint';
  const endpoint = global.endpoint ?? env.ITCARE_ENDPOINT ?? DEFAULT_ENDPOINT;
  if (stackEndpoint !== undefined && !sameUrl(stackEndpoint, endpoint)) {
    throw new ConfigError(
      `the Stack's spec.provider.itcare.endpoint is ${stackEndpoint} but credentials are sent only to ${endpoint} (${source}); ` +
        `a manifest cannot redirect them: set ITCARE_ENDPOINT=${stackEndpoint} (or --endpoint) to confirm that endpoint, or remove it from the Stack`,
    );
  }
  return endpoint;
}

/** A provider whose every call fails with one configuration message (nothing is sent). */
function unconfiguredProvider(name: string, message: string): Provider {
  const fail = (): never => {
    throw new ConfigError(message);
  };
  return {
    name,
    kinds: () => [],
    handler: (kind) => ({
      kind,
      observe: async () => fail(),
      listOwned: async () => fail(),
      createOperations: fail,
      updateOperations: fail,
      deleteOperations: fail,
    }),
    execute: async () => fail(),
    pollActions: async () => fail(),
  };
}

/** ITCARE_TOKEN (used as is) or ITCARE_CLIENT_ID + ITCARE_CLIENT_SECRET (OAuth2 client credentials). */
export function authFromEnv(env: Record<string, string | undefined>, timeoutMs?: number): TokenSource {
  if (env.ITCARE_TOKEN) return staticToken(env.ITCARE_TOKEN);
  if (env.ITCARE_CLIENT_ID && env.ITCARE_CLIENT_SECRET) {
    return clientCredentials({
      tokenUrl: env.ITCARE_TOKEN_URL ?? DEFAULT_TOKEN_URL,
      clientId: env.ITCARE_CLIENT_ID,
      clientSecret: env.ITCARE_CLIENT_SECRET,
      timeoutMs,
    });
  }
  throw new ConfigError(
    'no ITCare credentials: set ITCARE_TOKEN, or ITCARE_CLIENT_ID and ITCARE_CLIENT_SECRET (or use --simulator to try caretaker without credentials)',
  );
}

function numberEnv(env: Record<string, string | undefined>, name: string): number | undefined {
  const v = own(env, name);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a non-negative number`);
  return n;
}
