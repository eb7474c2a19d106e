// Read-only catalogue routes and the request registry: List Engine Versions (`003:396-443`), List
// Engine Version Properties (`003:357-395`), List Server Types (`003:593-638`), List Parameter Groups
// (`003:444-490`), List Parameters (`003:540-592`) and Show Request (`003:1091-1126`).
import type { Router } from '../../../router.js';
import { fieldInvalid, ok, scpNotFound } from '../../common/errors.js';
import { queryInt } from '../../common/validate.js';
import type { ScpContext } from '../../context.js';
import { type EngineVersion, PRODUCT_IMAGE_TYPES } from './catalogue.js';

const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function registerCatalogue(router: Router<ScpContext>): void {
  router.get('/v1/engine-versions', listEngineVersions);
  router.get('/v1/engine-versions/:dbaas_engine_version_id/properties', (ctx) => {
    const id = ctx.params.dbaas_engine_version_id!;
    const props = ctx.state.catalogue.engineProperties[id];
    if (!props || !ctx.state.catalogue.engineVersions.some((e) => e.id === id)) throw scpNotFound('engine version', id);
    return ok({ contents: props.map((p) => ({ ...p })) });
  });
  router.get('/v1/server-types', (ctx) => {
    const name = ctx.query.get('name');
    const image = ctx.query.get('product_image_type');
    // `name` is an exact match here (a server type name is an identifier) [SIM].
    const rows = ctx.state.catalogue.serverTypes.filter((t) => (!name || t.name === name) && (!image || t.product_image_type === image));
    return ok({ contents: rows.map((t) => ({ ...t })) });
  });
  router.get('/v1/parameter-groups', (ctx) => {
    const major = ctx.query.get('major_version');
    const image = ctx.query.get('product_image_type');
    const sort = ctx.query.get('sort') || 'name:asc';
    const m = /^(name|major_version|created_at):(asc|desc)$/.exec(sort);
    if (!m) throw fieldInvalid(['query', 'sort'], `sort must be name|major_version|created_at:asc|desc`, 'string_pattern_mismatch');
    const key = m[1] === 'major_version' ? 'major_version' : 'name';
    const rows = ctx.state.catalogue.parameterGroups
      .filter((g) => (!major || g.major_version === major) && (!image || g.product_image_type === image))
      .sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (m[2] === 'asc' ? 1 : -1));
    return ok({ contents: rows.map((g) => ({ ...g })), sort: [sort] });
  });
  router.get('/v1/parameters', (ctx) => {
    const group = ctx.query.get('dbaas_parameter_group_id');
    if (!group) throw fieldInvalid(['query', 'dbaas_parameter_group_id'], 'Field required', 'missing');
    const size = queryInt(ctx.query, 'size', 20, 10_000);
    const page = queryInt(ctx.query, 'page', 0);
    const sort = ctx.query.get('sort') || 'name:asc';
    const m = /^(name):(asc|desc)$/.exec(sort);
    if (!m) throw fieldInvalid(['query', 'sort'], 'sort must be name:asc or name:desc', 'string_pattern_mismatch');
    const rows = ctx.state.catalogue.parameters.filter((p) => p.dbaas_parameter_group_id === group)
      .sort((a, b) => (a.name < b.name ? -1 : 1) * (m[2] === 'asc' ? 1 : -1));
    return ok({
      contents: rows.slice(page * size, page * size + size).map((p) => ({
        dbaas_parameter_group_id: p.dbaas_parameter_group_id, default_value: p.default_value, description: p.description,
        id: p.id, name: p.name, software_type: p.software_type,
      })),
      count: rows.length, page, size, sort: [sort],
    });
  });
  router.get('/v1/requests/:request_id', (ctx) => {
    const id = ctx.params.request_id!;
    if (!REQUEST_ID.test(id)) throw fieldInvalid(['path', 'request_id'], `'${id}' is not a request id (req-<uuid>)`);
    const r = ctx.state.requests.find((x) => x.request_id === id);
    if (!r) throw scpNotFound('request', id);
    return ok({ request_id: r.request_id, state: r.state });
  });
}

function listEngineVersions(ctx: ScpContext) {
  const id = ctx.query.get('id');
  const image = ctx.query.get('product_image_type');
  if (image && !(PRODUCT_IMAGE_TYPES as readonly string[]).includes(image)) {
    throw fieldInvalid(['query', 'product_image_type'], `Input should be one of ${PRODUCT_IMAGE_TYPES.join(', ')}`, 'enum');
  }
  const eosRaw = ctx.query.get('eos_included');
  let eos = false;
  if (eosRaw !== null && eosRaw !== '') {
    const v = eosRaw.toLowerCase();
    if (v !== 'true' && v !== 'false') throw fieldInvalid(['query', 'eos_included'], 'Input should be a valid boolean', 'bool_parsing');
    eos = v === 'true';
  }
  // Asking by id returns that version even when it is end of service [SIM].
  const rows = ctx.state.catalogue.engineVersions.filter((e) =>
    (!id || e.id === id) && (!image || e.product_image_type === image) && (eos || id || !e.end_of_service));
  return ok({ contents: rows.map(engineView) });
}

function engineView(e: EngineVersion): Record<string, unknown> {
  return {
    end_of_service: e.end_of_service, id: e.id, major_version: e.major_version, name: e.name, os_type: e.os_type,
    os_version: e.os_version, product_image_type: e.product_image_type, software_version: e.software_version,
  };
}
