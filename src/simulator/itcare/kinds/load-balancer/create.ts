// Load-balancer create (`004:1714-1969`), shared by `POST /itcare/networking/loadbalancers` and the
// cluster's custom LB (`POST /itcare/compute/containers/kubernetes/{id}/loadbalancers`,
// `001:17303-17465`, same body without members). Validates, stores in PREPARATION, answers 202.
import { fieldError, type Reply, type RouteContext } from '../../../reply.js';
import { allocateResourceId, findService, type NetworkRecord, type ResourceRecord } from '../../../state.js';
import { iso } from '../../common/actions.js';
import type { ItcareKind } from '../../common/kind.js';
import { createResource, monitoringAtCreate, newRecord } from '../../common/paas.js';
import { asObject, optionalBool, optionalInt, optionalString, requireInt, requireString, type Body } from '../../common/validate.js';
import { checkMemberResource, memberPort, newMember } from './members.js';
import { checkDns, checkUrl, checkUrlFree, PROTOCOLS, type MemberRecord, type UrlRecord } from './model.js';

/**
 * Required as the schema says (`004:1801-1900`): url, healthcheck, portMembers (string, or a number
 * as the prose sends), profileName, region, serviceId. `area` and `networkId` are optional: without
 * `networkId` the area's (else the region's) frontend network is used. `profileName` must be a
 * catalogue name (case-insensitive); one whose protocol `isCertificateRequired` (HTTPS) also needs
 * `certificateName` and `sslProfile` (choice, from the SSL example `004:1775-1800`). `domain` (prose
 * only) is ignored: the domain is the url's.
 */
export function createLoadBalancer(ctx: RouteContext, self: ItcareKind, body: Body, parent?: ResourceRecord): Reply {
  const url = checkUrl(body, 'url');
  const healthcheck = requireString(body, 'healthcheck');
  const portMembers = memberPort(body, 'portMembers');
  const profile = requireString(body, 'profileName');
  const protocol = PROTOCOLS.find((p) => p.name.toLowerCase() === profile.toLowerCase());
  if (!protocol) throw fieldError('profileName', `Error on field 'profileName': must be one of ${PROTOCOLS.map((p) => p.name).join(', ')}`);
  const certificateName = optionalString(body, 'certificateName');
  const sslProfile = optionalString(body, 'sslProfile');
  if (protocol.isCertificateRequired && !certificateName) {
    throw fieldError('certificateName', `Error on field 'certificateName': required with profile ${protocol.name}`);
  }
  if (protocol.isCertificateRequired && !sslProfile) throw fieldError('sslProfile', `Error on field 'sslProfile': required with profile ${protocol.name}`);
  const region = requireString(body, 'region');
  const serviceId = requireInt(body, 'serviceId');
  const service = findService(ctx.state, serviceId);
  if (!service) throw fieldError('serviceId', `Error on field 'serviceId': service ${serviceId} does not exist`);
  if (parent && parent.serviceId !== serviceId) {
    throw fieldError('serviceId', `Error on field 'serviceId': must be the service of cluster ${parent.name} (${parent.serviceId})`);
  }
  const network = placeNetwork(ctx, body, region);
  const vsPort = optionalInt(body, 'vsPort', { min: 0, max: 65535 });
  const setUpDNSEnabled = checkDns(body, url);
  // The custom LB of a cluster has no members field (`001:17312-17454`): members are ignored there.
  const members = parent ? [] : checkMembers(ctx, body, serviceId, portMembers);
  checkUrlFree(ctx.state, url, 'url');
  const monitoring = monitoringAtCreate(body, service);

  const id = allocateResourceId(ctx.state);
  const at = iso(ctx.now);
  const primary: UrlRecord = {
    id: allocateResourceId(ctx.state), name: url, monitoringEnabled: monitoring.monitoringEnabled,
    monitoringOnCallEnabled: monitoring.monitoringOnCallEnabled, setUpDNSEnabled, sslProfile: sslProfile ?? null,
    creationTime: at, creationUser: ctx.principal,
  };
  const r = newRecord(ctx, self, {
    id, name: url, serviceId, version: '', sizing: '', topology: '', nodeCount: members.length, monitoring,
    attrs: {
      region, area: optionalString(body, 'area') ?? network.area, networkId: network.id, healthcheck, portMembers: String(portMembers),
      profileName: protocol.name, persistence: optionalBool(body, 'persistence') ?? false,
      redirectToHttps: optionalBool(body, 'redirectToHttps') ?? false, setUpDNSEnabled, sslProfile: sslProfile ?? null,
      certificateName: certificateName ?? null, vsPort: vsPort ?? (protocol.port || portMembers), parentId: parent?.id ?? null,
      whiteList: [], urls: [primary], members, backupEnabled: false,
      ipAddress: `${network.cidr.split('.').slice(0, 3).join('.')}.${200 + (id % 50)}`,
    },
  });
  return createResource(ctx, r, self.label);
}

/** `networkId` must exist when given; else the first frontend network of the area, or of the region. */
function placeNetwork(ctx: RouteContext, body: Body, region: string): NetworkRecord {
  const networkId = optionalInt(body, 'networkId');
  if (networkId !== undefined) {
    const n = ctx.state.networks.find((x) => x.id === networkId);
    if (!n) throw fieldError('networkId', `Error on field 'networkId': network ${networkId} does not exist`);
    return n;
  }
  const area = optionalString(body, 'area');
  const candidates = ctx.state.networks.filter((n) => n.region === region && (area === undefined || n.area === area));
  const n = candidates.find((x) => x.scope === 'frontend') ?? candidates[0];
  if (!n) throw fieldError('networkId', `Error on field 'networkId': no default network in ${area ?? region}`);
  return n;
}

/**
 * `members: [{id, network: {id, ipAddress}}]`: every documented example carries each member's network
 * (`004:1764-1772`, HTTP sample `004:1923-1936`), so it is required, and must be the member resource's
 * own network and address. (The SSL example spells the address `ip`, `004:1793`: accepted too.)
 * Each must be a valid pool member.
 */
function checkMembers(ctx: RouteContext, body: Body, serviceId: number, port: number): MemberRecord[] {
  const list = body.members;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw fieldError('members', "Error on field 'members': an array of {id} is required");
  const out: MemberRecord[] = [];
  list.forEach((item, i) => {
    const at = `members[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw fieldError(at, `Error on field '${at}': an object is required`);
    const resourceId = requireInt(item as Body, 'id', undefined, `${at}.id`);
    if (out.some((m) => m.resourceId === resourceId)) throw fieldError(`${at}.id`, `Error on field '${at}.id': resource ${resourceId} is listed twice`);
    const vm = checkMemberResource(ctx.state, serviceId, out, resourceId, `${at}.id`);
    const net = asObject((item as Body).network, `${at}.network`);
    const networkId = requireInt(net, 'id', undefined, `${at}.network.id`);
    if (networkId !== vm.attrs.networkId) {
      throw fieldError(`${at}.network.id`, `Error on field '${at}.network.id': resource ${resourceId} is not in network ${networkId}`);
    }
    const ip = net.ipAddress ?? net.ip;
    if (typeof ip !== 'string' || ip === '') throw fieldError(`${at}.network.ipAddress`, `Error on field '${at}.network.ipAddress': the member's IP address is required`);
    if (ip !== String(vm.attrs.ipAddress ?? '')) {
      throw fieldError(`${at}.network.ipAddress`, `Error on field '${at}.network.ipAddress': ${ip} is not the address of resource ${resourceId}`);
    }
    out.push(newMember(vm, port));
  });
  return out;
}
