// PostgreSQL-only PATCH operations (`001:15730-15906`) and the catalogues they check against:
// enable_ha, upgrade, install_extension; restore is refused (it needs backups the simulator has not).
import { allocateResourceId, type ResourceRecord } from '../../../state.js';
import { fieldError } from '../../../reply.js';
import { checkChangeReference, requireInt, requireString } from '../../common/validate.js';
import type { OpHandler } from '../../common/kind.js';
import type { NodeRecord } from '../../common/views.js';

/** Highest version offered (French docs: 10..16 standalone, 12..16 HA, `001:1690-1694`). */
export const PG_MAX_VERSION = 16;

export interface PgDatabase {
  name: string;
  extensions: Array<{ name: string; schema: string; version: string }>;
}

/**
 * Extensions installable in self-service (`001:24437-24465`). `requiresRestarting`: the docs only
 * say "some" need a restart; timescaledb is the one that must be preloaded (choice).
 */
export const PG_EXTENSIONS = [
  'btree_gist', 'citext', 'fuzzystrmatch', 'hstore', 'pg_trgm', 'pgcrypto', 'postgis', 'tablefunc', 'timescaledb',
  'unaccent', 'uuid-ossp', 'vector',
].map((name) => ({
  comment: `${name} extension`, link: `https://www.postgresql.org/docs/current/${name}.html`, name,
  requiresRestarting: name === 'timescaledb', version: name === 'postgis' ? '3.4.2' : '1.0',
}));

/** Allowed upgrade targets: every major version above the current one, up to 16 (choice; `/versions` is `int64[]`). */
export function upgradeTargets(r: ResourceRecord): number[] {
  const out: number[] = [];
  for (let v = Number.parseInt(r.version, 10) + 1; v <= PG_MAX_VERSION; v++) out.push(v);
  return out;
}

/** A second AZ of the area for the HA replica. */
export function otherAz(area: string, az: string): string {
  return az === `${area}-B` ? `${area}-A` : `${area}-B`;
}

export const pgOps: Record<string, OpHandler> = {
  /**
   * Standalone -> HA: replicationLag 1..500, version >= 12 (`001:15808-15812`). Adds the replica node.
   * Choice: replicationLag is not copied into allowedReplicationLag (units differ, §13.14), which
   * stays the create-time value.
   */
  enable_ha: (ctx, r, o) => {
    requireInt(o, 'replicationLag', { min: 1, max: 500 }, 'options.replicationLag');
    checkChangeReference(o, 'options.changeReference');
    if (r.topology === 'HA') throw fieldError('operation', "Error on field 'operation': the instance is already HA");
    if (Number.parseInt(r.version, 10) < 12) throw fieldError('operation', "Error on field 'operation': HA requires version 12 or later");
    const nodes = (r.attrs.nodes as NodeRecord[] | undefined) ?? [];
    const area = String(r.attrs.area);
    const first = nodes[0];
    const prefix = (r.attrs.nodePrefix as string | null) ?? r.name.slice(0, 10).toUpperCase();
    const replica: NodeRecord = {
      id: allocateResourceId(ctx.state), name: `${prefix}${String(nodes.length + 1).padStart(2, '0')}`,
      az: otherAz(area, first?.az ?? `${area}-A`),
    };
    return { effect: { type: 'merge', patch: { topology: 'HA', nodeCount: 2, attrs: { nodes: [...nodes, replica] } } } };
  },
  /** targetVersion (string in the example, `001:15899-15906`) must be one of `/versions`. */
  upgrade: (_ctx, r, o) => {
    const target = requireInt(o, 'targetVersion', undefined, 'options.targetVersion');
    checkChangeReference(o, 'options.changeReference');
    const allowed = upgradeTargets(r);
    if (!allowed.includes(target)) {
      const list = allowed.length ? allowed.join(', ') : 'none';
      throw fieldError('options.targetVersion', `Error on field 'options.targetVersion': allowed versions are ${list}`);
    }
    return { effect: { type: 'merge', patch: { version: String(target) } } };
  },
  /**
   * Installs supported extensions in an existing database. Self-service only from version 15
   * (`001:24425`). Already installed extensions are skipped (choice: idempotent).
   */
  install_extension: (_ctx, r, o) => {
    if (Number.parseInt(r.version, 10) < 15) {
      throw fieldError('operation', "Error on field 'operation': extensions can be installed from version 15 (older versions: ask support)");
    }
    const dbname = requireString(o, 'dbname', 'options.dbname');
    const databases = structuredClone((r.attrs.databases as PgDatabase[] | undefined) ?? []);
    const db = databases.find((d) => d.name === dbname);
    if (!db) throw fieldError('options.dbname', `Error on field 'options.dbname': database ${dbname} does not exist`);
    const list = o.extensions_list;
    if (!Array.isArray(list) || list.length === 0) {
      throw fieldError('options.extensions_list', "Error on field 'options.extensions_list': a non-empty list of {name} is required");
    }
    list.forEach((item, i) => {
      const path = `options.extensions_list[${i}].name`;
      const ext = PG_EXTENSIONS.find((e) => typeof item === 'object' && item !== null && e.name === (item as { name?: unknown }).name);
      if (!ext) throw fieldError(path, `Error on field '${path}': not a supported extension`);
      if (!db.extensions.some((e) => e.name === ext.name)) db.extensions.push({ name: ext.name, schema: 'public', version: ext.version });
    });
    return { effect: { type: 'merge', patch: { attrs: { databases } } } };
  },
  restore: () => {
    throw fieldError('operation', "Error on field 'operation': restore is not supported by the simulator");
  },
};
