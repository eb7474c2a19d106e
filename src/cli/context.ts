// Turns the environment and global flags into the providers a run uses: ITCare credentials from ITCARE_*,
// SCP keys from SCP_*, each asked for only when the run uses that provider; the endpoint guards, the
// loopback-only rule for http:// endpoints, and the in-process simulator behind --simulator.
import { join } from 'node:path';
import { own } from '../core/dict.js';
import { ConfigError } from '../core/errors.js';
import { durationSetting } from './durations.js';
import type { Provider } from '../engine/provider.js';
import { createHttpClient } from '../http/client.js';
import { clientCredentials, staticToken } from '../http/oauth2.js';
import type { HttpClient, HttpClientOptions, TokenSource } from '../http/types.js';
import { providerFactories } from '../providers/index.js';
import { scpClientOptions } from '../providers/scp/index.js';
import { headerValueProblem } from '../providers/scp/common/signature.js';
import type { RunningSimulator } from '../simulator/start.js';

export const DEFAULT_ENDPOINT = 'https://api.cegedim.cloud';
export const DEFAULT_TOKEN_URL = 'https://accounts.cegedim.cloud/auth/realms/cloud/protocol/openid-connect/token';

export interface GlobalOptions {
  endpoint?: string;
  simulator?: boolean;
  color?: boolean;
  verbose?: boolean;
}

/** One API a run talks to: what the first lines of output name (`Using the ITCare API at …`). */
export interface RuntimeApi {
  /** The provider (schema `x-provider`). */
  provider: string;
  /** How the banner names it: `ITCare API`, `SCP Cache Store API`. */
  label: string;
  /** Where its credentials go. */
  endpoint: string;
}

export interface Runtime {
  providers: Map<string, Provider>;
  /** The APIs this run reads and writes (the providers it uses), each with the endpoint credentials go to. */
  apis: RuntimeApi[];
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
  /**
   * The providers the run uses (the schema `x-provider` of the manifest set's kinds, or of the kinds an
   * export reads): only their settings are read and required; the others are never built.
   */
  uses: ReadonlySet<string>;
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
  /** The run will write (apply, destroy): `--simulator` refuses to start when it cannot save its state. */
  writes?: boolean;
}

/** What one provider needs: the client settings of its API, or why they are missing. */
type Settings = { ok: true; api: RuntimeApi; client: Omit<HttpClientOptions, 'onAttempt' | 'timeoutMs' | 'retry' | 'maxInFlight'> } | { ok: false; problem: string };

/**
 * Builds the providers of one command run: only those the run uses, each from its own settings. Every
 * missing or refused setting of a used provider is reported at once, in one ConfigError, before any
 * request. The caller must `close()` the runtime.
 */
export async function createRuntime(input: RuntimeInput): Promise<Runtime> {
  const { env } = input;
  // --request-timeout, else CARETAKER_REQUEST_TIMEOUT (a duration), else the older CARETAKER_HTTP_TIMEOUT_MS.
  const timeoutMs = input.requestTimeoutMs ?? durationSetting(undefined, '', env, 'CARETAKER_REQUEST_TIMEOUT') ?? numberEnv(env, 'CARETAKER_HTTP_TIMEOUT_MS');
  const retry = { maxRetries: numberEnv(env, 'CARETAKER_HTTP_MAX_RETRIES'), minDelayMs: numberEnv(env, 'CARETAKER_HTTP_MIN_DELAY_MS') };
  let simulator: RunningSimulator | undefined;
  if (input.global.simulator) {
    // Loaded only when asked for: a run against the real API never pays for the simulator's modules.
    const { startSimulator } = await import('../simulator/start.js');
    simulator = await startSimulator({
      stateFile: join(input.cwd, '.caretaker', 'simulator.json'),
      requireWritableState: input.writes === true,
      actionMs: numberEnv(env, 'CARETAKER_SIM_ACTION_MS') ?? 300,
    });
  }
  const settings = new Map<string, Settings>();
  try {
    if (input.uses.has('itcare')) settings.set('itcare', itcareSettings(input, simulator, timeoutMs));
    if (input.uses.has('scp')) settings.set('scp', scpSettings(input, simulator));
    const problems = [...settings.values()].flatMap((x) => (x.ok ? [] : [x.problem]));
    if (problems.length > 0) throw new ConfigError(problems.join('; '));
  } catch (err) {
    await simulator?.close();
    throw err;
  }
  const clients: HttpClient[] = [];
  const providers = new Map<string, Provider>();
  const apis: RuntimeApi[] = [];
  for (const name of Object.keys(providerFactories).sort()) {
    const x = settings.get(name);
    if (!x?.ok) {
      providers.set(name, unconfiguredProvider(name, `provider ${name} is not used by this manifest set, so it was not configured`));
      continue;
    }
    const http = createHttpClient({ ...x.client, onAttempt: input.onAttempt, timeoutMs, retry, maxInFlight: input.maxInFlight });
    clients.push(http);
    apis.push(x.api);
    // CARETAKER_POLL_BATCH=0 polls each action by id: only for comparing strategies (npm run bench).
    providers.set(name, own(providerFactories, name)!({ http, batchPolls: env.CARETAKER_POLL_BATCH !== '0', dryRunHonoured: input.dryRunHonoured }));
  }
  return {
    providers,
    apis: apis.sort((a, b) => (a.provider === 'itcare' ? -1 : b.provider === 'itcare' ? 1 : a.provider < b.provider ? -1 : 1)),
    simulator,
    trackerMinIntervalMs: numberEnv(env, 'CARETAKER_POLL_MS') ?? (simulator ? 100 : undefined),
    async close() {
      for (const c of clients) await c.close();
      await simulator?.close();
    },
  };
}

