// Creating a virtual machine: `POST /itcare/compute/instances` (`001:3098-3340`). Required: area, name
// (the hostname, unique), platform (the image id), region, resourceId (the sizing), serviceId; the AZ,
// network and disks default as the prose says (`001:3126`). 202 with the create action.
import { fieldError, type Reply, type RouteContext } from '../../../reply.js';
import { allocateResourceId, type NetworkRecord, type SimulatorState } from '../../../state.js';
import type { ItcareKind } from '../../common/kind.js';
import { checkService, checkUniqueName, createResource, monitoringAtCreate, newRecord } from '../../common/paas.js';
import {
  asObject, checkSizing, optionalBool, optionalInt, optionalString, requireString, type Body,
} from '../../common/validate.js';
import type { VolumeRecord } from './views.js';

/**
 * "hostname of instance. Must be unique, and fit naming rules convention" (`001:3204`): the
 * convention is not documented, so the rule is a hostname's (RFC 1123 label: letters, digits and
 * inner hyphens, 1..63), any case (the example is `PEB4MYAPP01`).
 */
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** What an image id tells of the OS (`platform`, e.g. `deb8`, `cent7`, `ubu22`, `001:3228`, `001:4413`). */
interface OsFamily {
  type: string;
  family: string;
  name: string;
}

const OS_PREFIXES: ReadonlyArray<[RegExp, OsFamily]> = [
  [/^deb/i, { type: 'LINUX', family: 'DEBIAN', name: 'Debian' }],
  [/^ubu/i, { type: 'LINUX', family: 'UBUNTU', name: 'Ubuntu' }],
  [/^cent/i, { type: 'LINUX', family: 'CENTOS', name: 'CentOS' }],
  [/^(rhel|rh)/i, { type: 'LINUX', family: 'RHEL', name: 'Red Hat Enterprise Linux' }],
  [/^alma/i, { type: 'LINUX', family: 'ALMALINUX', name: 'AlmaLinux' }],
  [/^rocky/i, { type: 'LINUX', family: 'ROCKY', name: 'Rocky Linux' }],
  [/^(win|w20)/i, { type: 'WINDOWS', family: 'WINDOWS', name: 'Windows Server' }],
  [/^aix/i, { type: 'AIX', family: 'AIX', name: 'AIX' }],
];

/** Type, family and OS name of an image id; an unknown image is a Linux of family LINUX (choice). */
export function osOf(platform: string): OsFamily & { osName: string } {
  const os = OS_PREFIXES.find(([re]) => re.test(platform))?.[1] ?? { type: 'LINUX', family: 'LINUX', name: 'Linux' };
  const version = /\d+/.exec(platform)?.[0];
  return { ...os, osName: version ? `${os.name} ${version}` : os.name };
}

export function createInstance(ctx: RouteContext, self: ItcareKind): Reply {
  const body = asObject(ctx.body);
  const name = requireString(body, 'name');
  if (!HOSTNAME.test(name)) {
    throw fieldError('name', "Error on field 'name': must be a hostname: 1 to 63 letters, digits or inner hyphens");
  }
  const region = requireString(body, 'region');
  const area = requireString(body, 'area');
  const service = checkService(ctx, body);
  const platform = requireString(body, 'platform');
  const sizing = requireString(body, 'resourceId');
  checkSizing(sizing, 'resourceId');
  const network = pickNetwork(ctx, body, area);
  const az = pickAz(body, area);
  const regulation = optionalString(body, 'regulation');
  if (regulation !== undefined && !['HDS', 'STANDARD'].includes(regulation.toUpperCase())) {
    throw fieldError('regulation', "Error on field 'regulation': must be HDS or STANDARD");
  }
  const volumes = checkVolumes(body);
  const properties = checkProperties(body);
  optionalInt(body, 'cloudId');
  const texts = Object.fromEntries(OPTIONAL_TEXTS.map((f) => [f, optionalString(body, f) ?? null]));
  // §3.1 defaults: backup, off-site backup and replication are on in a production service (`001:3181-3187`, `001:3242-3244`).
  const prod = service.environment === 'PRODUCTION';
  const backupEnabled = optionalBool(body, 'backupEnabled') ?? prod;
  const backupOffSiteEnabled = optionalBool(body, 'backupOffSiteEnabled') ?? prod;
  const replicationEnabled = optionalBool(body, 'replicationEnabled') ?? prod;
  const monitoring = monitoringAtCreate(body, service);
  checkUniqueName(ctx, service.id, name);
  checkUniqueHostname(ctx.state, self.kind, name);

  const id = allocateResourceId(ctx.state);
  const os = osOf(platform);
  const r = newRecord(ctx, self, {
    id, name, serviceId: service.id, version: platform, sizing, topology: '', nodeCount: 1, monitoring,
    attrs: {
      region, area, az, networkId: network.id, ipAddress: freeAddress(ctx.state, network), platform, osName: os.osName,
      regulation: (regulation ?? 'STANDARD').toUpperCase(), volumes, properties, backupEnabled, backupOffSiteEnabled,
      replicationEnabled, noReplicationExplanation: texts.noReplicationProdReason ?? '', authenticationDomainId: texts.authenticationDomainId,
      productCode: texts.productCode, storagePool: texts.storagePool, noBackupProdReason: texts.noBackupProdReason,
      noMonitoringProdReason: texts.noMonitoringProdReason, nextSnapshot: 1,
    },
  });
  r.type = os.type;
  r.family = os.family;
  r.technology = os.family;
  return createResource(ctx, r, self.label);
}

