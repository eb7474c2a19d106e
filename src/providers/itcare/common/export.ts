// `caretaker export`, the part every kind shares: each kind reads through its own `observeAll` (else
// `observe`: the same normalisers and shared list reads, hence the round trip export -> plan = no
// changes), with a probe spec that asks for every sub-read; then the kind fills the write-only
// fields a create needs from the best live source, each with a note saying so (kinds/<kind>/export.ts).
import type { ExportedResource, KindHandler, Observation } from '../../../engine/provider.js';
import { isObject } from '../../../core/objects.js';
import type { ItcareContext, ItcareExport, ObserveMany } from './kind.js';
import type { HttpClient } from '../../../http/types.js';
import { getArray } from './client.js';
import { fromNodes, toText } from './normalize.js';

/** The note of a write-only field read from another live field (it is never compared after create). */
export const WRITE_ONLY = 'write-only: not compared after create';

/** One exported resource from its observation, with the spec and notes the kind made of it. */
export function exported(kind: string, name: string, obs: Observation, spec: Record<string, unknown>, notes: Record<string, string>): ExportedResource {
  const out: ExportedResource = { kind, name, spec, notes };
  if (obs.id !== undefined) out.id = obs.id;
  if (obs.owner !== undefined) out.owner = obs.owner;
  return out;
}

/** region and area (write-only, required by the create) from the nodes, with a note. */
export function placement(nodes: unknown, spec: Record<string, unknown>, notes: Record<string, string>): void {
  if (!Array.isArray(nodes)) return;
  const p = fromNodes(nodes.filter(isObject), {});
  for (const k of ['region', 'area'] as const) {
    if (p[k] === undefined) continue;
    spec[k] = p[k];
    notes[`spec.${k}`] = `${WRITE_ONLY}; read from the nodes' ${k}`;
  }
}

/** Export reads like refresh: the handler's observeAll when it has one, else one observe per resource. */
function observerOf(h: KindHandler): ObserveMany {
  const all = h.observeAll?.bind(h);
  return all
    ? (ds) => (ds.length === 0 ? Promise.resolve(new Map()) : all(ds))
    : async (ds) => new Map(await Promise.all(ds.map(async (d) => [d.address, await h.observe(d)] as const)));
}

/** The handler with the kind's export: its reads (`exportAll`) and the rules the engine applies (`exportRules`). */
export function withExport(ctx: ItcareContext, h: KindHandler, e: ItcareExport): KindHandler {
  const { read, ...rules } = e;
  return { ...h, exportAll: read(ctx, observerOf(h)), exportRules: rules };
}

/**
 * A guess for the write-only `region` of a kind whose API returns no region and no nodes (OverDrive,
 * Matomo: no `area`, network or `/nodes`, ITCARE-API §3.1): the region most of the service's instances
 * are in (`GET /itcare/compute/services/{id}/instances`, Node items with `region`, `001:11100-11154`; ties:
 * the first by name). Undefined when the read fails or no instance says; never throws.
 */
export async function regionOfService(http: HttpClient, serviceId: number): Promise<string | undefined> {
  const nodes = await getArray(http, `/itcare/compute/services/${serviceId}/instances`).catch(() => []);
  const count = new Map<string, number>();
  for (const n of nodes) {
    const region = isObject(n.region) ? toText(n.region.id) : toText(n.region);
    if (region !== undefined) count.set(region, (count.get(region) ?? 0) + 1);
  }
  return [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** The note of a region guessed by `regionOfService`. */
export const NOT_READABLE_REGION = `${WRITE_ONLY}; NOT READABLE from the API: the region of most of the service's instances, check it before any re-create`;
