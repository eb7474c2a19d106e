// Load-balancer response shapes: the LB (`004:288-807`, also in lists, the cluster's LB list and
// the service sub-list), its URLs (`004:171-232`) and its pool members (`004:252-268`).
import { findResource, findService, type ResourceRecord, type SimulatorState } from '../../../state.js';
import { lbBot, lbMembers, lbUrls, lbWhiteList, PROTOCOLS, urlKey, type MemberRecord, type UrlRecord } from './model.js';
import { networkView, nodeView, resourceBase } from '../../common/views.js';

const BOT_OPS = new Set(['activate_bot', 'update_bot', 'delete_bot', 'edit_bot_whitelist', 'delete_bot_whitelist']);

/** `GET /itcare/networking/loadbalancers/{id}`. Fields the simulator does not model have fixed values. */
export function loadBalancerView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  const a = r.attrs;
  const bot = lbBot(r);
  const net = state.networks.find((n) => n.id === a.networkId);
  const parent = typeof a.parentId === 'number' ? findResource(state, a.parentId) : undefined;
  const protocol = PROTOCOLS.find((p) => p.name === a.profileName);
  const persistence = a.persistence === true;
  const certName = typeof a.certificateName === 'string' ? a.certificateName : null;
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), {
    botDefenseEnabled: bot !== undefined,
    botDefenseUpdating: state.actions.some((x) => x.resourceId === r.id && x.status === 'IN_PROGRESS' && BOT_OPS.has(x.operation)),
    certificate: certName === null ? null : {
      certificateName: certName, commonName: `*.${urlKey(r.name).split('.').slice(1).join('.')}`,
      description: certName, expirationDate: '2027-01-31T00:00:00.000+00:00', id: r.id % 100000,
    },
    defaultPersistence: persistence ? 'cookie' : 'none',
    fallbackPersistence: persistence ? 'source_addr' : 'none',
    healthChecks: [{ comment: '', description: String(a.healthcheck), id: 1, name: String(a.healthcheck) }],
    ipAddress: a.ipAddress,
    irules: a.redirectToHttps === true ? [{ description: 'Redirect HTTP to HTTPS', name: '_sys_https_redirect' }] : [],
    loadBalancingMode: 'round-robin',
    members: memberNodes(state, r),
    network: net ? networkView(net) : null,
    nodeCount: r.nodeCount,
    parentResource: parent ? resourceBase(state, parent) : null,
    protocols: protocol ? [protocol] : [],
    securityProfile: bot === undefined ? null : {
      comment: '', description: 'Bot Defense', enforcement: bot.mode, id: `bot-${r.id}`, name: `bot_defense_${bot.template}`,
      profile: 'bot-defense', template: bot.template, whiteList: lbWhiteList(r).map((ip) => ({ comment: '', ip, url: '' })),
    },
    snatAutomap: true,
    urls: lbUrls(r).map((u) => urlView(state, r, u)),
  });
}

/** `members` of the LB GET: the member resources as Node objects, once per resource. */
function memberNodes(state: SimulatorState, r: ResourceRecord): Record<string, unknown>[] {
  const ids = [...new Set(lbMembers(r).map((m) => m.resourceId))];
  return ids.flatMap((id) => {
    const vm = findResource(state, id);
    if (!vm) return [];
    const az = `${String(vm.attrs.area ?? '')}-A`;
    return [{ ...nodeView(state, vm, { id: vm.id, name: vm.name, az }, 0), ipAddress: vm.attrs.ipAddress ?? '', isMemberOFLoadBalancer: true, parentResourceType: '' }];
  });
}

/**
 * One URL. `monitoringMode` is not described: `ON_CALL`, `BUSINESS_HOURS` or `NONE` (choice);
 * `specificChecks` and `tags` are always empty (URLs are not taggable resources here).
 */
export function urlView(state: SimulatorState, lb: ResourceRecord, u: UrlRecord): Record<string, unknown> {
  const s = findService(state, lb.serviceId);
  return {
    comment: '', creationTime: u.creationTime, creationUser: u.creationUser, description: '', endOfSalesAt: null,
    endOfSupportAt: null, environment: s?.environment ?? '', extendedSupportAt: null, id: u.id, monitoringAlerting: false,
    monitoringEnabled: u.monitoringEnabled,
    monitoringMode: !u.monitoringEnabled ? 'NONE' : u.monitoringOnCallEnabled ? 'ON_CALL' : 'BUSINESS_HOURS',
    monitoringOnCallEnabled: u.monitoringOnCallEnabled, name: u.name, releasedAt: null, serviceId: lb.serviceId,
    serviceKey: s?.key ?? '', serviceName: s?.name ?? '', specificChecks: [], status: lb.status === 'PREPARATION' ? 'PREPARATION' : 'ACTIVE',
    supportPhase: 'STANDARD', tags: [], type: 'URL',
  };
}

/**
 * One member (`004:252-268`). `status`: `user_down` when disabled or offline, `down` when the
 * resource is gone or stopped, else `up` (choice). The IP is `address`, as in the schema.
 */
export function memberView(state: SimulatorState, lb: ResourceRecord, m: MemberRecord): Record<string, unknown> {
  const vm = findResource(state, m.resourceId);
  const status = m.state !== 'enabled' ? 'user_down' : !vm || vm.status !== 'ACTIVE' ? 'down' : 'up';
  return {
    address: m.address, category: vm?.category ?? 'INSTANCES', family: vm?.family ?? '', internalType: vm?.type ?? '',
    labelArea: String(vm?.attrs.area ?? lb.attrs.area ?? ''), name: m.name, port: m.port, productName: vm?.technology ?? '',
    resourceId: m.resourceId, serviceId: vm?.serviceId ?? lb.serviceId, state: m.state, status,
    technicalId: m.networkId === null ? '' : `VLAN-${m.networkId}`, technology: vm?.technology ?? '',
  };
}
