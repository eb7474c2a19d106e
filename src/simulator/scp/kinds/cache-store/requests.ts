// The SCP request registry and the cluster state machine (digest §3.2-§3.3). Every mutating call
// records a request IN_PROGRESS, puts the cluster in a transitional service_state and answers 202
// `{request_id, resource: {id}}` (`003:143-149`). Completion is lazy, as for ITCare actions: at the
// start of every request, due requests finish in due order, COMPLETED (effect applied, final state)
// or FAILED (no effect, failure state). The `state` words are invented (⚠A7): IN_PROGRESS,
// COMPLETED, FAILED.
import { takeActionFailure } from '../../../faults.js';
import type { Reply } from '../../../reply.js';
import { ok } from '../../common/errors.js';
import type { ScpContext } from '../../context.js';
import { type ClusterRecord, isoSeconds, newRequestId, type RequestEffect, type RequestRecord, type ScpState, type ServiceState, SIM_USER_ID } from './state.js';

/** Transitional, success and failure states per kind of operation (digest §3.3 table). */
export interface Transition {
  during: ServiceState;
  /** undefined = back to the state the cluster had before the request. */
  success?: ServiceState;
  failure: ServiceState;
}

export const TRANSITIONS = {
  create: { during: 'CREATING', success: 'RUNNING', failure: 'FAILED' },
  terminate: { during: 'TERMINATING', success: 'TERMINATED', failure: 'FAILED' },
  stop: { during: 'STOPPING', success: 'STOPPED', failure: 'ERROR' },
  start: { during: 'STARTING', success: 'RUNNING', failure: 'ERROR' },
  restart: { during: 'RESTARTING', success: 'RUNNING', failure: 'ERROR' },
  edit: { during: 'EDITING', failure: 'ERROR' },
  sync: { during: 'SYNCHRONIZING', failure: 'ERROR' },
} as const satisfies Record<string, Transition>;

/** States in which the cluster is busy: every mutating call answers 400. */
export const TRANSITIONAL: ReadonlySet<ServiceState> = new Set([
  'CREATING', 'TERMINATING', 'STOPPING', 'STARTING', 'RESTARTING', 'EDITING', 'SYNCHRONIZING', 'UPGRADING', 'MIGRATING',
]);

/** Bound on the registry (oldest finished requests dropped first), so long runs stay small. */
const MAX_REQUESTS = 20_000;

/**
 * Records a request on `cluster`, moves the cluster to the transition's `during` state and answers
 * 202. A matching failActions rule (by cluster name and operation) is consumed here.
 */
export function submitRequest(
  ctx: ScpContext, cluster: ClusterRecord, operation: string, t: Transition, effect: RequestEffect,
): Reply {
  const s = ctx.state;
  const lag = t.during === 'CREATING' ? 0 : ctx.options.stateLagMs;
  const req: RequestRecord = {
    request_id: newRequestId(s), cluster_id: cluster.id, cluster_name: cluster.name, operation,
    state: 'IN_PROGRESS', submitted_at: isoSeconds(ctx.now), due_at: ctx.now + lag + ctx.options.actionMs,
    completed_at: null, effect, return_state: cluster.service_state, success_state: t.success,
    fail_state: t.failure,
  };
  const failure = takeActionFailure(ctx.faults, cluster.name, operation, operation);
  if (failure !== undefined) req.fail_with = failure;
  if (lag > 0) {
    req.begins_at = ctx.now + lag;
    req.during_state = t.during;
  } else {
    setClusterState(cluster, t.during, ctx.now);
  }
  cluster.busy_request = req.request_id;
  s.requests.push(req);
  if (s.requests.length > MAX_REQUESTS) {
    const i = s.requests.findIndex((r) => r.state !== 'IN_PROGRESS');
    if (i >= 0) s.requests.splice(i, 1);
  }
  return ok({ request_id: req.request_id, resource: { id: cluster.id } }, 202);
}

export function setClusterState(c: ClusterRecord, to: ServiceState, now: number): void {
  c.service_state = to;
  c.modified_at = isoSeconds(now);
  c.modified_by = SIM_USER_ID;
  for (const g of c.instance_groups) for (const i of g.instances) i.service_state = to;
}

