// The ITCare provider: its kind registry (one descriptor per line, each from kinds/<kind>/) and what
// no kind owns: the generic execute (one planned HTTP call -> actions to track), batched action polls,
// dry runs, operation pre-checks, the concurrent-run guard's read, service checks and history.
import type { HttpClient } from '../../http/types.js';
import type { ExecuteResult, Provider } from '../../engine/provider.js';
import type { Operation } from '../../engine/plan.js';
import { parseExecuteAnswer, pollActions } from './common/actions.js';
import { createAvailability } from './common/availability.js';
import { contentTypeFor, type VendorTyped } from './common/client.js';
import { dryRunOperation, honouredMatcher } from './common/dry-run.js';
import { actionsInProgress } from './common/governance-pending.js';
import { kindDirectory, kindHandler, type ItcareKind } from './common/kind.js';
import { resourceHistory, serviceHistory, serviceMissing } from './common/service.js';
import { glusterfs } from './kinds/glusterfs/index.js';
import { kafka } from './kinds/kafka/index.js';
import { kubernetesCluster } from './kinds/kubernetes-cluster/index.js';
import { loadBalancer } from './kinds/load-balancer/index.js';
import { mariadb } from './kinds/mariadb/index.js';
import { matomo } from './kinds/matomo/index.js';
import { opensearch } from './kinds/opensearch/index.js';
import { overdrive } from './kinds/overdrive/index.js';
import { patchPolicy } from './kinds/patch-policy/index.js';
import { postgresql } from './kinds/postgresql/index.js';
import { rabbitmq } from './kinds/rabbitmq/index.js';
import { redis } from './kinds/redis/index.js';
import { sqlserver } from './kinds/sqlserver/index.js';
import { tags } from './kinds/tags/index.js';
import { virtualMachine } from './kinds/virtual-machine/index.js';

/** The ITCare kinds. Adding a kind = its folder kinds/<kind>/ and one line here (README "Adding a kind"). */
const KINDS: readonly ItcareKind[] = [
  redis,
  postgresql,
  loadBalancer,
  kubernetesCluster,
  tags,
  patchPolicy,
  rabbitmq,
  kafka,
  glusterfs,
  overdrive,
  matomo,
  virtualMachine,
  mariadb,
  sqlserver,
  opensearch,
];

/**
 * Performs one planned operation (placeholders already resolved). POST and PATCH are never marked
 * idempotent, so the HTTP layer never retries them blindly; a lost create is found by name on re-plan.
 */
export async function executeOperation(http: HttpClient, op: Operation, signal?: AbortSignal, vendorTyped: readonly VendorTyped[] = []): Promise<ExecuteResult> {
  const res = await http.request({
    method: op.method,
    path: op.path,
    body: op.body,
    contentType: op.body === undefined ? undefined : contentTypeFor(op.method, op.path, vendorTyped),
    idempotent: op.method !== 'POST' && op.method !== 'PATCH',
    signal,
  });
  return parseExecuteAnswer(op, res.status, res.body);
}

/**
 * The `itcare` provider over `opts.http`. `batchPolls` (default true): one `GET /itcare/actions?serviceId=`
 * serves every action of a service. `dryRunHonoured`: the calls the operator declares to honour
 * `ITCare-DryRun` (`all` or `METHOD /path/*` patterns; default none, as the docs name none).
 */
export function createItcareProvider(opts: { http: HttpClient; batchPolls?: boolean; dryRunHonoured?: readonly string[] }): Provider {
  const { http } = opts;
  const ctx = { http, kinds: kindDirectory(KINDS) };
  const descriptors = new Map(KINDS.map((k) => [k.kind, k] as const));
  const handlers = new Map(KINDS.map((k) => [k.kind, kindHandler(k, ctx)] as const));
  const honoured = honouredMatcher(opts.dryRunHonoured ?? []);
  const availability = createAvailability(http, (kind) => descriptors.get(kind)?.operationsPath);
  const vendorTyped = KINDS.flatMap((k) => k.vendorTyped ?? []);
  return {
    name: 'itcare',
    kinds: () => [...handlers.keys()],
    handler: (kind) => handlers.get(kind),
    execute: (op, signal) => executeOperation(http, op, signal, vendorTyped),
    dryRun: (op, signal) => dryRunOperation(http, op, honoured, signal, vendorTyped),
    availability,
    pollActions: (refs, signal) => pollActions(http, refs, signal, { batch: opts.batchPolls }),
    actionsInProgress: (serviceIds, signal) => actionsInProgress(http, serviceIds, signal),
    serviceMissing: (id) => serviceMissing(http, id),
    history: (_kind, id) => resourceHistory(http, id),
    scopeHistory: (serviceId, names) => serviceHistory(http, serviceId, names),
    requestCount: () => http.requestCount,
  };
}
