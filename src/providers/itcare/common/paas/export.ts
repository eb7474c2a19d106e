// `caretaker export` of a PaaS kind: the names of the kind's items in the service, observed with a
// probe spec that asks for every sub-read, then finished by the kind (write-only create fields, notes).
import { dict } from '../../../../core/dict.js';
import type { ExportedResource, Observation } from '../../../../engine/provider.js';
import type { HttpClient } from '../../../../http/types.js';
import { isObject } from '../../../../core/objects.js';
import { listAll, type Json } from '../client.js';
import { exported } from '../export.js';
import { itemHasSign, type ItcareContext, type ItcareExport } from '../kind.js';
import { toNumber } from '../normalize.js';
import type { PaasReader } from './observe.js';

/** What a PaaS kind adds to the shared export. */
export interface PaasExportSpec {
  /** Stem of the kind's file names (the kind folder's name). */
  fileStem: string;
  /** The spec that makes `observe` read every sub-resource (null = "managed, no preference"). */
  probe(serviceId: number): Record<string, unknown>;
  /**
   * Turns the observed spec into the document's: adds the write-only fields a create needs, drops what
   * must not be written, with a note per guessed or derived value. `raw` is `Observation.raw`.
   */
  finish?(ctx: ItcareContext, r: PaasReader, obs: Observation, raw: Json, spec: Record<string, unknown>, notes: Record<string, string>): void | Promise<void>;
}

/** Names of the items of `r`'s kind in the service, sorted, each once. */
async function paasNames(http: HttpClient, r: PaasReader, serviceId: number): Promise<string[]> {
  const items = await listAll(http, r.list.path, { services: serviceId });
  const names = items
    .filter((i) => typeof i.name === 'string' && (r.list.own === true || itemHasSign(i, r.sign)))
    .filter((i) => i.serviceId === undefined || toNumber(i.serviceId) === serviceId)
    .map((i) => i.name as string);
  return [...new Set(names)].sort();
}

/** The export of the PaaS kind `r`. */
export function paasExport(r: PaasReader, e: PaasExportSpec): ItcareExport {
  const { probe, finish, ...rules } = e;
  return {
    ...rules,
    read: (ctx, observe) => async (serviceId): Promise<ExportedResource[]> => {
      const out: ExportedResource[] = [];
      const names = await paasNames(ctx.http, r, serviceId);
      const probes = names.map((name) => ({ address: `${r.kind}/${name}`, kind: r.kind, name, spec: probe(serviceId) }));
      const observed = await observe(probes);
      for (const { address, name } of probes) {
        const obs = observed.get(address)!;
        if (!obs.exists) continue;
        const raw = isObject(obs.raw) ? obs.raw : {};
        const spec: Record<string, unknown> = { ...obs.spec };
        const notes = dict<string>();
        await finish?.(ctx, r, obs, raw, spec, notes);
        out.push(exported(r.kind, name, obs, spec, notes));
      }
      return out;
    },
  };
}
