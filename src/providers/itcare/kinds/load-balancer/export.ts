// What `caretaker export` writes of a LoadBalancer: its URLs with their monitoring, its members by VM
// name, its parent cluster as a `{ref}` when the export writes it too, and the write-only fields a
// create requires from the closest live field (ITCARE-API §7.3), each with a note saying which.
import { dict } from '../../../../core/dict.js';
import type { ExportedResource } from '../../../../engine/provider.js';
import { isObject } from '../../../../core/objects.js';
import { listAll, type Json } from '../../common/client.js';
import { WRITE_ONLY, exported } from '../../common/export.js';
import type { ItcareContext, ItcareExport, ObserveMany } from '../../common/kind.js';
import { toBool, toNumber, toText } from '../../common/normalize.js';
import { LB_PATH, memberKey } from './base.js';

/** The clusters a LB can be created in (ITCARE-API §6.6): their names, for the `spec.cluster` ref. */
const CLUSTER_LIST = '/itcare/compute/containers/kubernetes';

/** Load balancers: URLs with their monitoring, members by VM name, the parent cluster as a ref. */
function readLoadBalancers({ http }: ItcareContext, observe: ObserveMany): (serviceId: number) => Promise<ExportedResource[]> {
  return async (serviceId) => {
    const items = await listAll(http, LB_PATH, { services: serviceId });
    const names = [...new Set(items.filter((i) => typeof i.name === 'string' && (i.serviceId === undefined || toNumber(i.serviceId) === serviceId)).map((i) => i.name as string))].sort();
    const clusters = new Map<string, string>();
    for (const c of await listAll(http, CLUSTER_LIST, { services: serviceId })) {
      if (typeof c.name === 'string') clusters.set(String(c.id), c.name);
    }
    const out: ExportedResource[] = [];
    const observed = await observe(names.map((name) => ({ address: `LoadBalancer/${name}`, kind: 'LoadBalancer', name, spec: { serviceId, urls: [], members: [] } })));
    for (const name of names) {
      const obs = observed.get(`LoadBalancer/${name}`)!;
      if (!obs.exists) continue;
      const raw = isObject(obs.raw) ? obs.raw : {};
      const detail = isObject(raw.detail) ? raw.detail : {};
      const spec: Record<string, unknown> = { ...obs.spec };
      const notes = dict<string>();
      const res: ExportedResource = exported('LoadBalancer', name, obs, spec, notes);
      // URLs with the monitoring they have live (observe reads only the fields a spec manages).
      const liveUrls = Array.isArray(raw.urls) ? raw.urls.filter(isObject) : [];
      spec.urls = (Array.isArray(spec.urls) ? spec.urls.filter(isObject) : []).map((u) => {
        const l = liveUrls.find((x) => x.name === u.name);
        const item: Record<string, unknown> = { name: u.name };
        const me = toBool(l?.monitoringEnabled);
        const oc = toBool(l?.monitoringOnCallEnabled);
        if (me !== undefined) item.monitoringEnabled = me;
        if (oc !== undefined) item.onCallSupervision = oc;
        return item;
      });
      if ((spec.urls as unknown[]).length === 0) delete spec.urls;
      if (Array.isArray(spec.members)) {
        spec.members = spec.members.filter(isObject).map((m) => ({ name: memberKey(m), ...(m.port === undefined ? {} : { port: m.port }), ...(m.state === undefined ? {} : { state: m.state }) }));
        if ((spec.members as unknown[]).length === 0) delete spec.members;
      }
      // The parent cluster: a ref when it is in the same service (the export writes it too), else left out.
      const parent = isObject(detail.parentResource) ? detail.parentResource : undefined;
      delete spec.cluster;
      const clusterName = parent ? clusters.get(String(parent.id)) : undefined;
      if (clusterName !== undefined) {
        spec.cluster = { ref: `KubernetesCluster/${clusterName}` };
        res.references = [`KubernetesCluster/${clusterName}`];
      } else if (parent) {
        notes['spec'] = `created inside cluster ${String(parent.name ?? parent.id)} of another service: spec.cluster is left out`;
      }
      loadBalancerCreateFields(detail, spec, notes);
      // The only server defaults the docs state for these fields (activate_bot, ITCARE-API §7.4).
      const bot = isObject(spec.botDefense) ? spec.botDefense : {};
      if (bot.template === 'standard') notes['spec.botDefense.template'] = "ITCare's default template (activate_bot)";
      if (bot.mode === 'blocking') notes['spec.botDefense.mode'] = "ITCare's default mode (activate_bot)";
      out.push(res);
    }
    return out;
  };
}

/**
 * Write-only fields the LB create requires. The GET is not documented to echo them (ITCARE-API §7.3),
 * so each comes from the closest live field and says which; they are never compared after create.
 */
function loadBalancerCreateFields(detail: Json, spec: Record<string, unknown>, notes: Record<string, string>): void {
  const net = isObject(detail.network) ? detail.network : {};
  const region = toText(isObject(net.region) ? net.region.id : net.region) ?? toText(isObject(detail.region) ? detail.region.id : detail.region);
  const area = toText(isObject(net.area) ? net.area.id : net.area) ?? toText(isObject(detail.area) ? detail.area.id : detail.area);
  if (region !== undefined) {
    spec.region = region;
    notes['spec.region'] = `${WRITE_ONLY}; read from network.region`;
  }
  if (area !== undefined) {
    spec.area = area;
    notes['spec.area'] = `${WRITE_ONLY}; read from network.area`;
  }
  const hc = Array.isArray(detail.healthChecks) ? detail.healthChecks.filter(isObject)[0] : undefined;
  const healthcheck = toText(hc?.name);
  spec.healthcheck = healthcheck ?? 'http';
  notes['spec.healthcheck'] = healthcheck !== undefined
    ? `${WRITE_ONLY}; read from healthChecks[0].name (not documented to echo the create value)`
    : `${WRITE_ONLY}; NOT READABLE from the API: "http" is a guess, check it before any re-create`;
  const proto = Array.isArray(detail.protocols) ? detail.protocols.filter(isObject)[0] : undefined;
  const profile = toText(proto?.name);
  spec.profileName = profile ?? 'HTTP';
  notes['spec.profileName'] = profile !== undefined
    ? `${WRITE_ONLY}; read from protocols[0].name (not documented to echo the create value)`
    : `${WRITE_ONLY}; NOT READABLE from the API: "HTTP" is a guess, check it before any re-create`;
  if (typeof spec.profileName === 'string' && spec.profileName.toUpperCase() === 'HTTPS') {
    spec.sslProfile = 'unknown-ssl-profile';
    notes['spec.sslProfile'] = `${WRITE_ONLY}; NOT READABLE from the API (required with HTTPS): write the real SSL profile before any re-create`;
  }
  const members = Array.isArray(spec.members) ? spec.members.filter(isObject) : [];
  const port = toNumber(members[0]?.port);
  spec.portMembers = port ?? 80;
  notes['spec.portMembers'] = port !== undefined
    ? `${WRITE_ONLY}; the port of the first live pool member`
    : `${WRITE_ONLY}; NOT READABLE from the API (no pool member): 80 is a guess, check it before any re-create`;
  const persistence = toText(detail.defaultPersistence);
  if (persistence !== undefined) {
    spec.persistence = persistence.toLowerCase() !== 'none';
    notes['spec.persistence'] = `${WRITE_ONLY}; read from defaultPersistence (${persistence})`;
  }
}

export const LOAD_BALANCER_EXPORT: ItcareExport = { fileStem: 'load-balancer', read: readLoadBalancers };
