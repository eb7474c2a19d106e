// `caretaker list`: what a stack owns, live (like `terraform state list` with the ids and endpoints
// another tool consumes), from one refresh: the manifests' resources found live with the stack's tag,
// the owned ones the manifests no longer name, and with `unowned` the manifests' resources that exist
// live without the tag. Pure: reads only the refresh's result and the kinds' pure `liveFacts`.
import { compareAddress, formatAddress } from '../core/address.js';
import type { ManifestSet } from '../manifest/types.js';
import type { Observation, Provider } from './provider.js';
import type { RefreshResult } from './refresh.js';

export interface ListedResource {
  address: string;
  kind: string;
  name: string;
  id?: string | number;
  /** The API's own status word (ACTIVE, RUNNING…), when its reads returned one. */
  status?: string;
  /** Endpoints or URLs the API returns for the resource (may be empty). */
  endpoints: string[];
  /** False for an owned resource that no manifest names any more (prune would delete it). */
  inManifests: boolean;
  /** `unowned` rows: the stack that tags it, if another one. */
  owner?: string;
  /** Set when the API cannot show ownership (the resource is listed because the manifests name it). */
  ownershipUnverifiable?: true;
}

export interface StackListing {
  stack: string;
  /** What the stack owns, by address. */
  resources: ListedResource[];
  /** With `unowned`: the manifests' resources that exist live without this stack's tag. */
  unowned?: ListedResource[];
}

export interface ListOptions {
  providers: ReadonlyMap<string, Provider>;
  /** Kinds caretaker owns (not the governance kinds, which only set properties of other resources). */
  owned: (kind: string) => boolean;
  unowned?: boolean;
}

function row(kind: string, name: string, o: Observation, provider: Provider | undefined, inManifests: boolean): ListedResource {
  const facts = provider?.handler(kind)?.liveFacts?.(o) ?? {};
  // Keys in the documented order: identity, id, status, endpoints, then where it comes from.
  return {
    address: formatAddress(kind, name), kind, name,
    ...(o.id !== undefined ? { id: o.id } : {}),
    ...(facts.status ? { status: facts.status } : {}),
    endpoints: [...new Set(facts.endpoints ?? [])], inManifests,
  };
}

/** The listing of `set`'s stack from a refresh of it made with `listOwned`. */
export function listStack(set: ManifestSet, live: Pick<RefreshResult, 'observations' | 'owned'>, opts: ListOptions): StackListing {
  const stack = set.stack.name;
  const resources = new Map<string, ListedResource>();
  const unowned: ListedResource[] = [];
  for (const r of set.resources) {
    const o = live.observations.get(r.address);
    if (!o?.exists || !opts.owned(r.kind)) continue;
    const provider = opts.providers.get(r.provider);
    if (o.owner === stack) resources.set(r.address, row(r.kind, r.name, o, provider, true));
    else if (o.ownershipUnverifiable) resources.set(r.address, { ...row(r.kind, r.name, o, provider, true), ownershipUnverifiable: true });
    else if (opts.unowned) unowned.push({ ...row(r.kind, r.name, o, provider, true), ...(o.owner ? { owner: o.owner } : {}) });
  }
  const providerOf = new Map(set.resources.map((r) => [r.kind, r.provider]));
  for (const o of live.owned) {
    const address = formatAddress(o.kind, o.name);
    if (resources.has(address) || !opts.owned(o.kind)) continue;
    const provider = [...opts.providers.values()].find((p) => p.name === providerOf.get(o.kind)) ?? [...opts.providers.values()].find((p) => p.handler(o.kind));
    resources.set(address, row(o.kind, o.name, { ...o.observation, id: o.observation.id ?? o.id }, provider, set.resources.some((r) => r.address === address)));
  }
  const sorted = (list: Iterable<ListedResource>) => [...list].sort((a, b) => compareAddress(a.address, b.address));
  return { stack, resources: sorted(resources.values()), ...(opts.unowned ? { unowned: sorted(unowned) } : {}) };
}
