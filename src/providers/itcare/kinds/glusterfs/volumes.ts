// GlusterFS volumes (`001:23543-23595`; `GET /itcare/storage/glusterfs/{id}/volumes`, `001:23658-23672`,
// sample `001:24066-24077`): the live list in spec shape, and the create's own volume. The create makes
// a first volume from `user_name` and `diskSize` (`001:23335`, `001:23375-23377`); add_volume makes the
// others, named after their user (it sends `userName` and no name, while resize_volume and delete_volume
// send `name`, with one value for both in the docs' examples, "dda").
import type { Json } from '../../common/client.js';
import { toNumber, toText } from '../../common/normalize.js';

/** One volume in spec shape. */
export interface Volume {
  name: string;
  diskSize?: number;
}

/**
 * A `/volumes` item in spec shape. The sample has no name (`{free, mountingPoint, sizeOf, type}`): the name
 * is `name` when present, else the last segment of `mountingPoint`; the size is `sizeOf` (GB), else
 * `diskSize`. Undefined when no name can be read.
 */
export function volumeOf(item: Json): Volume | undefined {
  const mount = toText(item.mountingPoint)?.replace(/\/+$/, '');
  const name = toText(item.name) ?? (mount === undefined ? undefined : mount.slice(mount.lastIndexOf('/') + 1));
  if (name === undefined || name === '') return undefined;
  const size = toNumber(item.sizeOf ?? item.diskSize);
  return size === undefined ? { name } : { name, diskSize: size };
}

/** The name of the volume the create made: the spec's user name (either spelling, `001:23335` vs `001:23440`). */
export function createVolumeName(spec: Record<string, unknown>): string | undefined {
  return toText(spec.user_name) ?? toText(spec.userName);
}

/**
 * The live volumes split into the create's own (named `own`; without a name, as for export, the first
 * listed) and the others, in the list's order.
 */
export function splitVolumes(items: readonly Json[], own: string | undefined): { first?: Volume; others: Volume[] } {
  const all = items.map(volumeOf).filter((v): v is Volume => v !== undefined);
  const name = own ?? all[0]?.name;
  return { first: all.find((v) => v.name === name), others: all.filter((v) => v.name !== name) };
}
