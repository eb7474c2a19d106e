// GlusterFS's own operations on top of the shared PaaS ones (`001:23490-23660`): the volumes, keyed by
// name. add_volume, resize_volume (grow only) and delete_volume, each flagged irreversible as the docs
// say ("This operation cannot be undone afterwards"). The create's own volume (spec.user_name and
// spec.diskSize) grows with resize_volume too. Refused at plan time: a shrink, a volume to add without
// its userPass, a listed volume that is the create's own, and a diskSize with no live volume to resize.
import { RefusedError } from '../../../../core/errors.js';
import { isObject } from '../../../../core/objects.js';
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../../engine/plan.js';
import { diffHeads } from '../../common/changes.js';
import { toNumber, toText } from '../../common/normalize.js';
import { addToPhase } from '../../common/phases.js';
import type { PaasOperations } from '../../common/paas/handler.js';
import { patchOp, type Phased } from '../../common/paas/operations.js';
import { GLUSTERFS } from './observe.js';
import { createVolumeName } from './volumes.js';

/** A volume of the spec: name, size (number or numeric string), and the user password (a Secret, or text). */
interface WantedVolume {
  name: string;
  diskSize: number;
  userPass?: unknown;
}

/** The spec's volumes, in its order; the create's own volume listed there is refused (it is spec.diskSize). */
function wantedVolumes(d: DesiredResource): WantedVolume[] {
  const own = createVolumeName(d.spec);
  const list = Array.isArray(d.spec.volumes) ? d.spec.volumes.filter(isObject) : [];
  return list.map((v) => {
    const name = toText(v.name) ?? '';
    if (name === own) {
      throw new RefusedError(`volumes.${name}: the volume named after spec.user_name is the one the create makes; its size is spec.diskSize, so leave it out of spec.volumes`, d.address);
    }
    return { name, diskSize: toNumber(v.diskSize) ?? 0, userPass: v.userPass };
  });
}

type Flags = { serviceId?: number };

/** `add_volume {diskSize, userName, userPass}` (`001:23543-23559`): the volume is named after its user. */
function addOp(d: DesiredResource, id: string | number, v: WantedVolume, f: Flags): Operation {
  if (v.userPass === undefined) {
    throw new RefusedError(`volumes.${v.name}.userPass: add_volume needs the volume user's password (001:23557); set it (as \${env:…}) to add the volume`, d.address);
  }
  // The examples send the size as a string, "42" (`001:23555`): sent as they show it.
  const options = { diskSize: String(v.diskSize), userName: v.name, userPass: v.userPass };
  return patchOp(GLUSTERFS, id, 'add_volume', options, { summary: `add volume ${v.name} (${v.diskSize} GB)`, irreversible: true, serviceId: f.serviceId });
}

/** `resize_volume {name, diskSize, userName}` (`001:23561-23577`), growing only; a shrink is refused. */
function resizeOp(d: DesiredResource, id: string | number, name: string, from: number, to: number, field: string, f: Flags): Operation {
  if (to < from) {
    throw new RefusedError(`${field}: cannot shrink volume ${name} from ${from} GB to ${to} GB (ITCare's resize_volume grows a volume; a smaller size would lose data)`, d.address);
  }
  const options = { name, diskSize: String(to), userName: name };
  return patchOp(GLUSTERFS, id, 'resize_volume', options, { summary: `resize volume ${name} ${from} -> ${to} GB`, irreversible: true, serviceId: f.serviceId });
}

/** `delete_volume {name}` (`001:23579-23595`, under a second "Resize Volume" title). */
function deleteOp(id: string | number, name: string, f: Flags): Operation {
  return patchOp(GLUSTERFS, id, 'delete_volume', { name }, { summary: `delete volume ${name}`, irreversible: true, serviceId: f.serviceId });
}

/** One add_volume per spec volume on the new cluster (`self`). */
function createExtras(d: DesiredResource, self: string): Operation[] {
  const f = { serviceId: toNumber(d.spec.serviceId) };
  return wantedVolumes(d).map((v) => addOp(d, self, v, f));
}

/** The create's own volume: grown to spec.diskSize. */
function ownVolume(d: DesiredResource, o: Observation, f: Flags, phased: Phased): void {
  const name = createVolumeName(d.spec);
  const want = toNumber(d.spec.diskSize);
  const have = toNumber(o.spec.diskSize);
  if (want === undefined || name === undefined) return;
  if (have === undefined) {
    const live = Array.isArray(o.spec.volumes) ? o.spec.volumes.filter(isObject).map((v) => String(v.name)) : [];
    throw new RefusedError(`diskSize: no live volume is named ${name} (spec.user_name names the volume the create made); live volumes: ${live.join(', ') || 'none'}`, d.address);
  }
  if (want !== have) addToPhase(phased, 'resize_volume', resizeOp(d, o.id as string | number, name, have, want, 'diskSize', f));
}

/** The other volumes: add the new, grow the larger, delete the unlisted. */
function otherVolumes(d: DesiredResource, o: Observation, f: Flags, phased: Phased): void {
  const id = o.id as string | number;
  const want = wantedVolumes(d);
  const live = new Map((Array.isArray(o.spec.volumes) ? o.spec.volumes.filter(isObject) : []).map((v) => [String(v.name), toNumber(v.diskSize)] as const));
  for (const v of want) {
    if (!live.has(v.name)) addToPhase(phased, 'add_volume', addOp(d, id, v, f));
    else {
      const have = live.get(v.name);
      if (have !== undefined && have !== v.diskSize) addToPhase(phased, 'resize_volume', resizeOp(d, id, v.name, have, v.diskSize, `volumes.${v.name}.diskSize`, f));
    }
  }
  const kept = new Set(want.map((v) => v.name));
  for (const name of [...live.keys()].sort()) if (!kept.has(name)) addToPhase(phased, 'delete_volume', deleteOp(id, name, f));
}

function updates(d: DesiredResource, o: Observation, diff: readonly FieldDiff[], _ctx: unknown, phased: Phased): string[] {
  const heads = diffHeads(diff);
  const f = { serviceId: toNumber(d.spec.serviceId) ?? toNumber(o.spec.serviceId) };
  const handled: string[] = [];
  if (heads.has('diskSize')) {
    ownVolume(d, o, f, phased);
    handled.push('diskSize');
  }
  if (heads.has('volumes') && Array.isArray(d.spec.volumes)) {
    otherVolumes(d, o, f, phased);
    handled.push('volumes');
  }
  return handled;
}

/** `create GlusterFS orders-files (2cpu4gb, volume orders of 20 GB, 1 more volume)`. */
function createSummary(d: DesiredResource): string {
  const more = Array.isArray(d.spec.volumes) ? d.spec.volumes.length : 0;
  const parts = [
    toText(d.spec.nodeSizing),
    `volume ${createVolumeName(d.spec) ?? '?'} of ${String(d.spec.diskSize)} GB`,
    more === 0 ? undefined : `${more} more volume${more === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return `create GlusterFS ${d.name} (${parts.join(', ')})`;
}

export const GLUSTERFS_OPERATIONS: PaasOperations = {
  createSummary,
  checkCreate: (d) => void wantedVolumes(d),
  createExtras,
  updates,
};
