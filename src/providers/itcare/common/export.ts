// `caretaker export`, the part every kind shares: each kind reads through its own `observeAll` (else
// `observe`: the same normalisers and shared list reads, hence the round trip export -> plan = no
// changes), with a probe spec that asks for every sub-read; then the kind fills the write-only
// fields a create needs from the best live source, each with a note saying so (kinds/<kind>/export.ts).
import type { ExportedResource, KindHandler, Observation } from '../../../engine/provider.js';
import { isObject } from '../../../core/objects.js';
import type { ItcareContext, ItcareExport, ObserveMany } from './kind.js';
import { fromNodes } from './normalize.js';

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
