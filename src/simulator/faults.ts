// Fault injection for /itcare requests: 429 with Retry-After (one-shot counts or seeded bursts), 5xx,
// connection resets, one-shot rejections, processed-then-dropped answers, failed (or canceled) and
// slow actions. Random faults use a seeded PRNG so runs repeat.

/** A one-shot answer for the next request matching `method` and `pathPrefix` (both optional). */
export interface RejectRule {
  method?: string;
  pathPrefix?: string;
  status: number;
  errorCode?: string;
  errorMessage?: string;
}

/** Makes matching async actions end in ERROR (and their change is not applied). */
export interface FailActionRule {
  resourceName?: string;
  /** Operation (`create`, `delete`, `resize`, `update_patch_party` …) or process name, case-insensitive. */
  operation?: string;
  message?: string;
  /**
   * Final status of the failed action: `ERROR` (default, the docs' own, ITCARE-API §2.2) or a status
   * the docs do not list, such as `CANCELED`, to check that a client stops waiting on it.
   */
  status?: string;
  /** How many matching actions fail; absent = every matching action. */
  count?: number;
}

/** Runtime knobs; tests mutate them directly, other processes through `POST /__sim/faults`. */
export interface FaultControls {
  /** Probability 0..1 that an /itcare request answers 503. */
  faultRate: number;
  /** The next N /itcare requests answer 429 with `Retry-After: retryAfterSeconds`. */
  next429: number;
  retryAfterSeconds: number;
  /** The next N /itcare requests answer 503, 502, 504 (rotating). */
  next5xx: number;
  /** The next N /itcare requests get their socket destroyed without an answer. */
  resetNext: number;
  /**
   * The next N mutating /itcare requests (POST, PUT, PATCH, DELETE) get their socket destroyed before
   * they are processed: the call was lost on the way and changed nothing (the opposite of
   * `dropResponseNext`). Reads pass, so a client's lookup after the loss sees the true state.
   */
  resetNextWrites?: number;
  failActions: FailActionRule[];
  rejectNext: RejectRule[];
  /** Every issued OAuth2 token becomes invalid (static tokens stay valid). */
  expireTokens(): void;
  /** The next N mutating /itcare requests are processed, then their socket is destroyed. */
  dropResponseNext: number;
  /** One-shot: the next mutating request matching each rule is processed, then its answer is lost. */
  dropMatching: Array<{ method?: string; pathPrefix?: string }>;
  /** Slow actions: when set, new actions stay IN_PROGRESS this long instead of the simulator's actionMs. */
  slowActionMs?: number;
  // Seeded random faults (probabilities 0..1, drawn from the simulator's PRNG), for fault suites.
  /** Probability that an /itcare request starts a burst of `burst429` answers 429 (this one included). */
  rate429: number;
  /** Length of a 429 burst (default 3). */
  burst429: number;
  /** Probability that an /itcare request has its socket destroyed before it is processed. */
  resetRate: number;
  /** Probability that a mutating /itcare request is processed, then its socket destroyed (answer lost). */
  dropRate: number;
  /** Probability that a new action ends in ERROR with an injected message. */
  failActionRate: number;
  /** Probability that a new action is slow (`slowActionMs`); absent: every action is, when slowActionMs is set. */
  slowActionRate?: number;
}

/** What a fault decided for a new action: how long it runs, and whether (and how) it fails. */
export interface ActionFault {
  failWith?: string;
  failStatus?: string;
  actionMs: number;
}

/** What the server must do with a request before (or instead of) routing it. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: 'answer'; status: number; body?: unknown; headers?: Record<string, string>; label: string };

const ROTATING_5XX = [503, 502, 504] as const;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createFaults(faultRate: number, expireTokens: () => void): FaultControls {
  return {
    faultRate, next429: 0, retryAfterSeconds: 1, next5xx: 0, resetNext: 0,
    failActions: [], rejectNext: [], expireTokens, dropResponseNext: 0, dropMatching: [],
    rate429: 0, burst429: 3, resetRate: 0, dropRate: 0, failActionRate: 0,
  };
}

/** Mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Decides (and consumes) the fault for one /itcare request. Order: reset, write reset, reject, 429, a
 * 429 burst under way, 5xx, then the seeded random ones: reset, 429 burst, 503.
 */
