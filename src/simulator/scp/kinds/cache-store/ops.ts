// The per-change endpoints, one per kind of change (digest §4, §5.3): start (`003:1127-1164`), stop
// (`003:1165-1202`), restart (`003:684-721`), security-group rules (`003:906-951`), backup set/unset
// (`003:722-765`, `003:1399-1436`), maintenance set/unset (`003:811-856`, `003:1437-1473`), server
// type (`003:952-996`), block storage size (`003:766-810`), switchover (`003:1203-1245`) and state
// sync (`003:1246-1285`). Each answers 202 and is tracked as a request; a no-op change is a 400.
import type { Router } from '../../../router.js';
import { fieldInvalid, scpNotFound } from '../../common/errors.js';
import { cidrList, int, Issues, objectShape, oneOf, str } from '../../common/validate.js';
import type { ScpContext } from '../../context.js';
import { assertState, clusterOr404, stateInvalid } from './clusters.js';
import { DAYS, HH, HOUR, MM, PERIOD, RETENTION } from './patterns.js';
import { submitRequest, TRANSITIONS } from './requests.js';
import { type ClusterRecord, findCluster } from './state.js';

const RUNNING = ['RUNNING'] as const;

export function registerOps(router: Router<ScpContext>): void {
  router.post('/v1/clusters/:cluster_id/start', (ctx) => {
    const c = clusterOr404(ctx);
    assertState(c, ['STOPPED'], 'start');
    return submitRequest(ctx, c, 'start', TRANSITIONS.start, { type: 'power', to: 'RUNNING' });
  });
  router.post('/v1/clusters/:cluster_id/stop', (ctx) => {
    const c = clusterOr404(ctx);
    assertState(c, RUNNING, 'stop');
    return submitRequest(ctx, c, 'stop', TRANSITIONS.stop, { type: 'power', to: 'STOPPED' });
  });
  router.post('/v1/clusters/:cluster_id/restart', (ctx) => {
    const c = clusterOr404(ctx);
    assertState(c, RUNNING, 'restart');
    return submitRequest(ctx, c, 'restart', TRANSITIONS.restart, { type: 'restart' });
  });
  router.post('/v1/clusters/:cluster_id/sync-state', (ctx) => {
    const c = clusterOr404(ctx);
    if (c.service_state === 'TERMINATED') throw stateInvalid(c.id, `cluster ${c.name} is TERMINATED`);
    assertState(c, ['RUNNING', 'STOPPED', 'ERROR', 'UNKNOWN'], 'sync-state');
    return submitRequest(ctx, c, 'sync-state', TRANSITIONS.sync, { type: 'sync-state' });
  });
  router.post('/v1/clusters/:cluster_id/security-group-rules', securityGroupRules);
  router.post('/v1/clusters/:cluster_id/backups', setBackup);
  router.delete('/v1/clusters/:cluster_id/backups', (ctx) => {
    const c = clusterOr404(ctx);
    assertState(c, RUNNING, 'unset backup');
    if (c.init_config_option.backup_option.retention_period_day === null) throw stateInvalid(c.id, `cluster ${c.name} has no backup to unset`);
    return submitRequest(ctx, c, 'unset-backup', TRANSITIONS.edit, {
      type: 'merge', patch: { init_config_option: { ...c.init_config_option, backup_option: { retention_period_day: null, starting_time_hour: null } } },
    });
  });
  router.post('/v1/clusters/:cluster_id/maintenance', setMaintenance);
  router.delete('/v1/clusters/:cluster_id/maintenance', (ctx) => {
    const c = clusterOr404(ctx);
    assertState(c, RUNNING, 'unset maintenance');
    if (!c.maintenance_option.use_maintenance_option) throw stateInvalid(c.id, `cluster ${c.name} has no maintenance window to unset`);
    return submitRequest(ctx, c, 'unset-maintenance', TRANSITIONS.edit, {
      type: 'merge', patch: { maintenance_option: { period_hour: null, starting_day_of_week: null, starting_time: null, use_maintenance_option: false } },
    });
  });
  router.post('/v1/instance-groups/:instance_group_id/resize', resizeInstanceGroup);
  router.post('/v1/block-storage-groups/:block_storage_group_id/resize', resizeBlockStorage);
  router.post('/v1/clusters/:cluster_id/switchover', switchover);
}

