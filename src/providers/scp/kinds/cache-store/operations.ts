// The Cache Store operation builders (pure, digest §8): create (POST, then parameters and stop on the
// new cluster), the dedicated update calls one at a time in the digest's order (start, security-group
// rules, backup, maintenance, server type, disks, parameters, stop), and terminate.
import { own } from '../../../../core/dict.js';
import { RefusedError } from '../../../../core/errors.js';
import { isSpecObject } from '../../../../core/objects.js';
import type { DesiredResource, Observation } from '../../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../../engine/plan.js';

type Json = Record<string, unknown>;

export function createOps(d: DesiredResource, lookups: Json): Operation[] {
  const s = d.spec;
  const body: Json = { name: d.name, dbaas_engine_version_id: lookups.dbaas_engine_version_id ?? s.dbaas_engine_version_id };
  for (const k of ['subnet_id', 'timezone', 'instance_name_prefix', 'ha_enabled', 'nat_enabled', 'replica_count', 'allowable_ip_addresses', 'init_config_option', 'maintenance_option'] as const) {
    if (s[k] !== undefined) body[k] = s[k];
  }
  const replicas = typeof s.replica_count === 'number' ? s.replica_count : 0;
  body.instance_groups = (Array.isArray(s.instance_groups) ? s.instance_groups.filter(isSpecObject) : []).map((g) => ({
    role_type: g.role_type,
    server_type_name: g.server_type_name,
    block_storage_groups: (Array.isArray(g.block_storage_groups) ? g.block_storage_groups.filter(isSpecObject) : []).map((b) => ({ volume_type: 'SSD', ...b })),
    instances: Array.isArray(g.instances)
      ? g.instances
      : g.role_type === 'MASTER'
        ? [{ role_type: 'MASTER' }, ...Array.from({ length: replicas }, () => ({ role_type: 'REPLICA' }))]
        : [{ role_type: g.role_type === 'SENTINEL' ? 'SENTINEL' : 'MASTER' }],
  }));
  if (isSpecObject(s.tags)) body.tags = Object.entries(s.tags).map(([key, value]) => ({ key, value }));
  const ops: Operation[] = [
    { method: 'POST', path: '/v1/clusters', body, async: true, irreversible: false, summary: `create cluster ${d.name}`, role: 'create', track: { wait: 'running' } },
  ];
  if (isSpecObject(s.parameters) && Object.keys(s.parameters).length > 0) {
    // The ids and live old_value are known only after create: the provider fills them in at execute time.
    ops.push({
      method: 'PUT',
      path: '/v1/clusters/${ref:self}/parameters',
      body: { parameters: Object.entries(s.parameters).map(([name, v]) => ({ name, new_value: String(v), old_value: '(known after create)' })) },
      async: true,
      irreversible: false,
      summary: `set parameters ${Object.keys(s.parameters).join(', ')}`,
      role: 'update',
      track: { wait: 'parameters', resolveParameters: true },
    });
  }
  if (s.state === 'stopped') ops.push(powerOp('${ref:self}', 'stop'));
  return ops;
}

