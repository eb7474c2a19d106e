// `caretaker export`: every live resource of a service, per kind, in the manifest's shape. Each kind is
// read through its own `observeAll` (else `observe`; the same normalisers and shared list reads, hence the round trip export -> plan = no
// changes), with a probe spec that asks for every sub-read; then the write-only fields a create needs
// (region, area, LB healthcheck…) are filled from the best live source, each with a note saying so.
import { ApiError } from '../../core/errors.js';
import type { HttpClient } from '../../http/types.js';
import { OWNER_TAG, type DesiredResource, type HistoryEntry, type ExportedResource, type KindHandler, type Observation } from '../../engine/provider.js';
import { getArray, getObject, isObject, listAll, type Json } from './client.js';
import { LB_PATH, memberKey } from './load-balancer-common.js';
import { fromNodes, itemIsKind, toBool, toNumber, toText } from './normalize.js';
import type { PaasReader } from './paas-common.js';
import { extensionsOf } from './postgresql.js';
import { KUBERNETES } from './kubernetes-cluster.js';
import { LOOKUP_KINDS, itemIsOfKind } from './resource-lookup.js';
import { tagsOf } from './tags.js';

/** Observes many resources at once (the kind's `observeAll`, the same shared list reads as refresh). */
type Observe = (desired: readonly DesiredResource[]) => Promise<Map<string, Observation>>;

const WRITE_ONLY = 'write-only: not compared after create';

function exported(kind: string, name: string, obs: Observation, spec: Record<string, unknown>, notes: Record<string, string>): ExportedResource {
  const out: ExportedResource = { kind, name, spec, notes };
  if (obs.id !== undefined) out.id = obs.id;
  if (obs.owner !== undefined) out.owner = obs.owner;
  return out;
}

/** Names of the items of `r`'s kind in the service, sorted, each once. */
async function paasNames(http: HttpClient, r: PaasReader, serviceId: number): Promise<string[]> {
  const items = await listAll(http, r.listPath ?? '/itcare/databases', { services: serviceId });
  const names = items
    .filter((i) => typeof i.name === 'string' && (r.listPath !== undefined || itemIsKind(i, r.segment)))
    .filter((i) => i.serviceId === undefined || toNumber(i.serviceId) === serviceId)
    .map((i) => i.name as string);
  return [...new Set(names)].sort();
}

/** region and area (write-only, required by the create) from the nodes, with a note. */
function placement(nodes: unknown, spec: Record<string, unknown>, notes: Record<string, string>): void {
  if (!Array.isArray(nodes)) return;
  const p = fromNodes(nodes.filter(isObject), {});
  for (const k of ['region', 'area'] as const) {
    if (p[k] === undefined) continue;
    spec[k] = p[k];
    notes[`spec.${k}`] = `${WRITE_ONLY}; read from the nodes' ${k}`;
  }
}

/** Redis, PostgreSQL and KubernetesCluster. */
export function paasExporter(http: HttpClient, r: PaasReader, observe: Observe): (serviceId: number) => Promise<ExportedResource[]> {
  return async (serviceId) => {
    const out: ExportedResource[] = [];
    const names = await paasNames(http, r, serviceId);
    const probes = names.map((name) => ({ address: `${r.kind}/${name}`, kind: r.kind, name, spec: probeOf(r.kind, serviceId) }));
    const observed = await observe(probes);
    for (const { address, name } of probes) {
      const obs = observed.get(address)!;
      if (!obs.exists) continue;
      const raw = isObject(obs.raw) ? obs.raw : {};
      const spec: Record<string, unknown> = { ...obs.spec };
      const notes: Record<string, string> = {};
      if (r.kind === 'Redis') {
        delete spec.az;
        for (const k of ['region', 'area']) if (spec[k] !== undefined) notes[`spec.${k}`] = `${WRITE_ONLY}; read from the nodes' ${k}`;
      }
      if (r.kind === 'PostgreSQL') {
        const dbs = Array.isArray(raw.databases) ? raw.databases.filter(isObject) : [];
        const all = extensionsOf(dbs, dbs.map((d) => String(d.name)));
        const ext = Object.fromEntries(Object.entries(all).filter(([, v]) => v.length > 0));
        if (Object.keys(ext).length > 0) spec.extensions = ext;
        else delete spec.extensions;
        placement(obs.id === undefined ? undefined : await getArray(http, `${r.basePath}/${obs.id}/nodes`).catch(() => undefined), spec, notes);
      }
      if (r.kind === KUBERNETES.kind) kubernetesCreateFields(raw, spec, notes);
      out.push(exported(r.kind, name, obs, spec, notes));
    }
    return out;
  };
}