function securityGroupRules(ctx: ScpContext) {
  const c = clusterOr404(ctx);
  const iss = new Issues();
  const b = objectShape(iss, ['body'], ctx.body ?? {}, ['add_ip_addresses', 'del_ip_addresses'], []);
  const add = b && b.add_ip_addresses !== undefined ? cidrList(iss, ['body', 'add_ip_addresses'], b.add_ip_addresses) ?? [] : [];
  const del = b && b.del_ip_addresses !== undefined ? cidrList(iss, ['body', 'del_ip_addresses'], b.del_ip_addresses) ?? [] : [];
  iss.throwIfAny();
  add.forEach((ip, i) => {
    if (c.allowable_ip_addresses.includes(ip)) iss.add(['body', 'add_ip_addresses', i], `${ip} is already allowed`);
    if (del.includes(ip)) iss.add(['body', 'add_ip_addresses', i], `${ip} is both added and deleted`);
  });
  del.forEach((ip, i) => {
    if (!c.allowable_ip_addresses.includes(ip)) iss.add(['body', 'del_ip_addresses', i], `${ip} is not an allowed address of cluster ${c.name}`);
  });
  if (add.length === 0 && del.length === 0) iss.add(['body'], 'add_ip_addresses and del_ip_addresses are both empty: nothing to change');
  iss.throwIfAny();
  assertState(c, RUNNING, 'security-group rules');
  return submitRequest(ctx, c, 'security-group-rules', TRANSITIONS.edit, { type: 'security-group-rules', add, del });
}

function setBackup(ctx: ScpContext) {
  const c = clusterOr404(ctx);
  const iss = new Issues();
  const b = objectShape(iss, ['body'], ctx.body, ['retention_period_day', 'starting_time_hour'], ['retention_period_day', 'starting_time_hour']);
  const r = b && str(iss, ['body', 'retention_period_day'], b.retention_period_day, RETENTION);
  const h = b && str(iss, ['body', 'starting_time_hour'], b.starting_time_hour, HOUR);
  iss.throwIfAny();
  const cur = c.init_config_option.backup_option;
  if (cur.retention_period_day === r && cur.starting_time_hour === h) throw stateInvalid(c.id, `cluster ${c.name} already has this backup setting`);
  assertState(c, RUNNING, 'set backup');
  return submitRequest(ctx, c, 'set-backup', TRANSITIONS.edit, {
    type: 'merge', patch: { init_config_option: { ...c.init_config_option, backup_option: { retention_period_day: r, starting_time_hour: h } } },
  });
}

/** Set Maintenance: its body names differ from maintenance_option's (⚠A12, `003:843-848`). */
function setMaintenance(ctx: ScpContext) {
  const c = clusterOr404(ctx);
  const iss = new Issues();
  const f = ['start_day_of_week', 'start_minute', 'start_time', 'term_hour'];
  const b = objectShape(iss, ['body'], ctx.body, f, f);
  if (b) {
    const hint = ' (Set Maintenance takes start_day_of_week, start_time, start_minute, term_hour)';
    for (const k of ['period_hour', 'starting_day_of_week', 'starting_time']) {
      const i = iss.items.findIndex((x) => x.loc?.[1] === k && x.type_ === 'extra_forbidden');
      if (i >= 0) iss.items[i]!.msg += hint;
    }
  }
  const d = b && oneOf(iss, ['body', 'start_day_of_week'], b.start_day_of_week, DAYS);
  const t = b && str(iss, ['body', 'start_time'], b.start_time, HH);
  const m = b && str(iss, ['body', 'start_minute'], b.start_minute, MM);
  const p = b && str(iss, ['body', 'term_hour'], b.term_hour, PERIOD);
  iss.throwIfAny();
  const next = { period_hour: p as string, starting_day_of_week: d as string, starting_time: `${t as string}${m as string}`, use_maintenance_option: true };
  const cur = c.maintenance_option;
  if (cur.use_maintenance_option && cur.period_hour === next.period_hour && cur.starting_day_of_week === next.starting_day_of_week && cur.starting_time === next.starting_time) {
    throw stateInvalid(c.id, `cluster ${c.name} already has this maintenance window`);
  }
  assertState(c, RUNNING, 'set maintenance');
  return submitRequest(ctx, c, 'set-maintenance', TRANSITIONS.edit, { type: 'merge', patch: { maintenance_option: next } });
}