/** Optional strings of the schema that are stored as given (no rule is documented for them). */
const OPTIONAL_TEXTS = [
  'authenticationDomainId', 'productCode', 'specificRequest', 'storagePool', 'dbBackupPolicyId', 'serverBackupPolicyId',
  'noBackupProdReason', 'noMonitoringProdReason', 'noReplicationProdReason',
] as const;

/**
 * `networkId` must exist when given; without it "a default network of AZ will be used" (`001:3208`):
 * the first network of the area (by id). An area without a network is a 400 on `networkId`.
 */
function pickNetwork(ctx: RouteContext, body: Body, area: string): NetworkRecord {
  const networkId = optionalInt(body, 'networkId');
  if (networkId !== undefined) {
    const network = ctx.state.networks.find((n) => n.id === networkId);
    if (!network) throw fieldError('networkId', `Error on field 'networkId': network ${networkId} does not exist`);
    return network;
  }
  const network = ctx.state.networks.filter((n) => n.area.toLowerCase() === area.toLowerCase()).sort((a, b) => a.id - b.id)[0];
  if (!network) throw fieldError('networkId', `Error on field 'networkId': area ${area} has no network, give networkId`);
  return network;
}

/**
 * `availabilityZone` must be one of the area's (`{area}-A`, `-B`, `-C`, as the simulator's other kinds
 * place nodes); absent, the first one (`001:3179`, "default AZ").
 */
function pickAz(body: Body, area: string): string {
  const raw = optionalString(body, 'availabilityZone');
  const azs = ['A', 'B', 'C'].map((l) => `${area}-${l}`);
  if (raw === undefined) return azs[0]!;
  const az = azs.find((z) => z.toLowerCase() === raw.toLowerCase());
  if (!az) throw fieldError('availabilityZone', `Error on field 'availabilityZone': ${raw} is not an availability zone of area ${area} (${azs.join(', ')})`);
  return az;
}

/**
 * `volumes[]` (sample `001:3315-3328`): each needs an `id` (unique) and an integer `sizeGb` >= 1; the
 * profile fields (`min`, `max`, `system`…) are accepted and not checked (choice: the profile limits
 * come from the platform catalogue, which the simulator does not have).
 */
function checkVolumes(body: Body): VolumeRecord[] | null {
  const raw = body.volumes;
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw) || raw.length === 0) throw fieldError('volumes', "Error on field 'volumes': a non-empty list of {id, sizeGb} is required");
  const seen = new Set<string>();
  return raw.map((item, i) => {
    const at = `volumes[${i}]`;
    const v = asObject(item, at);
    const id = requireString(v, 'id', `${at}.id`);
    if (seen.has(id)) throw fieldError(`${at}.id`, `Error on field '${at}.id': volume ${id} is given twice`);
    seen.add(id);
    const sizeGb = optionalInt(v, 'sizeGb', { min: 1, max: Number.MAX_SAFE_INTEGER }, `${at}.sizeGb`);
    if (sizeGb === undefined) throw fieldError(`${at}.sizeGb`, `Error on field '${at}.sizeGb': is required`);
    return { id, sizeGb };
  });
}

/** `properties[]` (`001:3296-3306`): objects with a string `key`; stored as `{key, value}`. */
function checkProperties(body: Body): Array<{ key: string; value: string | null }> {
  const raw = body.properties;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw fieldError('properties', "Error on field 'properties': a list of {key, value} is required");
  return raw.map((item, i) => {
    const p = asObject(item, `properties[${i}]`);
    return { key: requireString(p, 'key', `properties[${i}].key`), value: optionalString(p, 'value', `properties[${i}].value`) ?? null };
  });
}

/** "Must be unique": a hostname is unique among all instances, whatever their service (case-insensitive). */
function checkUniqueHostname(state: SimulatorState, kind: string, name: string): void {
  const other = state.resources.find((r) => r.kind === kind && r.name.toLowerCase() === name.toLowerCase());
  if (other) throw fieldError('name', `Error on field 'name': an instance named ${other.name} already exists (service ${other.serviceId})`);
}

/** The first free address of the network's /24, from .10 (the gateway is .1). */
function freeAddress(state: SimulatorState, network: NetworkRecord): string {
  const prefix = network.cidr.split('.').slice(0, 3).join('.');
  const used = new Set(state.resources.filter((r) => r.attrs.networkId === network.id).map((r) => String(r.attrs.ipAddress ?? '')));
  for (let host = 10; host < 255; host++) {
    const ip = `${prefix}.${host}`;
    if (!used.has(ip)) return ip;
  }
  throw fieldError('networkId', `Error on field 'networkId': network ${network.id} has no free address`);
}
