// Finding resources of any kind by exact name through the generic list `GET /itcare/compute/resources`
// (ITCARE-API §10.2), for the governance kinds whose targets may be of any kind; the kind of an item
// is told by the descriptors' signs (KindDirectory).
import { RefusedError } from '../../../core/errors.js';
import type { HttpClient } from '../../../http/types.js';
import { listAll, type Json } from './client.js';
import type { KindDirectory } from './kind.js';
import { toNumber } from './normalize.js';

/** Every live resource named one of `names` (exact match), optionally within one service. One paged GET. */
export async function resourcesNamed(http: HttpClient, names: readonly string[], serviceId?: number): Promise<Json[]> {
  if (names.length === 0) return [];
  const query = { names: [...new Set(names)].sort(), ...(serviceId === undefined ? {} : { services: serviceId }) };
  const items = await listAll(http, '/itcare/compute/resources', query);
  return items.filter((i) => typeof i.name === 'string' && names.includes(i.name));
}

/** Names per `names=` list request: keeps the query string well under the usual 8 kB URL limits. */
const NAMES_PER_REQUEST = 50;

/** `resourcesNamed` for any number of names, in requests of NAMES_PER_REQUEST names (in parallel). */
export async function resourcesNamedInChunks(http: HttpClient, names: readonly string[], serviceId?: number): Promise<Json[]> {
  const unique = [...new Set(names)].sort();
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += NAMES_PER_REQUEST) chunks.push(unique.slice(i, i + NAMES_PER_REQUEST));
  return (await Promise.all(chunks.map((c) => resourcesNamed(http, c, serviceId)))).flat();
}

export interface Pick {
  name: string;
  serviceId?: number;
  kind?: string;
}

/** The items that are `p` (same name, service when given, kind when given, told by `kinds`), one per id. */
export function matching(items: readonly Json[], p: Pick, kinds: KindDirectory): Json[] {
  const byId = new Map<string, Json>();
  for (const i of items) {
    if (i.name !== p.name || i.id === undefined || i.id === null) continue;
    if (p.serviceId !== undefined && i.serviceId !== undefined && toNumber(i.serviceId) !== p.serviceId) continue;
    if (p.kind !== undefined && !kinds.isOfKind(i, p.kind)) continue;
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
export function single(items: readonly Json[], p: Pick, address: string, hint: string, kinds: KindDirectory): Json | undefined {
  const hits = matching(items, p, kinds);
  if (hits.length > 1) {
    throw new RefusedError(`${hits.length} live resources match ${describePick(p)}: ${describeHits(hits)}; ${hint}`, address);
  }
  return hits[0];
}

export function describePick(p: Pick): string {
  const kind = p.kind === undefined ? 'resource' : p.kind;
  return `${kind} ${p.name}${p.serviceId === undefined ? '' : ` in service ${p.serviceId}`}`;
}
