// The ITCare provider: one kind handler per resource kind, sharing one HttpClient, plus the generic
// execute (one planned HTTP call -> actions to track) and batched action polling.
import type { HttpClient } from '../../http/types.js';
import type { ExecuteResult, KindHandler, Provider } from '../../engine/provider.js';
import type { Operation } from '../../engine/plan.js';
import { parseExecuteAnswer, pollActions } from './actions.js';
import { contentTypeFor } from './client.js';
import { createKubernetesClusterHandler } from './kubernetes-cluster.js';
import { createLoadBalancerHandler } from './load-balancer.js';
import { createPostgresqlHandler } from './postgresql.js';
import { createRedisHandler, READER as REDIS } from './redis.js';
import { POSTGRESQL } from './postgresql.js';
import { resourceHistory, serviceExists, serviceHistory, withExport } from './export.js';
import { createTagsHandler } from './tags-kind.js';
import { createPatchPolicyHandler } from './patch-policy.js';
import { withCatalogues } from './catalogues.js';
import { withRelease } from './tags.js';
import { createAvailability } from './availability.js';
import { dryRunOperation, honouredMatcher } from './dry-run.js';
import { actionsInProgress } from './governance-pending.js';
import { itcareLiveFacts } from './normalize.js';

/** Kind handler factories. Adding a kind = one line here (and its handler file). */
const HANDLERS: ReadonlyArray<(http: HttpClient) => KindHandler> = [
  createRedisHandler,
  createPostgresqlHandler,
  createLoadBalancerHandler,
  createKubernetesClusterHandler,
  createTagsHandler,
  createPatchPolicyHandler,
];

/**
 * Performs one planned operation (placeholders already resolved). POST and PATCH are never marked
 * idempotent, so the HTTP layer never retries them blindly; a lost create is found by name on re-plan.
 */
export async function executeOperation(http: HttpClient, op: Operation, signal?: AbortSignal): Promise<ExecuteResult> {
  const res = await http.request({
    method: op.method,
    path: op.path,
    body: op.body,
    contentType: op.body === undefined ? undefined : contentTypeFor(op.method, op.path),
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
  const handlers = new Map(HANDLERS.map((make) => withRelease(withCatalogues(http, withExport(http, make(http), { redis: REDIS, postgresql: POSTGRESQL })))).map((h) => [h.kind, h] as const));
  const honoured = honouredMatcher(opts.dryRunHonoured ?? []);
  const availability = createAvailability(http);
  return {
    name: 'itcare',
    kinds: () => [...handlers.keys()],
    handler: (kind) => handlers.get(kind),
    execute: (op, signal) => executeOperation(http, op, signal),
    dryRun: (op, signal) => dryRunOperation(http, op, honoured, signal),
    availability,
    pollActions: (refs, signal) => pollActions(http, refs, signal, { batch: opts.batchPolls }),
    actionsInProgress: (serviceIds, signal) => actionsInProgress(http, serviceIds, signal),
    serviceExists: (id) => serviceExists(http, id),
    liveFacts: (_kind, o) => itcareLiveFacts(o),
    history: (_kind, id) => resourceHistory(http, id),
    scopeHistory: (serviceId, names) => serviceHistory(http, serviceId, names),
    requestCount: () => http.requestCount,
  };
}