/** Completes every due request and purges expired TERMINATED clusters. True when the state changed. */
export function advanceRequests(s: ScpState, now: number, terminatedMs: number): boolean {
  let changed = false;
  for (const r of s.requests) {
    if (r.state !== 'IN_PROGRESS' || r.begins_at === undefined || r.begins_at > now) continue;
    const c = s.clusters.find((x) => x.id === r.cluster_id);
    if (c && r.during_state) setClusterState(c, r.during_state, r.begins_at);
    delete r.begins_at;
    delete r.during_state;
    changed = true;
  }
  const due = s.requests
    .filter((r) => r.state === 'IN_PROGRESS' && r.due_at <= now)
    .sort((a, b) => a.due_at - b.due_at);
  for (const r of due) complete(s, r, now, terminatedMs);
  const before = s.clusters.length;
  s.clusters = s.clusters.filter((c) => c.purge_at === undefined || c.purge_at > now);
  return changed || due.length > 0 || s.clusters.length !== before;
}

function complete(s: ScpState, r: RequestRecord, now: number, terminatedMs: number): void {
  r.completed_at = isoSeconds(r.due_at);
  delete r.begins_at;
  delete r.during_state;
  const c = s.clusters.find((x) => x.id === r.cluster_id);
  if (c && c.busy_request === r.request_id) delete c.busy_request;
  if (r.fail_with !== undefined) {
    r.state = 'FAILED';
    if (c) {
      c.state_before_error = r.return_state;
      setClusterState(c, r.fail_state, r.due_at);
    }
    return;
  }
  r.state = 'COMPLETED';
  if (!c) return;
  let next: ServiceState = r.success_state ?? r.return_state;
  const e = r.effect;
  switch (e.type) {
    case 'create':
      if (c.init_config_option.backup_option.retention_period_day !== null) addBackup(c, r.due_at);
      break;
    case 'remove-backup-histories':
      c.backup_histories = c.backup_histories.filter((h) => !e.numbers.includes(h.backup_history_number));
      break;
    case 'none':
    case 'power':
    case 'restart':
      break;
    case 'terminate':
      // Counted from when the completion is seen, so a test that makes a request due at once still sees TERMINATED.
      c.purge_at = now + terminatedMs;
      break;
    case 'sync-state':
      next = c.state_before_error ?? r.return_state;
      delete c.state_before_error;
      break;
    case 'merge': {
      const hadBackup = c.init_config_option.backup_option.retention_period_day !== null;
      Object.assign(c, structuredClone(e.patch));
      if (!hadBackup && c.init_config_option.backup_option.retention_period_day !== null) addBackup(c, r.due_at);
      break;
    }
    case 'security-group-rules':
      c.allowable_ip_addresses = [...c.allowable_ip_addresses.filter((ip) => !e.del.includes(ip)), ...e.add];
      break;
    case 'resize-instance-group': {
      const g = c.instance_groups.find((x) => x.id === e.instance_group_id);
      if (g) g.server_type_name = e.server_type_name;
      break;
    }
    case 'resize-block-storage':
      for (const g of c.instance_groups) {
        for (const b of g.block_storage_groups) if (b.id === e.block_storage_group_id) b.size_gb = e.size_gb;
      }
      break;
    case 'parameters':
      Object.assign(c.parameters, e.values);
      c.parameters_modified_at = isoSeconds(r.due_at);
      break;
    case 'switchover':
      for (const g of c.instance_groups) {
        if (!g.instances.some((i) => i.name === e.switch_host_name)) continue;
        for (const i of g.instances) {
          if (i.name === e.switch_host_name) i.role_type = 'MASTER';
          else if (i.role_type === 'MASTER') i.role_type = 'REPLICA';
        }
      }
      break;
    case 'commands':
      Object.assign(c.commands, e.values);
      c.commands_updated_at = isoSeconds(r.due_at);
      break;
  }
  setClusterState(c, next, r.due_at);
}

/** Records a finished full backup (when backups are turned on, the first one is taken at once) [SIM]. */
export function addBackup(c: ClusterRecord, at: number): void {
  const n = c.backup_histories.length + 1;
  const stamp = isoSeconds(at).replace(/[-:TZ]/g, '').slice(0, 14);
  c.backup_histories.push({
    backup_history_number: `${stamp}${String(n).padStart(4, '0')}`, backup_state: 'COMPLETED', backup_state_detail: null,
    backup_start_at: isoSeconds(at), backup_end_at: isoSeconds(at), backup_size_gb: 1.5, software_version: c.software_version,
  });
}

/** The request still IN_PROGRESS on a cluster, if any. */
export function pendingRequest(s: ScpState, clusterId: string): RequestRecord | undefined {
  return s.requests.find((r) => r.cluster_id === clusterId && r.state === 'IN_PROGRESS');
}