export function decideFault(
  f: FaultControls, rng: () => number, counter: { n5xx: number; burst429?: number }, method: string, path: string,
): FaultDecision {
  if (f.resetNext > 0) {
    f.resetNext--;
    return { kind: 'reset' };
  }
  if ((f.resetNextWrites ?? 0) > 0 && WRITES.has(method)) {
    f.resetNextWrites!--;
    return { kind: 'reset' };
  }
  const i = f.rejectNext.findIndex(
    (r) => (!r.method || r.method.toUpperCase() === method) && (!r.pathPrefix || path.startsWith(r.pathPrefix)),
  );
  if (i >= 0) {
    const [r] = f.rejectNext.splice(i, 1);
    const body = r!.errorCode || r!.errorMessage
      ? { status: statusName(r!.status), errorCode: r!.errorCode ?? 'ERROR', errorDesc: '', errorMessage: r!.errorMessage ?? '' }
      : undefined;
    return { kind: 'answer', status: r!.status, body, label: 'rejected' };
  }
  if (f.next429 > 0) {
    f.next429--;
    const secs = Math.max(0, Math.floor(f.retryAfterSeconds));
    return { kind: 'answer', status: 429, headers: { 'retry-after': String(secs) }, label: '429' };
  }
  if ((counter.burst429 ?? 0) > 0) {
    counter.burst429!--;
    return answer429(f, 'burst-429');
  }
  if (f.next5xx > 0) {
    f.next5xx--;
    const status = ROTATING_5XX[counter.n5xx++ % ROTATING_5XX.length]!;
    return { kind: 'answer', status, label: '5xx' };
  }
  // Each rate draws only when it is set, so the sequence of the older faultRate stays as it was.
  if (f.resetRate > 0 && rng() < f.resetRate) return { kind: 'reset' };
  if (f.rate429 > 0 && rng() < f.rate429) {
    counter.burst429 = Math.max(0, Math.floor(f.burst429) - 1);
    return answer429(f, 'burst-429');
  }
  if (f.faultRate > 0 && rng() < f.faultRate) return { kind: 'answer', status: 503, label: 'random-5xx' };
  return { kind: 'none' };
}

function answer429(f: FaultControls, label: string): FaultDecision {
  const secs = Math.max(0, Math.floor(f.retryAfterSeconds));
  return { kind: 'answer', status: 429, headers: { 'retry-after': String(secs) }, label };
}

/** Whether the answer of a processed mutating request is dropped: `dropMatching`, `dropResponseNext`, then `dropRate`. */
export function takeDrop(f: FaultControls, rng: () => number, method = '', path = ''): boolean {
  const i = f.dropMatching.findIndex((r) => (!r.method || r.method.toUpperCase() === method) && (!r.pathPrefix || path.startsWith(r.pathPrefix)));
  if (i >= 0) {
    f.dropMatching.splice(i, 1);
    return true;
  }
  if (f.dropResponseNext > 0) {
    f.dropResponseNext--;
    return true;
  }
  return f.dropRate > 0 && rng() < f.dropRate;
}

/**
 * The fault of a new action: a failActions rule (consumed), else a seeded `failActionRate` failure;
 * slow (`slowActionMs`) for every action, or for a `slowActionRate` share of them.
 */
