// Parameters and commands of a cluster: List Parameter Values (`003:491-539`), Set Parameter Values
// with `old_value` as a compare-and-set guard (`003:857-905`), Synchronize Parameter Values
// (`003:1324-1360`), List Commands (`003:312-356`), Update Commands (`003:1474-1522`) and
// Synchronize Commands (`003:1286-1323`).
import type { Router } from '../../../router.js';
import { ok } from '../../common/errors.js';
import { arr, Issues, objectShape, str } from '../../common/validate.js';
import type { ScpContext } from '../../context.js';
import { type ParameterDef, parameterGroupFor } from './catalogue.js';
import { assertState, clusterOr404 } from './clusters.js';
import { submitRequest, TRANSITIONS } from './requests.js';
import type { ClusterRecord } from './state.js';

export function registerParameters(router: Router<ScpContext>): void {
  router.get('/v1/clusters/:cluster_id/parameters', (ctx) => {
    const c = clusterOr404(ctx);
    const defs = parameterDefs(ctx, c);
    return ok({
      contents: defs.map((p) => ({
        allows_value: p.allows_value, applied_value: c.parameters[p.id] ?? p.default_value, apply_type: p.apply_type,
        data_type: p.data_type, default_value: p.default_value, description: p.description, id: p.id,
        is_modifiable: p.is_modifiable, name: p.name, software_type: p.software_type,
      })),
      count: defs.length,
      modified_at: c.parameters_modified_at,
    });
  });
  router.put('/v1/clusters/:cluster_id/parameters', setParameters);
  router.post('/v1/clusters/:cluster_id/parameters/sync', (ctx) => {
    const c = clusterOr404(ctx);
    assertState(c, ['RUNNING'], 'synchronize parameters');
    return submitRequest(ctx, c, 'sync-parameters', TRANSITIONS.sync, { type: 'none' });
  });
  router.get('/v1/clusters/:cluster_id/commands', (ctx) => {
    const c = clusterOr404(ctx);
    const defs = ctx.state.catalogue.commands;
    return ok({
      contents: defs.map((d) => ({ applied_value: c.commands[d.id] ?? d.name, description: d.description, id: d.id, modifiable: d.modifiable, name: d.name })),
      last_updated_at: c.commands_updated_at,
      total_count: defs.length,
    });
  });
  router.put('/v1/clusters/:cluster_id/commands', updateCommands);
  router.post('/v1/clusters/:cluster_id/commands/sync', (ctx) => {
    const c = clusterOr404(ctx);
    assertState(c, ['RUNNING'], 'synchronize commands');
    return submitRequest(ctx, c, 'sync-commands', TRANSITIONS.sync, { type: 'none' });
  });
}

function parameterDefs(ctx: ScpContext, c: ClusterRecord): ParameterDef[] {
  const g = parameterGroupFor(ctx.state.catalogue, c.product_image_type);
  return g ? ctx.state.catalogue.parameters.filter((p) => p.dbaas_parameter_group_id === g.id) : [];
}

/** Whether `v` satisfies `allows_value`: `a|b` one of, `N-M` an integer range, `` anything. */
export function allowed(p: ParameterDef, v: string): boolean {
  if (p.allows_value === '') return true;
  const range = /^(\d+)-(\d+)$/.exec(p.allows_value);
  if (range) return /^\d+$/.test(v) && Number(v) >= Number(range[1]) && Number(v) <= Number(range[2]);
  return p.allows_value.split('|').includes(v);
}

function setParameters(ctx: ScpContext) {
  const c = clusterOr404(ctx);
  const iss = new Issues();
  const b = objectShape(iss, ['body'], ctx.body, ['parameters'], ['parameters']);
  const list = b ? arr(iss, ['body', 'parameters'], b.parameters, { min: 1 }) ?? [] : [];
  const defs = parameterDefs(ctx, c);
  const values: Record<string, string> = {};
  list.forEach((raw, i) => {
    const loc = ['body', 'parameters', i];
    const o = objectShape(iss, loc, raw, ['id', 'new_value', 'old_value'], ['id', 'new_value', 'old_value']);
    if (!o) return;
    const id = str(iss, [...loc, 'id'], o.id, { min: 1 });
    const nv = str(iss, [...loc, 'new_value'], o.new_value);
    const ov = str(iss, [...loc, 'old_value'], o.old_value);
    if (typeof id !== 'string' || typeof nv !== 'string' || typeof ov !== 'string') return;
    const def = defs.find((p) => p.id === id);
    if (!def) {
      iss.add([...loc, 'id'], `unknown parameter id '${id}' for cluster ${c.name} (see GET /v1/clusters/${c.id}/parameters)`);
      return;
    }
    if (id in values) iss.add([...loc, 'id'], `parameter ${def.name} is listed twice`);
    if (!def.is_modifiable) iss.add([...loc, 'id'], `parameter ${def.name} is not modifiable`);
    const applied = c.parameters[id] ?? def.default_value;
    if (ov !== applied) iss.add([...loc, 'old_value'], `old_value '${ov}' of ${def.name} does not match the applied value '${applied}'`);
    if (!allowed(def, nv)) iss.add([...loc, 'new_value'], `'${nv}' is not allowed for ${def.name} (allowed: ${def.allows_value})`);
    else if (nv === applied) iss.add([...loc, 'new_value'], `${def.name} is already '${nv}'`);
    values[id] = nv;
  });
  iss.throwIfAny();
  assertState(c, ['RUNNING'], 'set parameters');
  return submitRequest(ctx, c, 'set-parameters', TRANSITIONS.edit, { type: 'parameters', values });
}

function updateCommands(ctx: ScpContext) {
  const c = clusterOr404(ctx);
  const iss = new Issues();
  const b = objectShape(iss, ['body'], ctx.body, ['commands'], ['commands']);
  const list = b ? arr(iss, ['body', 'commands'], b.commands, { min: 1 }) ?? [] : [];
  const values: Record<string, string> = {};
  list.forEach((raw, i) => {
    const loc = ['body', 'commands', i];
    const o = objectShape(iss, loc, raw, ['id', 'name', 'new_value'], ['id', 'name', 'new_value']);
    if (!o) return;
    const id = str(iss, [...loc, 'id'], o.id, { min: 1 });
    const name = str(iss, [...loc, 'name'], o.name, { min: 1 });
    const nv = str(iss, [...loc, 'new_value'], o.new_value, { min: 3, max: 20 });
    if (typeof id !== 'string' || typeof name !== 'string' || typeof nv !== 'string') return;
    const def = ctx.state.catalogue.commands.find((d) => d.id === id);
    if (!def) iss.add([...loc, 'id'], `unknown command id '${id}'`);
    else if (def.name !== name) iss.add([...loc, 'name'], `command ${id} is ${def.name}, not ${name}`);
    else if (!def.modifiable) iss.add([...loc, 'id'], `command ${def.name} is not modifiable`);
    else values[id] = nv;
  });
  iss.throwIfAny();
  assertState(c, ['RUNNING'], 'update commands');
  return submitRequest(ctx, c, 'update-commands', TRANSITIONS.edit, { type: 'commands', values });
}
