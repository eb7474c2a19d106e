// Response shapes shared by several route files, built from state records after Appendix A.1:
// ResourceBase, the compute-resource item, the managed-database item, Node, Network and Service.
import { patchPartyView } from './patch-party.js';
import { findService, type NetworkRecord, type ResourceRecord, type ServiceRecord, type SimulatorState } from '../../state.js';

/** One node of a farm, as stored in `attrs.nodes` by the kinds that have nodes. */
export interface NodeRecord {
  id: number;
  name: string;
  az: string;
}

/** cpu/ram from a sizing such as `2cpu4gb` (0 when the sizing is not of that form). */
export function sizingParts(sizing: string): { cpu: number; ram: number } {
  const m = /^(\d+)cpu(\d+)gb$/.exec(sizing);
  return m ? { cpu: Number(m[1]), ram: Number(m[2]) } : { cpu: 0, ram: 0 };
}

function serviceOf(state: SimulatorState, r: ResourceRecord): ServiceRecord | undefined {
  return findService(state, r.serviceId);
}

/** Fields common to every PaaS GET (ITCARE-API §3.3 ResourceBase). */
export function resourceBase(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const s = serviceOf(state, r);
  return {
    backupPolicyDetails: { backups: [], policies: [] },
    backupStatus: r.attrs.backupEnabled === true,
    category: r.category,
    cloudId: s?.cloudId ?? 1,
    cloudName: s?.cloud ?? '',
    comment: '',
    creationTime: r.creationTime,
    creationUser: r.creationUser,
    endOfSalesAt: null,
    endOfSupportAt: null,
    environment: s?.environment ?? '',
    extendedSupportAt: null,
    family: r.family,
    id: r.id,
    internalResourceId: r.id,
    internalType: r.type,
    label: r.name,
    metrologyUrl: '',
    monitoringAlerting: r.monitoringAlerting,
    monitoringEnabled: r.monitoringEnabled,
    monitoringOnCallEnabled: r.monitoringOnCallEnabled,
    monitoringRequested: r.monitoringEnabled,
    name: r.name,
    patchParty: patchPartyView(r),
    path: r.path,
    prettyLabel: r.name,
    productCode: r.type.toLowerCase(),
    productName: r.technology,
    productVersion: r.version,
    releasedAt: null,
    replicationStatus: false,
    resourceType: r.type,
    serviceId: r.serviceId,
    serviceKey: s?.key ?? '',
    serviceName: s?.name ?? '',
    status: r.status,
    supportPhase: 'STANDARD',
    technology: r.technology,
    type: r.type,
  };
}

/** Item of `GET /itcare/compute/resources` and `/{id}` (`001:8138-8173`). */
export function resourceItem(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const s = serviceOf(state, r);
  return {
    category: r.category, cloudName: s?.cloud ?? '', comment: '', creationTime: r.creationTime,
    creationUser: r.creationUser, description: '', endOfSalesAt: null, endOfSupportAt: null,
    environment: s?.environment ?? '', extendedSupportAt: null, family: r.family, id: r.id,
    internalResourceId: r.id, label: r.name, name: r.name, path: r.path, platform: r.type.toLowerCase(),
    prettyLabel: r.name, productName: r.technology, releasedAt: null, resourceType: r.type,
    serviceId: r.serviceId, serviceKey: s?.key ?? '', serviceName: s?.name ?? '', status: r.status,
    supportPhase: 'STANDARD', tags: r.tags.map((t) => ({ ...t })), technology: r.technology, type: r.type,
  };
}

/** Item of `/itcare/databases` and `/services/{id}/managed-databases` (`001:10324-10409`), plus `tags`. */
export function managedDbItem(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const { cpu, ram } = sizingParts(r.sizing);
  // Added to the fresh base object: a spread of this many properties into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    backupSystem: '', cpu, drpClass: '', nodeCount: r.nodeCount, ram, sizing: r.sizing,
    topology: r.topology, version: r.version, tags: r.tags.map((t) => ({ ...t })),
  });
}

/** Network (`001:4072-4097`). */
export function networkView(n: NetworkRecord): Record<string, unknown> {
  return {
    area: n.area, cidr: n.cidr, cloud: 'CEGEDIM', defaultNetwork: false, description: n.description, dns: [],
    environment: n.environment, gateway: n.gateway, id: n.id, ipAddress: n.cidr.split('/')[0], ipFreeNumber: 200,
    isIpRangePublic: false, mask: n.mask, networkShortDescription: n.description, region: n.region, scope: n.scope,
    shortDescription: n.description, technicalId: `VLAN-${n.id}`, usedPercent: 20,
  };
}

/** Node (`001:5845-6060`), trimmed of the sub-objects the simulator has nothing to say about. */
export function nodeView(state: SimulatorState, r: ResourceRecord, node: NodeRecord, index: number): Record<string, unknown> {
  const s = serviceOf(state, r);
  const net = state.networks.find((n) => n.id === r.attrs.networkId);
  const { cpu, ram } = sizingParts(r.sizing);
  const area = String(r.attrs.area ?? '');
  return {
    area: { id: area, defaultArea: false, location: area, regulation: 'STANDARD', availabilityZones: [] },
    availabilityZone: { id: node.az, availabilityZoneGroup: area, datacenterId: '', defaultZone: false, location: node.az, routable: true },
    category: 'INSTANCES', cloudId: s?.cloudId ?? 1, cloudName: s?.cloud ?? '', cpu, creationTime: r.creationTime,
    creationUser: r.creationUser, environment: s?.environment ?? '', family: 'DEBIAN', id: node.id,
    ipAddress: net ? `${net.cidr.split('.').slice(0, 3).join('.')}.${10 + index}` : '',
    labelArea: area, labelAvailabilityZone: node.az, labelRegion: String(r.attrs.region ?? ''),
    monitoringAlerting: r.monitoringAlerting, monitoringEnabled: r.monitoringEnabled,
    monitoringOnCallEnabled: r.monitoringOnCallEnabled, name: node.name, network: net ? networkView(net) : { id: r.attrs.networkId },
    parentResourceType: r.type, patchParty: patchPartyView(r), path: '/compute/instances', ram,
    region: { id: String(r.attrs.region ?? ''), areas: [], dataCenter: '', location: '' },
    resourceType: 'LINUX', serviceId: r.serviceId, serviceKey: s?.key ?? '', serviceName: s?.name ?? '',
    status: r.status, storage: r.attrs.diskSize ?? 0, technology: r.technology, type: 'LINUX',
  };
}

/** Service (`001:9741-9798`). */
export function serviceView(s: ServiceRecord): Record<string, unknown> {
  return {
    advancedMonitoringAllowed: s.environment === 'PRODUCTION', cloud: s.cloud, cloudId: s.cloudId, comment: s.comment,
    environment: s.environment, id: s.id, key: s.key, name: s.name, relations: { dependencies: [], impacts: [] },
    smsSubscribed: false, status: s.status,
  };
}

/** Nodes stored by a kind (`attrs.nodes`). */
export function nodesOf(r: ResourceRecord): NodeRecord[] {
  return Array.isArray(r.attrs.nodes) ? (r.attrs.nodes as NodeRecord[]) : [];
}
