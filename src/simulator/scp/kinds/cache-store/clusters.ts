// Cluster routes: Create (`003:65-149`, in create.ts), List (`003:253-311`), Show (`003:997-1090`) and
// Terminate (`003:1361-1398`), with the checks every cluster route shares (404, busy or wrong state).
// Show of an unknown id answers 404 although the seed lists none (⚠A4, [SIM]).
import type { SimHttpError } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { fieldInvalid, invalid, ok, scpNotFound } from '../../common/errors.js';
import { queryInt } from '../../common/validate.js';
import type { ScpContext } from '../../context.js';
import { createCluster } from './create.js';
import { submitRequest, TRANSITIONAL, TRANSITIONS } from './requests.js';
import { findCluster, SERVICE_STATES, type ClusterRecord } from './state.js';
import { clusterDetail, clusterSummary } from './views.js';

export function registerClusters(router: Router<ScpContext>): void {
  router.post('/v1/clusters', createCluster);
  router.get('/v1/clusters', listClusters);
  router.get('/v1/clusters/:cluster_id', (ctx) => ok(clusterDetail(clusterOr404(ctx))));
  router.delete('/v1/clusters/:cluster_id', terminateCluster);
}

/** The cluster of the `cluster_id` path parameter, or 404. */
export function clusterOr404(ctx: ScpContext): ClusterRecord {
  const id = ctx.params.cluster_id!;
  const c = findCluster(ctx.state, id, ctx.now);
  if (!c) throw scpNotFound('cluster', id);
  return c;
}

/** 400 for a cluster in the wrong service_state for the operation (digest §3.3 preconditions). */
export function stateInvalid(clusterId: string, msg: string): SimHttpError {
  return invalid([{ loc: ['path', 'cluster_id'], msg, type_: 'state_error', ctx: { cluster_id: clusterId } }]);
}

/** Mutating calls need a cluster that is not busy, and (usually) RUNNING (digest §3.3). */
export function assertState(c: ClusterRecord, allowed: readonly string[], operation: string): void {
  if (TRANSITIONAL.has(c.service_state) || c.busy_request !== undefined) {
    throw stateInvalid(c.id, `cluster ${c.name} is ${c.service_state}: another request${c.busy_request ? ` (${c.busy_request})` : ''} is in progress, ${operation} refused`);
  }
  if (!allowed.includes(c.service_state)) {
    throw stateInvalid(c.id, `cluster ${c.name} is ${c.service_state}: ${operation} needs ${allowed.join(' or ')}`);
  }
}

const SORT = /^(name|service_state|created_at):(asc|desc)$/;

function listClusters(ctx: ScpContext) {
  const size = queryInt(ctx.query, 'size', 20, 10_000);
  const page = queryInt(ctx.query, 'page', 0);
  const sort = ctx.query.get('sort') || 'name:asc';
  if (!SORT.test(sort)) throw fieldInvalid(['query', 'sort'], `String should match pattern '${SORT.source}'`, 'string_pattern_mismatch');
  const name = ctx.query.get('name');
  const state = ctx.query.get('service_state');
  if (state && !(SERVICE_STATES as readonly string[]).includes(state)) throw fieldInvalid(['query', 'service_state'], `Input should be one of ${SERVICE_STATES.join(', ')}`, 'enum');
  // `name` is a case-insensitive substring match (⚠A15; DESIGN: "a substring match") [SIM].
  let rows = ctx.state.clusters.filter((c) => findCluster(ctx.state, c.id, ctx.now));
  if (name) rows = rows.filter((c) => c.name.toLowerCase().includes(name.toLowerCase()));
  if (state) rows = rows.filter((c) => c.service_state === state);
  const [field, dir] = sort.split(':') as ['name' | 'service_state' | 'created_at', 'asc' | 'desc'];
  rows = [...rows].sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : a.id < b.id ? -1 : 1) * (dir === 'asc' ? 1 : -1));
  // `count` is the number of matches over all pages (⚠A13) [SIM].
  return ok({ contents: rows.slice(page * size, page * size + size).map(clusterSummary), count: rows.length, page, size, sort: [sort] });
}

function terminateCluster(ctx: ScpContext) {
  const c = clusterOr404(ctx);
  if (c.service_state === 'TERMINATED') throw stateInvalid(c.id, `cluster ${c.name} is already TERMINATED`);
  assertState(c, ['RUNNING', 'STOPPED', 'ERROR', 'FAILED', 'UNKNOWN'], 'terminate');
  return submitRequest(ctx, c, 'terminate', TRANSITIONS.terminate, { type: 'terminate' });
}

