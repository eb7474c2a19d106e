// What `caretaker export` writes of the `PatchPolicy` kind: one document per service with an entry
// per resource of its patch policies, minus the resources whose own spec.patchParty the export writes.
import { dict } from '../../../../core/dict.js';
import type { ExportedResource } from '../../../../engine/provider.js';
import { getArray, listAll } from '../../common/client.js';
import type { ItcareContext, ItcareExport } from '../../common/kind.js';
import { toBool, toNumber, toText } from '../../common/normalize.js';
import { policiesPath } from './observe.js';

const KIND = 'PatchPolicy';

/**
 * The service's patch-party settings as one PatchPolicy: one entry per resource of
 * `GET /itcare/compute/services/{id}/patch-policies`, named when the name is unique in the service.
 */
function readPolicies({ http }: ItcareContext): (serviceId: number) => Promise<ExportedResource[]> {
  return async (serviceId) => {
    const list = await getArray(http, policiesPath(serviceId));
    const resources = await listAll(http, '/itcare/compute/resources', { services: serviceId });
    const nameCount = new Map<string, number>();
    for (const r of resources) if (typeof r.name === 'string') nameCount.set(r.name, (nameCount.get(r.name) ?? 0) + 1);
    const entries: Record<string, unknown>[] = [];
    const notes = dict<string>();
    for (const p of [...list].sort((a, b) => String(a.name ?? a.id).localeCompare(String(b.name ?? b.id)))) {
      const name = toText(p.name);
      const resource = name !== undefined && nameCount.get(name) === 1 ? { name } : { id: toNumber(p.id) ?? p.id };
      const entry: Record<string, unknown> = { resource };
      const excluded = toBool(p.excluded) === true;
      entry.excluded = excluded;
      const group = toText(p.patchGroup);
      if (group !== undefined && !excluded) entry.patchGroup = group;
      if (excluded) {
        const reason = toText(p.exclusionReason);
        entry.exclusionReason = reason ?? 'excluded in ITCare (no reason recorded)';
        if (reason === undefined) notes[`spec.resources.${entries.length}.exclusionReason`] = 'NOT READABLE: ITCare holds no reason; a reason is required, write the real one';
      }
      entries.push(entry);
    }
    if (entries.length === 0) return [];
    return [{ kind: KIND, name: `service-${serviceId}-patching`, id: serviceId, spec: { serviceId, resources: entries }, notes }];
  };
}

/**
 * A resource's patch party is managed once: by its own spec.patchParty when the export writes that
 * resource, so the PatchPolicy keeps only the entries of the other resources (dropped when empty).
 */
function settle(r: ExportedResource, selected: readonly ExportedResource[]): ExportedResource | undefined {
  if (!Array.isArray(r.spec.resources)) return r;
  const own = selected.filter((o) => o.kind !== KIND && o.spec.patchParty !== undefined);
  const names = new Set(own.map((o) => o.name));
  const ids = new Set(own.filter((o) => o.id !== undefined).map((o) => String(o.id)));
  const keep = (r.spec.resources as Array<Record<string, unknown>>).filter((e) => {
    const t = (e.resource ?? {}) as Record<string, unknown>;
    return !(typeof t.name === 'string' && names.has(t.name)) && !(t.id !== undefined && ids.has(String(t.id)));
  });
  return keep.length === 0 ? undefined : { ...r, spec: { ...r.spec, resources: keep }, notes: {} };
}

// The document names its service: `spec.serviceId` is written, not left to the Stack's defaults.
export const PATCH_POLICY_EXPORT: ItcareExport = { fileStem: 'patch-policy', keepsServiceId: true, settle, read: readPolicies };