/** ITCare: --endpoint / ITCARE_ENDPOINT (the Stack's endpoint only when they confirm it) and ITCARE_* credentials. */
function itcareSettings(input: RuntimeInput, simulator: RunningSimulator | undefined, timeoutMs: number | undefined): Settings {
  if (simulator) {
    const auth = clientCredentials({ tokenUrl: simulator.tokenUrl, clientId: 'caretaker-sim', clientSecret: 'caretaker-sim-secret' });
    return { ok: true, api: { provider: 'itcare', label: 'ITCare API', endpoint: simulator.url }, client: { baseUrl: simulator.url, auth } };
  }
  try {
    const endpoint = operatorEndpoint(input.global, input.env, input.stackEndpoint);
    const auth = authFromEnv(input.env, timeoutMs);
    return { ok: true, api: { provider: 'itcare', label: 'ITCare API', endpoint }, client: { baseUrl: endpoint, auth } };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, problem: err.message };
    throw err;
  }
}

/**
 * SCP: signed requests (SCP_ACCESS_KEY / SCP_SECRET_KEY, SCP_ACCOUNT_ID when set) to SCP_ENDPOINT, sent and
 * signed as the official SDK does (scpClientOptions). An empty variable counts as unset (a CI secret that
 * is not defined expands to the empty string).
 */
function scpSettings(input: RuntimeInput, simulator: RunningSimulator | undefined): Settings {
  const env = input.env;
  const set = (name: string): string | undefined => (own(env, name) === '' ? undefined : own(env, name));
  const keys = simulator
    ? { endpoint: simulator.scp.url, accessKey: simulator.scp.accessKey, secretKey: simulator.scp.secretKey, accountId: set('SCP_ACCOUNT_ID') }
    : { endpoint: set('SCP_ENDPOINT'), accessKey: set('SCP_ACCESS_KEY'), secretKey: set('SCP_SECRET_KEY'), accountId: set('SCP_ACCOUNT_ID') };
  const problems: string[] = [];
  if (!simulator) {
    const refused = scpEndpointProblem(keys.endpoint, input.stackEndpoints?.scp);
    if (refused) problems.push(refused);
  }
  // A refused Stack endpoint already names SCP_ENDPOINT.
  const missing = [['SCP_ENDPOINT', keys.endpoint], ['SCP_ACCESS_KEY', keys.accessKey], ['SCP_SECRET_KEY', keys.secretKey]]
    .filter(([n, v]) => v === undefined && !(n === 'SCP_ENDPOINT' && problems.length > 0)).map(([n]) => n!);
  if (missing.length > 0) {
    problems.push(`no Samsung Cloud Platform settings (the manifests hold SCP resources): set ${missing.join(', ')} (or use --simulator)`);
  }
  for (const [variable, header, value] of [['SCP_ACCESS_KEY', 'Scp-AccessKey', keys.accessKey], ['SCP_ACCOUNT_ID', 'Scp-AccountId', keys.accountId]] as const) {
    const bad = value === undefined ? undefined : headerValueProblem(variable, header, value);
    if (bad) problems.push(bad);
  }
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  return {
    ok: true,
    api: { provider: 'scp', label: 'SCP Cache Store API', endpoint: keys.endpoint! },
    client: { baseUrl: keys.endpoint!, ...scpClientOptions({ accessKey: keys.accessKey!, secretKey: keys.secretKey!, accountId: keys.accountId }) },
  };
}

/**
 * Keys go only where the operator points them (as for ITCare): a Stack's `spec.provider.scp.endpoint`
 * is used only when SCP_ENDPOINT confirms it. One that differs, or that no variable confirms, is refused
 * before any request, naming both and the variable to set.
 */
export function scpEndpointProblem(operator: string | undefined, stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  if (operator === undefined) {
    return `the Stack's spec.provider.scp.endpoint is ${stack} but SCP_ENDPOINT is not set: the SCP keys are sent only to SCP_ENDPOINT, ` +
      `and a manifest cannot direct them: set SCP_ENDPOINT=${stack} to confirm that endpoint, or remove it from the Stack`;
  }
  if (sameUrl(stack, operator)) return undefined;
  return `the Stack's spec.provider.scp.endpoint is ${stack} but the SCP keys are sent only to ${operator} (SCP_ENDPOINT); ` +
    `a manifest cannot redirect them: set SCP_ENDPOINT=${stack} to confirm that endpoint, or remove it from the Stack`;
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

/**
 * A provider the run does not use: no kinds, no handler, and a call that still reaches it fails with
 * one configuration message (nothing is sent).
 */
function unconfiguredProvider(name: string, message: string): Provider {
  const fail = (): never => {
    throw new ConfigError(message);
  };
  return {
    name,
    kinds: () => [],
    handler: () => undefined,
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
  // Half of the client credentials: name the half that is missing, not "no credentials".
  const [id, secret] = [env.ITCARE_CLIENT_ID, env.ITCARE_CLIENT_SECRET];
  if (id || secret) {
    const [set, missing] = id ? ['ITCARE_CLIENT_ID', 'ITCARE_CLIENT_SECRET'] : ['ITCARE_CLIENT_SECRET', 'ITCARE_CLIENT_ID'];
    throw new ConfigError(`incomplete ITCare credentials: ${set} is set but ${missing} is not; set ${missing} too (OAuth2 client credentials need both), or set ITCARE_TOKEN instead`);
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
