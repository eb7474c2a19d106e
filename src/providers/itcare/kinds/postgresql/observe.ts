// Reading the PostgreSQL kind (`/itcare/databases/postgresql`, ITCARE-API §5): its PaasReader, i.e.
// where its resources are listed and its live -> spec table, and the installed extensions.
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field            | live source                                        | note |
// | --------------------- | -------------------------------------------------- | ---- |
// | serviceId             | GET postgresql/{id} `serviceId`                    | number |
// | nodeSizing            | `nodeSizing`, else list `sizing`, else `cpu` + `ram` | lower-case |
// | diskSize              | `storage`                                          | number (GB) |
// | postgreVersion        | `version`                                          | string; [1] |
// | topology              | `topology`                                         | upper-case |
// | trigram               | `trigram`                                          | [2] |
// | allowedReplicationLag | `allowedReplicationLag`                            | number |
// | networkId             | `networkId`                                        | number |
// | area                  | `area` (`001:15636`)                               | [2] |
// | tls                   | `tlsEnabled`                                       | create `tls`, GET `tlsEnabled` (§13.4) |
// | monitoringEnabled     | `monitoringEnabled`                                | |
// | monitoringAlerting    | `monitoringAlerting`                               | |
// | onCallSupervision     | `monitoringOnCallEnabled`                          | ITCARE-API §3.4 |
// | state                 | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | patchParty            | `patchParty`: excluded; patchGroup if non-empty; exclusionReason if excluded | |
// | tags                  | GET compute/resources/{id}/tags minus `caretaker-stack` | its value -> Observation.owner |
// | extensions            | GET postgresql/{id}/databases [4]                  | {db: [names sorted]} |
// | never read            | region, az (the GET has no such fields: write-only, so no /nodes read), admPassword, nodePrefix, platform, cloudId, backupEnabled, replicationEnabled, regulation, dbBackupPolicyId, serverBackupPolicyId | write-only |
//
// [1] the spec's spelling when one is a dotted prefix of the other (`15` ~ `15.4`).
// [2] the spec's spelling when equal without case (an immutable field must not plan a replace on case).
// [4] read only when the spec has extensions; only the spec's databases; `plpgsql` (built into every
//     database) is left out.
import { dict, type Dict } from '../../../../core/dict.js';
import { type Json } from '../../common/client.js';
import { isObject } from '../../../../core/objects.js';
import { likeDesired, put, sizingOf, toBool, toNumber, toText, versionLike } from '../../common/normalize.js';
import type { PaasReader, SubResource } from '../../common/paas/observe.js';

const BUILT_IN_EXTENSIONS = new Set(['plpgsql']);

export const POSTGRESQL: PaasReader = {
  kind: 'PostgreSQL',
  basePath: '/itcare/databases/postgresql',
  // Found in the aggregate `/itcare/databases` list, by path, else by technology (ITCARE-API §1.1).
  sign: { path: '/databases/postgresql', word: /postgre/i },
  list: { path: '/itcare/databases' },
  // Its own operations run after start and resize, the upgrade first (ITCARE-API §5.4).
  ownPhases: ['upgrade', 'enable_ha', 'install_extension'],
  shapeCreateBody(body) {
    // `postgreVersion` is a string in the samples (`001:15500`, `15547`); topology is sampled upper-case.
    if (typeof body.postgreVersion === 'number') body.postgreVersion = String(body.postgreVersion);
    if (typeof body.topology === 'string') body.topology = body.topology.toUpperCase();
  },
  subReads(desired) {
    const subs: SubResource[] = [];
    if (isObject(desired.spec.extensions)) subs.push('databases');
    return subs;
  },
  kindSpec(detail, item, sub, desired) {
    const want = desired.spec;
    const out: Record<string, unknown> = {};
    put(out, 'nodeSizing', sizingOf([detail.nodeSizing, item.sizing], detail.cpu ?? item.cpu, detail.ram ?? item.ram));
    put(out, 'diskSize', toNumber(detail.storage));
    put(out, 'postgreVersion', versionLike(detail.version ?? item.version, want.postgreVersion));
    put(out, 'topology', toText(detail.topology ?? item.topology)?.toUpperCase());
    put(out, 'trigram', likeDesired(detail.trigram, want.trigram));
    put(out, 'allowedReplicationLag', toNumber(detail.allowedReplicationLag));
    put(out, 'networkId', toNumber(detail.networkId));
    put(out, 'area', likeDesired(detail.area, want.area)); // the GET has `area` (`001:15636`)
    put(out, 'tls', toBool(detail.tlsEnabled));
    if (sub.databases && isObject(want.extensions)) out.extensions = extensionsOf(sub.databases, Object.keys(want.extensions));
    return out;
  },
};

/** `{db: [extension names sorted]}` for the databases the spec names that exist live. */
export function extensionsOf(databases: readonly Json[], wanted: readonly string[]): Dict<string[]> {
  // Database names are the API's data: a null-prototype map.
  const out = dict<string[]>();
  for (const db of databases) {
    if (typeof db.name !== 'string' || !wanted.includes(db.name)) continue;
    const names = (Array.isArray(db.extensions) ? db.extensions : [])
      .map((e) => (isObject(e) ? toText(e.name) : toText(e)))
      .filter((n): n is string => n !== undefined && !BUILT_IN_EXTENSIONS.has(n));
    out[db.name] = [...new Set(names)].sort();
  }
  return out;
}