/** A spec that makes `observe` read every sub-resource (null = "managed, no preference"). */
function probeOf(kind: string, serviceId: number): Record<string, unknown> {
  // persistenceMode and tlsEnabled: only the Redis GET has them, so asking for them reads it.
  if (kind === 'Redis') return { serviceId, region: null, area: null, diskSize: null, networkId: null, persistenceMode: null, tlsEnabled: null };
  if (kind === 'PostgreSQL') return { serviceId, extensions: {} };
  if (kind === 'KubernetesCluster') return { serviceId, nodePools: [], networkId: null };
  return { serviceId };
}

/**
 * The create-only fields of a cluster (nodeSizing, instanceCount: write-only, required) from its live
 * node pools, and its region/area from the nodes.
 */
function kubernetesCreateFields(raw: Json, spec: Record<string, unknown>, notes: Record<string, string>): void {
  placement(raw.nodes, spec, notes);
  const pools = Array.isArray(spec.nodePools) ? spec.nodePools.filter(isObject) : [];
  const biggest = [...pools].sort((a, b) => (toNumber(b.count) ?? 0) - (toNumber(a.count) ?? 0))[0];
  if (biggest && typeof biggest.nodeSizing === 'string') {
    spec.nodeSizing = biggest.nodeSizing;
    notes['spec.nodeSizing'] = `${WRITE_ONLY} (create-time sizing); the most common live node sizing`;
  }
  const total = pools.reduce((n, p) => n + (toNumber(p.count) ?? 0), 0);
  if (total > 0) {
    spec.instanceCount = Math.min(12, Math.max(2, total));
    notes['spec.instanceCount'] = `${WRITE_ONLY} (create-time node count, 2..12); the live node count${total < 2 || total > 12 ? ` (${total}) clamped` : ''}; nodePools manages the nodes`;
  }
}

