// Reading the KubernetesCluster kind (`/itcare/compute/containers/kubernetes`, ITCARE-API §6): its
// PaasReader (its own list, its live -> spec table), the node and version lookups its builders need.
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                              | note |
// | ------------------ | -------------------------------------------------------- | ---- |
// | serviceId          | GET kubernetes/{id} `serviceId`                          | number |
// | ingressProvider    | `ingressProvider`                                        | upper-case (`NGINX`) |
// | version            | `version`, else `versionDetailed`                        | the minor: `v1.29.3` -> `1.29` |
// | topology           | `topology`                                               | upper-case; `High Availability` -> `HA` |
// | networkId          | nodes [1]: `network.id`                                  | the desired value when any node has it, else the first node's |
// | nodePools          | nodes [1] grouped by (`availabilityZone.id`, `${cpu}cpu${ram}gb`) | `[{az, nodeSizing, count}]` sorted by az, sizing [2] |
// | monitoringEnabled  | `monitoringEnabled`                                      | |
// | monitoringAlerting | `monitoringAlerting`                                     | |
// | onCallSupervision  | `monitoringOnCallEnabled`                                | ITCARE-API §3.4 |
// | patchParty         | `patchParty`: excluded; patchGroup if non-empty; exclusionReason if excluded | |
// | tags               | GET compute/resources/{id}/tags minus `caretaker-stack`  | its value -> Observation.owner |
// | never read         | nodeSizing, instanceCount (create-time: nodePools manage nodes afterwards), region, area (the GET has only labels), platform, cloudId, backupEnabled, replicationEnabled, regulation, dbBackupPolicyId, serverBackupPolicyId, no*ProdReason | write-only |
// | no field           | `state`: Kubernetes has no start/stop (§6.4)             | |
//
// [1] GET kubernetes/{id}/nodes, read only when the spec has nodePools or networkId.
// [2] nodes without a zone or sizing are left out of the pools; any node change is then refused.
//     Observation.lookups carries `nodes` ({id, name, az, nodeSizing, ingress}) and `supportsHAMode`
//     for the pure builders.
import type { HttpClient } from '../../../../http/types.js';
import type { DesiredResource, Observation, ReadScope } from '../../../../engine/provider.js';
import { readCatalogue } from '../../common/catalogues.js';
import { type Json } from '../../common/client.js';
import { isObject } from '../../../../core/objects.js';
import { nodesOf, poolsOf } from './nodes.js';
import { kubeMinor } from './operations.js';
import { fromNodes, put, toBool, toText } from '../../common/normalize.js';
import { observeAllPaas, observePaas, type PaasReader } from '../../common/paas/observe.js';

/** Spec fields that are not POST fields: reconciled by follow-up operations or once the cluster exists. */
const NOT_IN_CREATE_BODY = ['nodePools', 'version', 'topology'] as const;

/** `Standard` -> STANDARD; `HA`, `High Availability` -> HA; other values upper-cased. */
function topologyOf(v: unknown): string | undefined {
  const t = toText(v)?.trim().toUpperCase().replace(/[\s_-]+/g, ' ');
  return t === 'HIGH AVAILABILITY' ? 'HA' : t;
}

function versionOf(...candidates: unknown[]): string | undefined {
  for (const c of candidates) {
    const m = kubeMinor(c);
    if (m) return `${m.major}.${m.minor}`;
  }
  return undefined;
}

export const KUBERNETES: PaasReader = {
  kind: 'KubernetesCluster',
  basePath: '/itcare/compute/containers/kubernetes',
  deleteTakesChangeReference: true,
  // The generic list shows a cluster by this path (else by technology); its own list needs no check.
  sign: { path: '/compute/containers/kubernetes', word: /kubernetes|k8s/i },
  list: { path: '/itcare/compute/containers/kubernetes', own: true },
  // Its own operations after the shared first phases (it has no start or resize), upgrade first.
  ownPhases: ['upgrade', 'enable_ha'],
  // The list items carry every field of the detail GET (`001:16458-16560` against `001:17484-17620`):
  // refresh reads no detail (the single-resource observe still does).
  detailFields: [],
  stateless: true,
  shapeCreateBody(body) {
    for (const f of NOT_IN_CREATE_BODY) delete body[f];
    // The only sampled spelling is upper-case `NGINX` (`001:16729`); the schema accepts any case.
    if (typeof body.ingressProvider === 'string') body.ingressProvider = body.ingressProvider.toUpperCase();
  },
  subReads: (desired) => (desired.spec.nodePools !== undefined || desired.spec.networkId !== undefined ? ['nodes'] : []),
  kindSpec(detail, item, sub, desired) {
    const out: Record<string, unknown> = {};
    put(out, 'ingressProvider', toText(detail.ingressProvider ?? item.ingressProvider)?.toUpperCase());
    put(out, 'version', versionOf(detail.version, item.version, detail.versionDetailed, item.versionDetailed));
    put(out, 'topology', topologyOf(detail.topology ?? item.topology));
    if (sub.nodes) {
      put(out, 'networkId', fromNodes(sub.nodes, desired.spec).networkId);
      out.nodePools = poolsOf(nodesOf(sub.nodes));
    }
    return out;
  },
};