export function actionFault(
  f: FaultControls, rng: () => number, baseActionMs: number, resourceName: string, operation: string, process: string,
): ActionFault {
  let actionMs = baseActionMs;
  if (f.slowActionMs !== undefined && (f.slowActionRate === undefined || (f.slowActionRate > 0 && rng() < f.slowActionRate))) {
    actionMs = f.slowActionMs;
  }
  const rule = takeActionRule(f, resourceName, operation, process);
  if (rule) return { actionMs, failWith: rule.message, ...(rule.status ? { failStatus: rule.status } : {}) };
  if (f.failActionRate > 0 && rng() < f.failActionRate) {
    return { actionMs, failWith: `${operation} failed on ${resourceName}: injected failure (failActionRate)` };
  }
  return { actionMs };
}

/** Finds and consumes a failActions rule for an action; returns the ERROR message, if any. */
export function takeActionFailure(
  f: FaultControls, resourceName: string, operation: string, process: string,
): string | undefined {
  return takeActionRule(f, resourceName, operation, process)?.message;
}

function takeActionRule(
  f: FaultControls, resourceName: string, operation: string, process: string,
): { message: string; status?: string } | undefined {
  const op = operation.toLowerCase();
  const proc = process.toLowerCase();
  const i = f.failActions.findIndex((r) =>
    (r.resourceName === undefined || r.resourceName === resourceName) &&
    (r.operation === undefined || [op, proc].includes(r.operation.toLowerCase())) &&
    (r.count === undefined || r.count > 0));
  if (i < 0) return undefined;
  const rule = f.failActions[i]!;
  if (rule.count !== undefined) {
    rule.count--;
    if (rule.count <= 0) f.failActions.splice(i, 1);
  }
  return { message: rule.message ?? `${operation} failed on ${resourceName} (injected by the simulator)`, status: rule.status?.toUpperCase() };
}

const MERGEABLE = [
  'slowActionMs', 'faultRate', 'next429', 'retryAfterSeconds', 'next5xx', 'resetNext', 'resetNextWrites', 'failActions', 'rejectNext', 'dropResponseNext', 'dropMatching',
  'rate429', 'burst429', 'resetRate', 'dropRate', 'failActionRate', 'slowActionRate',
] as const;
const RATES = new Set(['faultRate', 'rate429', 'resetRate', 'dropRate', 'failActionRate', 'slowActionRate']);

/** JSON merge of an HTTP body into the controls (`POST /__sim/faults`); `expireTokens: true` calls it. */
export function mergeFaults(f: FaultControls, patch: Record<string, unknown>): void {
  for (const key of MERGEABLE) {
    if (!(key in patch)) continue;
    const v = patch[key];
    if (key === 'failActions' || key === 'rejectNext' || key === 'dropMatching') {
      if (!Array.isArray(v)) throw new TypeError(`${key} must be an array`);
      (f as unknown as Record<string, unknown>)[key] = v;
    } else {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new TypeError(`${key} must be a number >= 0`);
      if (RATES.has(key) && v > 1) throw new TypeError(`${key} must be a probability between 0 and 1`);
      (f as unknown as Record<string, unknown>)[key] = v;
    }
  }
  if (patch.expireTokens === true) f.expireTokens();
}

/** A JSON view of the controls (without the function). */
export function faultsSnapshot(f: FaultControls): Record<string, unknown> {
  return Object.fromEntries(MERGEABLE.map((k) => [k, f[k]]));
}

/** Resets every knob to "no fault" (keeps the function). */
export function clearFaults(f: FaultControls, faultRate: number): void {
  Object.assign(f, {
    faultRate, next429: 0, retryAfterSeconds: 1, next5xx: 0, resetNext: 0, resetNextWrites: 0, failActions: [], rejectNext: [], dropResponseNext: 0, dropMatching: [], slowActionMs: undefined,
    rate429: 0, burst429: 3, resetRate: 0, dropRate: 0, failActionRate: 0, slowActionRate: undefined,
  });
}

function statusName(status: number): string {
  const names: Record<number, string> = {
    400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT',
    422: 'UNPROCESSABLE_ENTITY', 429: 'TOO_MANY_REQUESTS', 500: 'INTERNAL_SERVER_ERROR', 502: 'BAD_GATEWAY',
    503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT',
  };
  return names[status] ?? String(status);
}
