// The Cache Store operation builders (pure, digest §8): create (POST, then parameters and stop on the
// new cluster), the dedicated update calls one at a time in the digest's order (start, security-group
// rules, backup, maintenance, server type, disks, parameters, stop), and terminate. A replace to a
// lower engine version is refused as the downgrade it is.
import { own } from '../../../../core/dict.js';
import { RefusedError } from '../../../../core/errors.js';
import { isSpecObject } from '../../../../core/objects.js';
import { REDACTED, isSecret } from '../../../../core/secret.js';
import { ORIGIN_TAG, OWNER_TAG, type DesiredResource, type Observation, type OperationContext } from '../../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../../engine/plan.js';
import { scpPath } from '../../common/go-url.js';

type Json = Record<string, unknown>;

const DOTTED = /^\d+(\.\d+)*$/;
const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/**
 * A replace (engine_version has no update call) to a lower engine version is refused as the downgrade
 * it is: it would terminate the cluster and its data to create an empty one.
 */
function refuseEngineDowngrade(d: DesiredResource, observed: Observation | undefined): void {
  const [want, live] = [text(d.spec.engine_version), text(observed?.spec.engine_version)];
  if (!observed?.exists || want === undefined || live === undefined || !DOTTED.test(want) || !DOTTED.test(live)) return;
  const [a, b] = [want.split('.').map(Number), live.split('.').map(Number)];
  const cmp = a.map((x, i) => x - (b[i] ?? 0)).find((x) => x !== 0) ?? 0;
  if (cmp >= 0) return;
  throw new RefusedError(`cannot downgrade the Cache Store engine from ${live} to ${want} (spec.engine_version): a replace would terminate the cluster ` +
    'and its data to create an empty one; terminate it first, or give the older version another name', d.address, '/engine_version');
}

/**
 * The instances of a group the manifest gives without `instances` (DESIGN §1; the SDK's request model
 * requires the field): one MASTER plus `replica_count` REPLICAs for a MASTER or MASTER_REPLICA group,
 * one SENTINEL for a SENTINEL group.
 */
export function defaultInstances(groupRole: unknown, replicas: number): Json[] {
  if (groupRole === 'SENTINEL') return [{ role_type: 'SENTINEL' }];
  return [{ role_type: 'MASTER' }, ...Array.from({ length: replicas }, () => ({ role_type: 'REPLICA' }))];
}

/**
 * The create body's `tags` (the API's `[{key, value}]`): the ownership tag first, the origin tag when
 * the manifest set's origin is known, then the manifest's tags by key. Values may be Secrets.
 */
export function createTags(tags: unknown, ctx: Pick<OperationContext, 'stack' | 'origin'>): { key: string; value: unknown }[] {
  const map = isSpecObject(tags) ? tags : {};
  const ours = [{ key: OWNER_TAG, value: ctx.stack as unknown }, ...(ctx.origin === undefined ? [] : [{ key: ORIGIN_TAG, value: ctx.origin as unknown }])];
  const keys = Object.keys(map).filter((k) => k !== OWNER_TAG && k !== ORIGIN_TAG).sort();
  return [...ours, ...keys.map((key) => ({ key, value: own(map, key) }))];
}

const shown = (v: unknown): string => (isSecret(v) ? REDACTED : String(v));

/** `create cluster x; instances MASTER: MASTER, REPLICA; tags caretaker-stack=s, app=orders`: what the body sends that the spec does not show. */
function createSummary(name: string, groups: Json[], tags: { key: string; value: unknown }[]): string {
  const instances = groups.map((g) => `${String(g.role_type)}: ${(g.instances as Json[]).map((i) => String(i.role_type)).join(', ')}`).join('; ');
  return `create cluster ${name}; instances ${instances}; tags ${tags.map((t) => `${t.key}=${shown(t.value)}`).join(', ')}`;
}

