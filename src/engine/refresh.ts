// Refresh: read the live state of every desired address (and, for prune/destroy, every owned
// resource) through the providers, with bounded parallelism. The only I/O step before planning.
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { dict, own } from '../core/dict.js';
import { CaretakerError, InternalError, RefusedError, withContext } from '../core/errors.js';
import { redactDeep } from '../core/secret.js';
import type { ResourceManifest } from '../manifest/types.js';
import type { EventSink } from './events.js';
import { createReadScope, type DesiredResource, type KindHandler, type Observation, type OwnedResource, type Provider, type ReadScope } from './provider.js';

export interface RefreshInput {
  stack: string;
  resources: readonly ResourceManifest[];
  providers: ReadonlyMap<string, Provider>;
  /** Also list owned resources (prune and destroy). */
  listOwned: boolean;
  /** Include the owned resources in the fingerprint (prune and destroy act on them; a plain plan does not). */
  fingerprintOwned?: boolean;
  parallelism: number;
  sink?: EventSink;
  /** The ReadScope to share (a caller that reads more lists afterwards, e.g. `drift --unmanaged`); a new one by default. */
  reads?: ReadScope;
}

export interface RefreshResult {
  observations: Map<string, Observation>;
  owned: OwnedResource[];
  /** sha256 of the live state the plan is based on (see liveFingerprint). */
  fingerprint: string;
}

function toDesired(r: ResourceManifest): DesiredResource {
  return { address: r.address, kind: r.kind, name: r.name, spec: r.spec };
}

/** Finds a provider's handler for a kind, or throws a configuration-style error naming both. */
export function handlerFor(providers: ReadonlyMap<string, Provider>, provider: string, kind: string) {
  const p = providers.get(provider);
  const h = p?.handler(kind);
  if (!p || !h) throw new CaretakerError('ERR_NO_HANDLER', `no provider handles kind ${kind} (provider "${provider}")`);
  return h;
}

export async function refresh(input: RefreshInput): Promise<RefreshResult> {
  const limit = pLimit(Math.max(1, input.parallelism));
  input.sink?.({ type: 'refresh_start', resources: input.resources.length });
  const observations = new Map<string, Observation>();
  // Kinds whose handler reads in bulk are observed in one call per kind (the HTTP layer's request
  // budget bounds what is on the wire); the others one resource at a time, `parallelism` at once.
  const bulk = new Map<KindHandler, DesiredResource[]>();
  const single: Array<{ r: ResourceManifest; handler: KindHandler }> = [];
  for (const r of input.resources) {
    const handler = handlerFor(input.providers, r.provider, r.kind);
    if (!handler.observeAll) single.push({ r, handler });
    else if (bulk.has(handler)) bulk.get(handler)!.push(toDesired(r));
    else bulk.set(handler, [toDesired(r)]);
  }
  // One ReadScope for the whole refresh: a list two handlers (or refresh and the ownership listing)
  // both need is read once. The ownership listing runs beside the observations, not after them.
  const reads = input.reads ?? createReadScope();
  const serviceIds = [...new Set(input.resources.map((r) => Number(r.spec.serviceId)).filter((n) => Number.isFinite(n)))].sort();
  const ownedKinds = input.listOwned
    ? [...input.providers].sort().flatMap(([name, provider]) => provider.kinds().sort().map((kind) => ({ name, kind, handler: provider.handler(kind)! })))
    : [];
  const ownedLists: OwnedResource[][] = [];
  await Promise.all([
    ...[...bulk].map(async ([handler, desired]) => {
      let found: Map<string, Observation>;
      try {
        found = await handler.observeAll!(desired, reads);
      } catch (err) {
        const address = err instanceof RefusedError && err.address ? err.address : undefined;
        throw withContext(err, address ? `cannot observe ${address}` : `cannot observe the ${handler.kind} resources`);
      }
      for (const d of desired) {
        const o = found.get(d.address);
        if (!o) throw new InternalError(`${handler.kind} observeAll returned no observation for ${d.address}`);
        observations.set(d.address, o);
      }
    }),
    ...single.map(({ r, handler }) =>
      limit(async () => {
        try {
          observations.set(r.address, await handler.observe(toDesired(r)));
        } catch (err) {
          throw withContext(err, `cannot observe ${r.address}`);
        }
      }),
    ),
    ...ownedKinds.map(({ name, kind, handler }, i) =>
      limit(async () => {
        try {
          ownedLists[i] = await handler.listOwned(input.stack, { serviceIds }, reads);
        } catch (err) {
          throw withContext(err, `cannot list ${kind} resources owned by stack ${input.stack} (provider ${name})`);
        }
      }),
    ),
  ]);
  const owned: OwnedResource[] = ownedLists.flat();
  if (input.listOwned) {
    owned.sort((a, b) => (`${a.kind}/${a.name}` < `${b.kind}/${b.name}` ? -1 : 1));
  }
  const requests = [...input.providers.values()].reduce((n, p) => n + (p.requestCount?.() ?? 0), 0);
  input.sink?.({ type: 'refresh_complete', resources: observations.size + owned.length, requests });
  return { observations, owned, fingerprint: fingerprint(observations, input.fingerprintOwned === false ? [] : owned) };
}

/**
 * Fingerprint of the live state: ids, owners and normalised specs of every address, sorted.
 * Actions in progress are left out (they end on their own between plan and apply).
 */
export function fingerprint(observations: ReadonlyMap<string, Observation>, owned: readonly OwnedResource[]): string {
  const rows: unknown[] = [];
  for (const [address, o] of [...observations].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    rows.push([address, o.exists, o.id ?? null, o.owner ?? null, sortKeys(redactDeep(o.spec))]);
  }
  for (const o of owned) rows.push([`${o.kind}/${o.name}`, true, o.id, o.observation.owner ?? null]);
  return 'sha256:' + createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out = dict<unknown>();
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(own(v as Record<string, unknown>, k));
    return out;
  }
  return v;
}