/** Load balancers: URLs with their monitoring, members by VM name, the parent cluster as a ref. */
export function loadBalancerExporter(http: HttpClient, observe: Observe): (serviceId: number) => Promise<ExportedResource[]> {
  return async (serviceId) => {
    const items = await listAll(http, LB_PATH, { services: serviceId });
    const names = [...new Set(items.filter((i) => typeof i.name === 'string' && (i.serviceId === undefined || toNumber(i.serviceId) === serviceId)).map((i) => i.name as string))].sort();
    const clusters = new Map<string, string>();
    for (const c of await listAll(http, KUBERNETES.listPath!, { services: serviceId })) {
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
      const notes: Record<string, string> = {};
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

/**
 * The service's patch-party settings as one PatchPolicy: one entry per resource of
 * `GET /itcare/compute/services/{id}/patch-policies`, named when the name is unique in the service.
 */
export function patchPolicyExporter(http: HttpClient): (serviceId: number) => Promise<ExportedResource[]> {
  return async (serviceId) => {
    const list = await getArray(http, `/itcare/compute/services/${serviceId}/patch-policies`);
    const resources = await listAll(http, '/itcare/compute/resources', { services: serviceId });
    const nameCount = new Map<string, number>();
    for (const r of resources) if (typeof r.name === 'string') nameCount.set(r.name, (nameCount.get(r.name) ?? 0) + 1);
    const entries: Record<string, unknown>[] = [];
    const notes: Record<string, string> = {};
    for (const p of [...list].sort((a, b) => String(a.name ?? a.id).localeCompare(String(b.name ?? b.id)))) {
      const name = toText(p.name);
      const resource = name !== undefined && nameCount.get(name) === 1 ? { name } : { id: toNumber(p.id) ?? p.id };
      const entry: Record<string, unknown> = { resource };
      const excluded = toBool(p.excluded) === true;
      entry.excluded = excluded;
      const group = toText(p.patchGroup);
      if (group !== undefined && !excluded) entry.patchGroup = group;
      if (excluded) {
        const reason = toText(p.exclusionReason);
        entry.exclusionReason = reason ?? 'excluded in ITCare (no reason recorded)';
        if (reason === undefined) notes[`spec.resources.${entries.length}.exclusionReason`] = 'NOT READABLE: ITCare holds no reason; a reason is required, write the real one';
      }
      entries.push(entry);
    }
    if (entries.length === 0) return [];
    return [{ kind: 'PatchPolicy', name: `service-${serviceId}-patching`, id: serviceId, spec: { serviceId, resources: entries }, notes }];
  };
}

/**
 * Tags documents for the tagged resources of the service that no other exported kind manages (VMs,
 * other databases…): `resource: {serviceId, name}` when the name is unique, else `{id}`.
 */
export function tagsExporter(http: HttpClient): (serviceId: number) => Promise<ExportedResource[]> {
  return async (serviceId) => {
    const items = await listAll(http, '/itcare/compute/resources', { services: serviceId });
    const count = new Map<string, number>();
    for (const i of items) if (typeof i.name === 'string') count.set(i.name, (count.get(i.name) ?? 0) + 1);
    const out: ExportedResource[] = [];
    for (const i of items) {
      if (typeof i.name !== 'string' || i.id === undefined || LOOKUP_KINDS.some((k) => itemIsOfKind(i, k))) continue;
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

/** Attaches the exporter of its kind to a handler (the handler files stay as they are). */
export function withExport(http: HttpClient, h: KindHandler, readers: { redis: PaasReader; postgresql: PaasReader }): KindHandler {
  // Export reads like refresh: the kind's observeAll when it has one, else one observe per resource.
  const observe: Observe = h.observeAll
    ? (ds) => (ds.length === 0 ? Promise.resolve(new Map()) : h.observeAll!(ds))
    : async (ds) => new Map(await Promise.all(ds.map(async (d) => [d.address, await h.observe(d)] as const)));
  switch (h.kind) {
    case 'Redis': return { ...h, exportAll: paasExporter(http, readers.redis, observe) };
    case 'PostgreSQL': return { ...h, exportAll: paasExporter(http, readers.postgresql, observe) };
    case 'KubernetesCluster': return { ...h, exportAll: paasExporter(http, KUBERNETES, observe) };
    case 'LoadBalancer': return { ...h, exportAll: loadBalancerExporter(http, observe) };
    case 'PatchPolicy': return { ...h, exportAll: patchPolicyExporter(http) };
    case 'Tags': return { ...h, exportAll: tagsExporter(http) };
    default: return h;
  }
}

/** `GET /itcare/compute/services/{id}`: false on 404. */
export async function serviceExists(http: HttpClient, serviceId: number): Promise<boolean> {
  try {
    await getObject(http, `/itcare/compute/services/${serviceId}`);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false;
    throw err;
  }
}

/**
 * `GET /itcare/compute/resources/{id}/history` (ITCARE-API §2.3, `001:9116-9163`): action records
 * (`submittedAt`, `submittedBy`, `process`, `message`, `status`), oldest first. A 404 (resource gone
 * meanwhile) is an empty history.
 */
export async function resourceHistory(http: HttpClient, id: string | number): Promise<HistoryEntry[]> {
  return (await historyAt(http, `/itcare/compute/resources/${id}/history`)).map(({ resourceName: _name, ...e }) => e);
}

/**
 * `GET /itcare/compute/services/{id}/history?names=NAME` (`001:9670-9720`): the actions on the
 * resources of that name in the service, oldest first, the same entries as a resource's history. It
 * still lists a resource deleted out of band, which has no id left to ask about. A 404 is empty.
 */
export async function serviceHistory(http: HttpClient, serviceId: number, names: readonly string[]): Promise<Map<string, HistoryEntry[]>> {
  const out = new Map<string, HistoryEntry[]>(names.map((n) => [n, []]));
  // `names` is a list parameter: a few requests of up to 50 names each, not one per resource.
  for (let i = 0; i < names.length; i += 50) {
    const chunk = names.slice(i, i + 50);
    const all = await historyAt(http, `/itcare/compute/services/${serviceId}/history`, { names: chunk });
    for (const { resourceName, ...e } of all) {
      for (const n of resourceName === undefined ? (chunk.length === 1 ? chunk : []) : [resourceName]) out.get(n)?.push(e);
    }
  }
  return out;
}

async function historyAt(http: HttpClient, path: string, query?: Record<string, readonly string[]>): Promise<Array<HistoryEntry & { resourceName?: string }>> {
  let list: Json[];
  try {
    list = await getArray(http, path, query);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
  return list
    .map((a) => ({
      at: toText(a.submittedAt) ?? toText(a.completedAt) ?? toText(a.lastUpdatedAt) ?? '',
      by: toText(a.submittedBy) ?? 'unknown',
      operation: toText(a.process) ?? 'UNKNOWN',
      message: toText(a.message) ?? '',
      status: toText(a.status) ?? 'UNKNOWN',
      ...(typeof a.resourceName === 'string' ? { resourceName: a.resourceName } : {}),
    }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