/** The create's calls; `observed` is the live cluster a replace deletes first (its version is checked). */
export function createOps(d: DesiredResource, lookups: Json, ctx: Pick<OperationContext, 'stack' | 'origin'>, observed?: Observation): Operation[] {
  refuseEngineDowngrade(d, observed);
  const s = d.spec;
  const body: Json = { name: d.name, dbaas_engine_version_id: lookups.dbaas_engine_version_id ?? s.dbaas_engine_version_id };
  for (const k of ['subnet_id', 'timezone', 'instance_name_prefix', 'ha_enabled', 'nat_enabled', 'replica_count', 'allowable_ip_addresses', 'init_config_option', 'maintenance_option'] as const) {
    if (s[k] !== undefined) body[k] = s[k];
  }
  const replicas = typeof s.replica_count === 'number' ? s.replica_count : 0;
  const groups: Json[] = (Array.isArray(s.instance_groups) ? s.instance_groups.filter(isSpecObject) : []).map((g) => ({
    role_type: g.role_type,
    server_type_name: g.server_type_name,
    block_storage_groups: (Array.isArray(g.block_storage_groups) ? g.block_storage_groups.filter(isSpecObject) : []).map((b) => ({ volume_type: 'SSD', ...b })),
    instances: Array.isArray(g.instances) ? g.instances : defaultInstances(g.role_type, replicas),
  }));
  body.instance_groups = groups;
  // DESIGN §1/§2: the ownership tag is sent at create, although this API never returns tags.
  const tags = createTags(s.tags, ctx);
  body.tags = tags;
  const summary = createSummary(d.name, groups, tags);
  const ops: Operation[] = [
    { method: 'POST', path: '/v1/clusters', body, async: true, irreversible: false, summary, role: 'create', track: { wait: 'running' } },
  ];
  if (isSpecObject(s.parameters) && Object.keys(s.parameters).length > 0) {
    // The ids and live old_value are known only after create: the provider fills them in at execute time.
    ops.push({
      method: 'PUT',
      path: '/v1/clusters/${ref:self}/parameters',
      // The engine puts the new id in raw: the provider escapes it from this template (common/requests.ts).
      body: { parameters: Object.entries(s.parameters).map(([name, v]) => ({ name, new_value: String(v), old_value: '(known after create)' })) },
      async: true,
      irreversible: false,
      summary: `set parameters ${Object.keys(s.parameters).join(', ')}`,
      role: 'update',
      track: { wait: 'parameters', resolveParameters: true, template: '/v1/clusters/{cluster_id}/parameters' },
    });
  }
  if (s.state === 'stopped') ops.push(powerOp('${ref:self}', 'stop'));
  return ops;
}

/** A cluster's path; `${ref:self}` (a cluster not created yet) stays a placeholder, escaped at execute time. */
function clusterPath(id: string, suffix = ''): string {
  return id.startsWith('${ref:') ? `/v1/clusters/${id}${suffix}` : `${scpPath('/v1/clusters/{cluster_id}', { cluster_id: id })}${suffix}`;
}

function powerOp(id: string, verb: 'start' | 'stop'): Operation {
  return {
    method: 'POST',
    path: clusterPath(id, `/${verb}`),
    async: true,
    irreversible: false,
    summary: `${verb} cluster`,
    role: 'update',
    track: { cluster: id, wait: verb === 'start' ? 'running' : 'stopped', ...(id.startsWith('${ref:') ? { template: `/v1/clusters/{cluster_id}/${verb}` } : {}) },
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function updateOps(d: DesiredResource, observed: Observation, _diff: FieldDiff[]): Operation[] {
  const id = String(observed.id);
  const want = d.spec;
  const live = observed.spec;
  const lookups = observed.lookups ?? {};
  const ops: Operation[] = [];
  const base = clusterPath(id);
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
      ops.push(op('POST', scpPath('/v1/instance-groups/{instance_group_id}/resize', { instance_group_id: String(ids.id) }), `server type ${String(g.role_type)} ${String(lg.server_type_name)} -> ${String(g.server_type_name)}`, { server_type_name: g.server_type_name }, { wait: 'server_type', group: g.role_type, value: g.server_type_name }));
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
        diskOps.push(op('POST', scpPath('/v1/block-storage-groups/{block_storage_group_id}/resize', { block_storage_group_id: String(diskId) }), `disk ${String(g.role_type)}/${String(b.role_type)} ${lb.size_gb} -> ${b.size_gb} GB`, { size_gb: b.size_gb }, { wait: 'disk', group: g.role_type, disk: b.role_type, value: b.size_gb }));
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
      path: clusterPath(String(observed.id)),
      async: true,
      irreversible: true,
      summary: `terminate cluster ${String(observed.id)}`,
      role: 'delete',
      track: { cluster: String(observed.id), wait: 'terminated' },
    },
  ];
}