/**
 * When the spec asks for another version than the live one: the versions `GET
 * /itcare/compute/platform/products?type=KUBERNETES` lists ("step by step upgrade only: use … to list all
 * versions available", `001:17771`), as `lookups.versions`, read once per run (common/catalogues.ts). Advisory:
 * an API error (after the HTTP layer's retries) or an answer with no readable version leaves them out
 * with a plan note, and the builders step one minor at a time as before.
 */
async function withVersions(http: HttpClient, desired: DesiredResource, obs: Observation): Promise<Observation> {
  const want = toText(desired.spec.version);
  const live = toText(obs.spec.version);
  if (!obs.exists || want === undefined || live === undefined || want === live) return obs;
  const c = await readCatalogue(http, '/itcare/compute/platform/products', { type: 'KUBERNETES' }, (body) => {
    if (!Array.isArray(body)) return undefined;
    return body.filter(isObject).filter((p) => p.productIsDisabled !== true).map((p) => toText(p.productVersion)).filter((v): v is string => v !== undefined);
  });
  if (!c.ok) return { ...obs, notes: [...(obs.notes ?? []), `live catalogue for spec.version not read: ${c.why}; upgrades step one minor version at a time`] };
  return { ...obs, lookups: { ...obs.lookups, versions: c.values } };
}

/**
 * A cluster to create gets ITCare's default version and node placement: the plan says that the version
 * and the pools are reconciled from the created cluster within the same apply (the executor re-plans
 * the rest of a create from what it observes), with calls this plan cannot list yet.
 */
function withCreateNote(desired: DesiredResource, obs: Observation): Observation {
  if (obs.exists || (desired.spec.version === undefined && desired.spec.nodePools === undefined)) return obs;
  const note = 'spec.version and spec.nodePools are reconciled from the created cluster (its default version, the nodes ITCare placed) in the same apply: upgrade steps and node changes beyond those listed run then';
  return { ...obs, notes: [...(obs.notes ?? []), note] };
}

/** Adds the plan-time lookups the builders need: the live nodes and `supportsHAMode`. */
function withLookups(obs: Observation): Observation {
  if (!obs.exists || !isObject(obs.raw)) return obs;
  const raw = obs.raw;
  const lookups: Record<string, unknown> = {};
  if (Array.isArray(raw.nodes)) lookups.nodes = nodesOf((raw.nodes as unknown[]).filter(isObject) as Json[]);
  put(lookups, 'supportsHAMode', isObject(raw.detail) ? toBool(raw.detail.supportsHAMode) : undefined);
  return { ...obs, lookups: { ...obs.lookups, ...lookups } };
}

/** Observes one cluster: the shared PaaS reads, then the builders' lookups, the version catalogue and the create note. */
export async function observeCluster(http: HttpClient, desired: DesiredResource): Promise<Observation> {
  return withCreateNote(desired, await withVersions(http, desired, withLookups(await observePaas(http, KUBERNETES, desired))));
}

/** Observes many clusters from the shared reads (observeAllPaas), each then as `observeCluster`. */
export async function observeAllClusters(http: HttpClient, desired: readonly DesiredResource[], reads?: ReadScope): Promise<Map<string, Observation>> {
  const found = await observeAllPaas(http, KUBERNETES, desired, reads);
  const byAddress = new Map(desired.map((d) => [d.address, d]));
  const entries = await Promise.all([...found].map(async ([address, o]) => {
    const d = byAddress.get(address);
    const obs = withLookups(o);
    return [address, d ? withCreateNote(d, await withVersions(http, d, obs)) : obs] as const;
  }));
  return new Map(entries);
}
