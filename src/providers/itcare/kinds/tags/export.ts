// What `caretaker export` writes of the `Tags` kind, on request only (`--kind Tags`): one document per
// tagged resource of the service that no other kind manages, `resource: {serviceId, name}` or `{id}`.
import { OWNER_TAG, type ExportedResource } from '../../../../engine/provider.js';
import { isObject } from '../../../../core/objects.js';
import { getArray, listAll } from '../../common/client.js';
import type { ItcareContext, ItcareExport } from '../../common/kind.js';
import { toNumber } from '../../common/normalize.js';
import { tagsOf } from '../../common/tags.js';

/**
 * Tags documents for the tagged resources of the service that no other kind manages (a list item
 * with no kind's sign: VMs, other databases…): `resource: {serviceId, name}` when the name is unique, else `{id}`.
 */
function readTags({ http, kinds }: ItcareContext): (serviceId: number) => Promise<ExportedResource[]> {
  return async (serviceId) => {
    const items = await listAll(http, '/itcare/compute/resources', { services: serviceId });
    const count = new Map<string, number>();
    for (const i of items) if (typeof i.name === 'string') count.set(i.name, (count.get(i.name) ?? 0) + 1);
    const out: ExportedResource[] = [];
    for (const i of items) {
      if (typeof i.name !== 'string' || i.id === undefined || kinds.kindOf(i) !== undefined) continue;
      const list = Array.isArray(i.tags) ? i.tags.filter(isObject) : await getArray(http, `/itcare/compute/resources/${String(i.id)}/tags`);
      const { tags } = tagsOf(list.filter((t) => t.tagKey !== OWNER_TAG));
      if (Object.keys(tags).length === 0) continue;
      const unique = count.get(i.name) === 1;
      const resource = unique ? { serviceId, name: i.name } : { id: toNumber(i.id) ?? i.id };
      const docName = `${i.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-tags${unique ? '' : `-${String(i.id)}`}`;
      out.push({ kind: 'Tags', name: docName, id: i.id as string | number, spec: { resource, tags }, notes: {} });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : 1));
  };
}

export const TAGS_EXPORT: ItcareExport = { fileStem: 'tags', onRequestOnly: true, read: readTags };