/** The live cluster owning a sub-resource, or 404 (these two calls document 404, `003:785`, `003:971`). */
function ownerOf(ctx: ScpContext, pick: (c: ClusterRecord) => boolean, what: string, id: string): ClusterRecord {
  const c = ctx.state.clusters.find((x) => findCluster(ctx.state, x.id, ctx.now) && x.service_state !== 'TERMINATED' && pick(x));
  if (!c) throw scpNotFound(what, id);
  return c;
}

function resizeInstanceGroup(ctx: ScpContext) {
  const id = ctx.params.instance_group_id!;
  const c = ownerOf(ctx, (x) => x.instance_groups.some((g) => g.id === id), 'instance group', id);
  const g = c.instance_groups.find((x) => x.id === id)!;
  const iss = new Issues();
  const b = objectShape(iss, ['body'], ctx.body, ['server_type_name'], ['server_type_name']);
  const st = b && str(iss, ['body', 'server_type_name'], b.server_type_name, { min: 1 });
  iss.throwIfAny();
  const valid = ctx.state.catalogue.serverTypes.filter((t) => t.product_image_type === c.product_image_type);
  if (!valid.some((t) => t.name === st)) {
    throw fieldInvalid(['body', 'server_type_name'], `unknown server type '${st as string}' for ${c.product_image_type}; valid: ${valid.map((t) => t.name).join(', ')}`);
  }
  if (g.server_type_name === st) throw fieldInvalid(['body', 'server_type_name'], `instance group ${id} already has server type ${st}`);
  assertState(c, RUNNING, 'set server type');
  return submitRequest(ctx, c, 'set-server-type', TRANSITIONS.edit, { type: 'resize-instance-group', instance_group_id: id, server_type_name: st as string });
}

function resizeBlockStorage(ctx: ScpContext) {
  const id = ctx.params.block_storage_group_id!;
  const c = ownerOf(ctx, (x) => x.instance_groups.some((g) => g.block_storage_groups.some((b) => b.id === id)), 'block storage group', id);
  const disk = c.instance_groups.flatMap((g) => g.block_storage_groups).find((b) => b.id === id)!;
  const iss = new Issues();
  const b = objectShape(iss, ['body'], ctx.body, ['size_gb'], ['size_gb']);
  const size = b && int(iss, ['body', 'size_gb'], b.size_gb, { min: 16, max: 5120, multipleOf: 8 });
  iss.throwIfAny();
  // Grow only (⚠A11: the doc does not say whether a shrink is possible; we refuse it) [SIM].
  if ((size as number) <= disk.size_gb) {
    throw fieldInvalid(['body', 'size_gb'], `size_gb ${size} must be larger than the current ${disk.size_gb} of ${disk.name}: block storage can only grow`);
  }
  assertState(c, RUNNING, 'set block storage size');
  return submitRequest(ctx, c, 'set-block-storage-size', TRANSITIONS.edit, { type: 'resize-block-storage', block_storage_group_id: id, size_gb: size as number });
}

function switchover(ctx: ScpContext) {
  const c = clusterOr404(ctx);
  const iss = new Issues();
  const b = objectShape(iss, ['body'], ctx.body, ['switch_host_name'], ['switch_host_name']);
  const host = b && str(iss, ['body', 'switch_host_name'], b.switch_host_name, { min: 1 });
  iss.throwIfAny();
  const replicas = c.instance_groups.flatMap((g) => g.instances).filter((i) => i.role_type === 'REPLICA');
  if (!replicas.some((i) => i.name === host)) {
    throw fieldInvalid(['body', 'switch_host_name'], `'${host as string}' is not a replica of cluster ${c.name}; replicas: ${replicas.map((i) => i.name).join(', ') || 'none'}`);
  }
  assertState(c, RUNNING, 'switchover');
  return submitRequest(ctx, c, 'switchover', TRANSITIONS.edit, { type: 'switchover', switch_host_name: host as string });
}

