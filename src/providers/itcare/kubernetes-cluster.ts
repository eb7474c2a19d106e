// The KubernetesCluster kind (`/itcare/compute/containers/kubernetes`, ITCARE-API §6): its live -> spec
// table and its handler. Own operations (node pools, upgrade, enable_ha) are in kubernetes-operations.ts.
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
import { fromPointer } from '../../core/json-pointer.js';
import type { HttpClient } from '../../http/types.js';
import type { DesiredResource, KindHandler, Observation } from '../../engine/provider.js';
import { readCatalogue } from './catalogues.js';
import { isObject, type Json } from './client.js';
import { nodesOf, poolsOf } from './kubernetes-nodes.js';
import { kubeMinor, kubernetesCreateExtras, kubernetesUpdates } from './kubernetes-operations.js';
import { fromNodes, put, toBool, toNumber, toText } from './normalize.js';
import { inventoryPaas, listOwnedPaas, observeAllPaas, observePaas, type PaasReader } from './paas-common.js';
import { commonUpdates, createOperations, deleteOperations, flatten, refuseUnhandled, type Phased } from './paas-operations.js';
import { historyFields } from './history-fields.js';

/** Shared PaaS operations Kubernetes lacks (no start/stop/resize, §6.4): such a difference is refused. */
const NO_OPERATION = new Set(['state', 'nodeSizing']);

/** Spec fields that are not POST fields: reconciled by follow-up operations or once the cluster exists. */
const NOT_IN_CREATE_BODY = ['nodePools', 'version', 'topology'];

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
  segment: 'kubernetes',
  listPath: '/itcare/compute/containers/kubernetes',
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
 * versions available", `001:17771`), as `lookups.versions`, read once per run (catalogues.ts). Advisory:
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

/** Adds the plan-time lookups the builders need: the live nodes and `supportsHAMode`. */
function withLookups(obs: Observation): Observation {
  if (!obs.exists || !isObject(obs.raw)) return obs;
  const raw = obs.raw;
  const lookups: Record<string, unknown> = {};
  if (Array.isArray(raw.nodes)) lookups.nodes = nodesOf((raw.nodes as unknown[]).filter(isObject) as Json[]);
  put(lookups, 'supportsHAMode', isObject(raw.detail) ? toBool(raw.detail.supportsHAMode) : undefined);
  return { ...obs, lookups: { ...obs.lookups, ...lookups } };
}

/**
 * The observation without the live patch group, so that update_patch_party never sends one: a group is
 * "only allowed when the farm has one member" (`001:17735`), and ITCare assigns clusters their own (`001:510`).
 */
function withoutPatchGroup(obs: Observation): Observation {
  const pp = obs.spec.patchParty;
  if (!isObject(pp) || pp.patchGroup === undefined) return obs;
  const { patchGroup: _dropped, ...rest } = pp;
  return { ...obs, spec: { ...obs.spec, patchParty: rest } };
}

/** `create KubernetesCluster web (3 x 4cpu16gb, NGINX)`. */
function createSummary(d: DesiredResource): string {
  const n = toNumber(d.spec.instanceCount);
  const sizing = toText(d.spec.nodeSizing);
  const parts = [
    n !== undefined && sizing !== undefined ? `${n} x ${sizing}` : sizing,
    toText(d.spec.ingressProvider)?.toUpperCase(),
  ].filter(Boolean);
  return `create KubernetesCluster ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** The KubernetesCluster handler. Idempotent reads; pure builders (see KindHandler). */
export function createKubernetesClusterHandler(http: HttpClient): KindHandler {
  return {
    kind: KUBERNETES.kind,
    observe: async (desired) => withVersions(http, desired, withLookups(await observePaas(http, KUBERNETES, desired))),
    observeAll: async (desired, reads) => {
      const found = await observeAllPaas(http, KUBERNETES, desired, reads);
      const byAddress = new Map(desired.map((d) => [d.address, d]));
      const entries = await Promise.all([...found].map(async ([address, o]) => {
        const d = byAddress.get(address);
        const obs = withLookups(o);
        return [address, d ? await withVersions(http, d, obs) : obs] as const;
      }));
      return new Map(entries);
    },
    listOwned: (stack, scope, reads) => listOwnedPaas(http, KUBERNETES, stack, scope, reads),
    inventory: (scope, reads) => inventoryPaas(http, KUBERNETES, scope, reads),
    createOperations: (desired, ctx) =>
      createOperations(KUBERNETES, desired, ctx, createSummary(desired), (self) => kubernetesCreateExtras(KUBERNETES, desired, self)),
    updateOperations(desired, observed, diff, ctx) {
      const phased: Phased = {};
      const shared = diff.filter((x) => !NO_OPERATION.has(fromPointer(x.path)[0] ?? ''));
      const handled = commonUpdates(KUBERNETES, desired, withoutPatchGroup(observed), shared, ctx, phased);
      const own = kubernetesUpdates(KUBERNETES, desired, observed, diff, phased);
      for (const h of own.handled) handled.add(h);
      refuseUnhandled(desired, diff, handled);
      return [...own.nodeOps, ...flatten(phased)];
    },
    deleteOperations: (address, observed, ctx) => deleteOperations(KUBERNETES, address, observed, ctx),
    historyFields: historyFields({
      UPGRADE: ['/version'], ENABLE_HA: ['/topology'], CREATE_NODES: ['/nodePools', '/instanceCount'], DELETE_NODES: ['/nodePools', '/instanceCount'], DELETE_NODE: ['/nodePools', '/instanceCount'],
    }),
  };
}
