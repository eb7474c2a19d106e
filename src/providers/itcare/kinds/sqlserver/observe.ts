// Reading the SQLServer kind (`/itcare/databases/sqlserver`, ITCARE-API §11, `001:12894-14150`): its
// PaasReader, i.e. where its farms are listed and its live -> spec table; the shared PaaS reads do the
// rest (common/paas/).
//
// Live -> spec mapping (Observation.spec; a field the API does not return stays absent):
//
// | spec field         | live source                                              | note |
// | ------------------ | -------------------------------------------------------- | ---- |
// | serviceId          | `serviceId`                                              | number |
// | nodeSizing         | `sizing` (`NcpuMgb`), else `cpu` + `ram`                 | lower-case |
// | edition            | `version`: `… SE` / Standard -> STD, `… EE` / Enterprise -> ENT | [1] |
// | alwaysOn           | `topology`: AlwaysOn -> true, Standalone -> false        | [2] |
// | nodeCount          | `nodeCount`                                              | number |
// | area               | `area.id`                                                | the spec's spelling when equal without case |
// | az                 | `availabilityZone.id`                                    | the same |
// | networkId          | `network.id`                                             | number |
// | region             | `region.id`                                              | write-only: read for export only |
// | monitoringEnabled, monitoringAlerting | same names                            | |
// | onCallSupervision  | `monitoringOnCallEnabled`                                | ITCARE-API §3.4 |
// | state              | `status`: ACTIVE, PREPARATION -> running; INACTIVE -> stopped | other values: absent |
// | patchParty         | `patchParty`: excluded; patchGroup if non-empty; exclusionReason if excluded | |
// | tags               | the generic list item's `tags[]` (observe: GET compute/resources/{id}/tags) minus the ownership tags | |
// | never read         | customerPassword, collation, volumes, platform, prefix, the Always On options, ssis/ssrs/ssas/fullText, backup, replication and regulation fields | write-only |
//
// Every field comes from the farm's own paged list `GET /itcare/databases/sqlserver?services=`, whose
// items have the GET's shape (`001:12937-13139` against `001:13463-13628`): refresh reads no detail,
// and no sub-resource (the nodes add nothing a managed field needs).
// [1] the create sends the edition STD or ENT (`001:13156`); the GET has no edition field, and its
//     version reads like the list filter's example `2022 EE` (`001:11970`).
// [2] the create's alwaysOn (`001:13164`); the list filter's topologies are AlwaysOn and Standalone (`001:11966`).
import { isObject } from '../../../../core/objects.js';
import { likeDesired, put, sizingOf, toNumber, toText } from '../../common/normalize.js';
import type { PaasReader } from '../../common/paas/observe.js';

/** The create's edition (STD, ENT) of a live version such as `2022 EE`; undefined when it does not say. */
export function editionOf(version: unknown): string | undefined {
  const v = toText(version);
  if (v === undefined) return undefined;
  if (/\b(EE|ENT|enterprise)\b/i.test(v)) return 'ENT';
  if (/\b(SE|STD|standard)\b/i.test(v)) return 'STD';
  return undefined;
}

/** Whether a live topology is an Always On farm; undefined when it does not say. */
export function alwaysOnOf(topology: unknown): boolean | undefined {
  const t = toText(topology)?.replace(/[\s_-]/g, '').toUpperCase();
  if (t === undefined) return undefined;
  if (t === 'ALWAYSON') return true;
  if (t === 'STANDALONE' || t === 'SINGLE') return false;
  return undefined;
}

const idOf = (o: unknown) => (isObject(o) ? o.id : undefined);

export const SQLSERVER: PaasReader = {
  kind: 'SQLServer',
  basePath: '/itcare/databases/sqlserver',
  sign: { path: '/databases/sqlserver', word: /sql ?server|mssql/i },
  // Its own paged list (`001:12894-13139`), whose items need no sign check.
  list: { path: '/itcare/databases/sqlserver', own: true },
  // "by id and changeReference (RFC)": `DELETE … {"changeReference": "56789"}` (`001:13630-13687`).
  deleteTakesChangeReference: true,
  shapeCreateBody(body) {
    // The prose spells it asCollation (`001:13169`), the schema asCollaction (`001:13219`): the schema's field is sent.
    if (body.asCollation !== undefined) {
      body.asCollaction = body.asCollation;
      delete body.asCollation;
    }
  },
  detailFields: [],
  subReads: () => [],
  kindSpec(detail, item, _sub, desired) {
    const want = desired.spec;
    const out: Record<string, unknown> = {};
    put(out, 'nodeSizing', sizingOf([detail.sizing, item.sizing], detail.cpu ?? item.cpu, detail.ram ?? item.ram));
    put(out, 'edition', editionOf(detail.version ?? item.version));
    put(out, 'alwaysOn', alwaysOnOf(detail.topology ?? item.topology));
    put(out, 'nodeCount', toNumber(detail.nodeCount ?? item.nodeCount));
    put(out, 'area', likeDesired(idOf(detail.area ?? item.area), want.area));
    put(out, 'az', likeDesired(idOf(detail.availabilityZone ?? item.availabilityZone), want.az));
    put(out, 'networkId', toNumber(idOf(detail.network ?? item.network)));
    put(out, 'region', likeDesired(idOf(detail.region ?? item.region), want.region));
    return out;
  },
};
