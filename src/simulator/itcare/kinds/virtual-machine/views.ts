// The VirtualMachine response shapes: the instance, Node-shaped (`GET /itcare/compute/instances/{id}`
// `001:3474-3590`, the same items in the paged list `001:2843-3097` and in `/compute/services/{id}/instances`
// `001:11154-11400`), its storage (`001:4034-4050`) and its snapshot (`001:3359-3380`).
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { networkView, resourceBase, sizingParts } from '../../common/views.js';
import { LB_KIND, lbMembers } from '../load-balancer/model.js';

/** One disk of an instance, as the create body's `volumes[]` gives it (`001:3315-3328`). */
export interface VolumeRecord {
  id: string;
  sizeGb: number;
}

/** The instance's one snapshot (`001:3359-3380`); `recoveredAt` is set by a recover. */
export interface SnapshotRecord {
  id: string;
  label: string;
  description: string;
  changeReference: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  recoveredAt: string | null;
  snapshotSize: number;
}

/**
 * The disks of an instance. Without `volumes` the platform's default profile is used (`001:3126`,
 * "ITCare will use default profile of image"); the simulator's default profile is one 20 GB system
 * disk (choice: no profile is documented). The seeded VMs have that profile.
 */
export const DEFAULT_VOLUMES: readonly VolumeRecord[] = [{ id: 'system', sizeGb: 20 }];

export function vmVolumes(r: ResourceRecord): VolumeRecord[] {
  return Array.isArray(r.attrs.volumes) ? (r.attrs.volumes as VolumeRecord[]) : DEFAULT_VOLUMES.map((v) => ({ ...v }));
}

export function vmSnapshot(r: ResourceRecord): SnapshotRecord | undefined {
  const s = r.attrs.snapshot;
  return typeof s === 'object' && s !== null ? (s as SnapshotRecord) : undefined;
}

/** The instance's availability zone: the one it was created in, else the first of its area. */
export function vmAz(r: ResourceRecord): string {
  return typeof r.attrs.az === 'string' ? r.attrs.az : `${String(r.attrs.area ?? '')}-A`;
}

/** `storageInformation` and `GET /{id}/storage`: one file system per disk, empty (choice). */
export function storageView(r: ResourceRecord): Record<string, unknown> {
  const volumes = vmVolumes(r);
  const windows = r.type === 'WINDOWS';
  const total = volumes.reduce((sum, v) => sum + v.sizeGb, 0);
  return {
    fileSystems: volumes.map((v, i) => ({
      free: v.sizeGb, mountingPoint: mountPoint(v, i, windows), sizeOf: v.sizeGb, type: windows ? 'NTFS' : 'ext4',
    })),
    totalSizeDisks: total,
    totalSizeFileSystems: total,
  };
}

function mountPoint(v: VolumeRecord, index: number, windows: boolean): string {
  if (windows) return `${String.fromCharCode(67 + index)}:`;
  return v.id === 'system' ? '/' : `/${v.id}`;
}

export function snapshotView(s: SnapshotRecord): Record<string, unknown> {
  return { ...s };
}

/** The load balancers whose pools hold each instance (`loadbalancers[]`), by instance id: one pass over the records. */
export type PoolIndex = ReadonlyMap<number, Array<Record<string, unknown>>>;

export function poolIndex(state: SimulatorState): PoolIndex {
  const index = new Map<number, Array<Record<string, unknown>>>();
  for (const lb of state.resources) {
    if (lb.kind !== LB_KIND) continue;
    const members = lbMembers(lb);
    const item = { id: lb.id, memberCount: members.length, monitoringEnabled: lb.monitoringEnabled, name: lb.name, serviceId: lb.serviceId, status: lb.status };
    for (const id of new Set(members.map((m) => m.resourceId))) index.set(id, [...(index.get(id) ?? []), { ...item }]);
  }
  return index;
}

/**
 * `GET /itcare/compute/instances/{id}`: ResourceBase plus the Node fields of an instance. A list passes
 * the pool index it computed once.
 */
export function vmView(state: SimulatorState, r: ResourceRecord, pools: PoolIndex = poolIndex(state)): Record<string, unknown> {
  const a = r.attrs;
  const { cpu, ram } = sizingParts(r.sizing);
  const area = String(a.area ?? '');
  const region = String(a.region ?? '');
  const az = vmAz(r);
  const net = state.networks.find((n) => n.id === a.networkId);
  const ip = String(a.ipAddress ?? '');
  const lbs = pools.get(r.id) ?? [];
  const backup = a.backupEnabled === true;
  const replicated = a.replicationEnabled === true;
  const storage = storageView(r);
  const snapshot = vmSnapshot(r);
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    area: { availabilityZones: [], defaultArea: false, id: area, location: area, regulation: String(a.regulation ?? 'STANDARD') },
    authenticationDomain: String(a.authenticationDomainId ?? ''),
    availabilityZone: { availabilityZoneGroup: area, datacenterId: '', defaultZone: false, id: az, location: az, routable: true },
    backup: { backupSystem: backup ? 'NETWORKER' : '', filesNb: 0, lastDate: null, size: 0, type: backup ? 'SERVER' : '' },
    backupStatus: backup,
    comment: String(a.comment ?? ''),
    cpu,
    imageCode: String(a.platform ?? r.version),
    ipAddress: ip,
    isExternalIngressNode: false,
    isInternalIngressNode: false,
    isMemberOFLoadBalancer: lbs.length > 0,
    labelArea: area,
    labelAvailabilityZone: az,
    labelDataCenter: '',
    labelRegion: region,
    loadbalancers: lbs,
    network: net ? { ...networkView(net), ipAddress: ip } : null,
    osName: String(a.osName ?? r.family),
    osType: r.type,
    parentResourceType: '',
    ram,
    region: { areas: [], dataCenter: '', id: region, location: region },
    replication: {
      noStoRplExplanation: String(a.noReplicationExplanation ?? ''), storageClass: 'STANDARD', storageClassOverride: '',
      storageMoveInProgress: false, storageMoveTicket: '', storageReplicationClass: replicated ? 'REPLICATED' : 'NOT_REPLICATED',
    },
    replicationStatus: replicated,
    snapshot: snapshot ? snapshotView(snapshot) : null,
    storage: storage.totalSizeDisks,
    storageInformation: storage,
    storageMoveInProgress: false,
  });
}
