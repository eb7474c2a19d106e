// Finding resources of any kind by exact name through the generic list `GET /itcare/compute/resources`
// (ITCARE-API §10.2), for the governance kinds (Tags, PatchPolicy) whose targets may be of any kind.
import { RefusedError } from '../../../core/errors.js';
import type { HttpClient } from '../../../http/types.js';
import { listAll, type Json } from './client.js';
import { toNumber } from './normalize.js';

/**
 * How a caretaker kind shows in the generic list: the tail of its `path` (relative to `/itcare`, which
 * "tells where to get details", `001:2449`), else a word of its family / technology / type / category.
 */
const KIND_SIGNS: Readonly<Record<string, { tail: string; word: RegExp }>> = {
  Redis: { tail: '/redis', word: /redis/i },
  PostgreSQL: { tail: '/postgresql', word: /postgre/i },
  KubernetesCluster: { tail: '/kubernetes', word: /kubernetes/i },
  LoadBalancer: { tail: '/loadbalancers', word: /load.?balancer/i },
};

/** Kinds a `{ref}` target can be looked up for (the ITCare kinds of the manifests). */
export const LOOKUP_KINDS = Object.keys(KIND_SIGNS).sort();

/** Whether a generic list item is a resource of the caretaker `kind` (unknown kinds never match). */
export function itemIsOfKind(item: Json, kind: string): boolean {
  const sign = KIND_SIGNS[kind];
  if (!sign) return false;
  if (typeof item.path === 'string' && item.path !== '') return item.path.replace(/\/+$/, '').toLowerCase().endsWith(sign.tail);
  return [item.family, item.technology, item.type, item.category].some((v) => typeof v === 'string' && sign.word.test(v));
}

/** Every live resource named one of `names` (exact match), optionally within one service. One paged GET. */
export async function resourcesNamed(http: HttpClient, names: readonly string[], serviceId?: number): Promise<Json[]> {
  if (names.length === 0) return [];
  const query = { names: [...new Set(names)].sort(), ...(serviceId === undefined ? {} : { services: serviceId }) };
  const items = await listAll(http, '/itcare/compute/resources', query);
  return items.filter((i) => typeof i.name === 'string' && names.includes(i.name));
}

export interface Pick {
  name: string;
  serviceId?: number;
  kind?: string;
}

/** The items that are `p` (same name, service when given, kind when given), one per id. */
export function matching(items: readonly Json[], p: Pick): Json[] {
  const byId = new Map<string, Json>();
  for (const i of items) {
    if (i.name !== p.name || i.id === undefined || i.id === null) continue;
    if (p.serviceId !== undefined && i.serviceId !== undefined && toNumber(i.serviceId) !== p.serviceId) continue;
    if (p.kind !== undefined && !itemIsOfKind(i, p.kind)) continue;
    if (!byId.has(String(i.id))) byId.set(String(i.id), i);
  }
  return [...byId.values()];
}

/** `Redis orders-cache (id 1, service 46922), PostgreSQL …`: what a refusal lists for several matches. */
function describeHits(hits: readonly Json[]): string {
  return hits
    .map((h) => `${String(h.technology ?? h.type ?? h.path ?? 'resource')} ${String(h.name)} (id ${String(h.id)}, service ${String(h.serviceId ?? '?')})`)
    .join(', ');
}

/**
 * The one item that is `p`, or undefined when there is none. Several matches (same name in two
 * services, or two kinds sharing a name) are refused: caretaker never guesses.
 */
export function single(items: readonly Json[], p: Pick, address: string, hint: string): Json | undefined {
  const hits = matching(items, p);
  if (hits.length > 1) {
    throw new RefusedError(`${hits.length} live resources match ${describePick(p)}: ${describeHits(hits)}; ${hint}`, address);
  }
  return hits[0];
}

export function describePick(p: Pick): string {
  const kind = p.kind === undefined ? 'resource' : p.kind;
  return `${kind} ${p.name}${p.serviceId === undefined ? '' : ` in service ${p.serviceId}`}`;
}
