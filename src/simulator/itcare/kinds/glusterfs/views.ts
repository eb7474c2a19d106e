// The GlusterFS response shapes: `GET /itcare/storage/glusterfs/{id}` and the list items
// (`001:23938-24025`, `001:23774-23862`), the `/compute/services/{id}/storage` item (`001:9840-9927`),
// a node (`001:24078-24298`: the shared Node plus `glfsType` and `version`) and a volume (`001:24066-24076`).
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { nodeView, resourceBase, sizingParts, type NodeRecord } from '../../common/views.js';
import { volumesOf, type VolumeRecord } from './volumes.js';

/** ResourceBase plus what the GET and the storage item share; `nodeCount` is typed text in both. */
function storageBase(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    cpu, nodeCount: String(r.nodeCount), ram, sizing: r.sizing, topology: r.topology, version: r.version, virtualIp: r.attrs.virtualIp,
  });
}

export function glusterfsView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  return Object.assign(storageBase(state, r), {
    allowMonitoringDisplay: true,
    url: `${r.name.replace(/_/g, '-')}.${String(r.attrs.area).toLowerCase()}.glusterfs.cegedim.cloud`,
  });
}

/** `volumeCount` is typed text, as `nodeCount`. */
export function storageItem(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  return Object.assign(storageBase(state, r), { volumeCount: String(volumesOf(r).length) });
}

/** A node stores every volume (a replicated volume on each of the two nodes, choice). */
export function glusterfsNodeView(state: SimulatorState, r: ResourceRecord, n: NodeRecord, i: number): Record<string, unknown> {
  const storage = volumesOf(r).reduce((sum, v) => sum + v.diskSize, 0);
  return Object.assign(nodeView(state, r, n, i), { glfsType: 'replicated', storage, version: r.version });
}

/**
 * `{free, mountingPoint, sizeOf, type}`: the shape has no name, so `mountingPoint` is the volume's
 * name, as resize_volume and delete_volume take it; sizes are in GB like `diskSize`; a volume is empty
 * (the simulator writes no file), so `free` is its size (choices).
 */
export function volumeView(v: VolumeRecord): Record<string, unknown> {
  return { free: v.diskSize, mountingPoint: v.name, sizeOf: v.diskSize, type: 'glusterfs' };
}