function powerOp(id: string, verb: 'start' | 'stop'): Operation {
  return {
    method: 'POST',
    path: `/v1/clusters/${id}/${verb}`,
    async: true,
    irreversible: false,
    summary: `${verb} cluster`,
    role: 'update',
    track: { cluster: id, wait: verb === 'start' ? 'running' : 'stopped' },
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function updateOps(d: DesiredResource, observed: Observation, _diff: FieldDiff[]): Operation[] {
  const id = String(observed.id);
  const want = d.spec;
  const live = observed.spec;
  const lookups = observed.lookups ?? {};
  const ops: Operation[] = [];
  const base = `/v1/clusters/${id}`;
  const op = (method: Operation['method'], path: string, summary: string, body: unknown, track: Json): Operation => ({
    method, path, body, async: true, irreversible: false, summary, role: 'update', track: { cluster: id, ...track },
  });
  // 1. start first
  if (want.state === 'running' && live.state === 'stopped') ops.push(powerOp(id, 'start'));
  // 2. security-group rules as a delta
  if (Array.isArray(want.allowable_ip_addresses)) {
    const w = new Set(want.allowable_ip_addresses.map(String));
    const l = new Set(Array.isArray(live.allowable_ip_addresses) ? live.allowable_ip_addresses.map(String) : []);
    const add = [...w].filter((x) => !l.has(x)).sort();
    const del = [...l].filter((x) => !w.has(x)).sort();
    if (add.length + del.length > 0) {
      ops.push(op('POST', `${base}/security-group-rules`, `security-group rules +[${add.join(', ')}] -[${del.join(', ')}]`, { add_ip_addresses: add, del_ip_addresses: del }, { wait: 'ips', add, del }));
    }
  }
  // 3. backup
  const wInit = isSpecObject(want.init_config_option) ? want.init_config_option : {};
  const lInit = isSpecObject(live.init_config_option) ? live.init_config_option : {};
  if ('backup_option' in wInit && !same(wInit.backup_option ?? null, lInit.backup_option ?? null)) {
    if (wInit.backup_option === null) ops.push(op('DELETE', `${base}/backups`, 'unset backup', undefined, { wait: 'backup', backup: null }));
    else ops.push(op('POST', `${base}/backups`, `set backup retention ${String((wInit.backup_option as Json).retention_period_day)} d at ${String((wInit.backup_option as Json).starting_time_hour)} h`, wInit.backup_option, { wait: 'backup', backup: wInit.backup_option }));
  }
  // 4. maintenance (Set Maintenance has its own field names, ⚠A12)
  if ('maintenance_option' in want && !same(want.maintenance_option ?? null, live.maintenance_option ?? null)) {
    const m = want.maintenance_option;
    if (m === null) ops.push(op('DELETE', `${base}/maintenance`, 'unset maintenance', undefined, { wait: 'maintenance', maintenance: null }));
    else if (isSpecObject(m)) {
      const t = String(m.starting_time);
      const body = { start_day_of_week: m.starting_day_of_week, start_time: t.slice(0, 2), start_minute: t.slice(2, 4), term_hour: m.period_hour };
      ops.push(op('POST', `${base}/maintenance`, `set maintenance ${String(m.starting_day_of_week)} ${t} for ${String(m.period_hour)} h`, body, { wait: 'maintenance', maintenance: m }));
    }
  }
  // 5. server type per instance group, 6. disks per group
  const groups = isSpecObject(lookups.groups) ? lookups.groups : {};
  const wGroups = Array.isArray(want.instance_groups) ? want.instance_groups.filter(isSpecObject) : [];
  const lGroups = Array.isArray(live.instance_groups) ? live.instance_groups.filter(isSpecObject) : [];
  const diskOps: Operation[] = [];
  for (const g of wGroups) {
    const lg = lGroups.find((x) => x.role_type === g.role_type);
    const ids = own(groups, String(g.role_type));
    if (!lg || !isSpecObject(ids)) throw new RefusedError(`instance group ${String(g.role_type)} cannot be added in place (a replace is needed)`, d.address);
    if (g.server_type_name !== lg.server_type_name) {
      ops.push(op('POST', `/v1/instance-groups/${String(ids.id)}/resize`, `server type ${String(g.role_type)} ${String(lg.server_type_name)} -> ${String(g.server_type_name)}`, { server_type_name: g.server_type_name }, { wait: 'server_type', group: g.role_type, value: g.server_type_name }));
    }
    const lDisks = Array.isArray(lg.block_storage_groups) ? lg.block_storage_groups.filter(isSpecObject) : [];
    for (const b of Array.isArray(g.block_storage_groups) ? g.block_storage_groups.filter(isSpecObject) : []) {
      const lb = lDisks.find((x) => x.role_type === b.role_type);
      const diskId = isSpecObject(ids.disks) ? own(ids.disks, String(b.role_type)) : undefined;
      if (!lb || diskId === undefined) throw new RefusedError(`disk ${String(g.role_type)}/${String(b.role_type)} cannot be added in place (a replace is needed)`, d.address);
      if (typeof b.size_gb === 'number' && typeof lb.size_gb === 'number' && b.size_gb !== lb.size_gb) {
        if (b.size_gb < lb.size_gb) {
          throw new RefusedError(`disk ${String(g.role_type)}/${String(b.role_type)} cannot shrink from ${lb.size_gb} to ${b.size_gb} GB (Set Block Storage Size only grows)`, d.address);
        }
        diskOps.push(op('POST', `/v1/block-storage-groups/${String(diskId)}/resize`, `disk ${String(g.role_type)}/${String(b.role_type)} ${lb.size_gb} -> ${b.size_gb} GB`, { size_gb: b.size_gb }, { wait: 'disk', group: g.role_type, disk: b.role_type, value: b.size_gb }));
      }
    }
  }
  ops.push(...diskOps);
  // 7. parameters by name with the live old_value
  if (isSpecObject(want.parameters)) {
    const lp = isSpecObject(live.parameters) ? live.parameters : {};
    const meta = isSpecObject(lookups.parameters) ? lookups.parameters : {};
    const changed = Object.entries(want.parameters).filter(([k, v]) => String(v) !== own(lp, k));
    if (changed.length > 0) {
      const parameters = changed.map(([k, v]) => ({ id: (own(meta, k) as Json | undefined)?.id, new_value: String(v), old_value: String((own(meta, k) as Json | undefined)?.old_value ?? '') }));
      const expect = Object.fromEntries(changed.map(([k, v]) => [k, String(v)]));
      ops.push(op('PUT', `${base}/parameters`, `parameters ${changed.map(([k, v]) => `${k}=${String(v)}`).join(', ')}`, { parameters }, { wait: 'parameters', expect }));
    }
  }
  // 8. stop last
  if (want.state === 'stopped' && live.state === 'running') ops.push(powerOp(id, 'stop'));
  return ops;
}

/** Terminate: cannot be undone; tracked until the cluster is gone. */
export function deleteOps(observed: Observation): Operation[] {
  return [
    {
      method: 'DELETE',
      path: `/v1/clusters/${String(observed.id)}`,
      async: true,
      irreversible: true,
      summary: `terminate cluster ${String(observed.id)}`,
      role: 'delete',
      track: { cluster: String(observed.id), wait: 'terminated' },
    },
  ];
}
