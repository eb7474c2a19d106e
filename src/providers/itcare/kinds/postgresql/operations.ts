// PostgreSQL's own operations on top of the shared PaaS ones (ITCARE-API §5.4, §14): `upgrade` (up
// only), `enable_ha` (STANDALONE -> HA only, replicationLag 1..500, version >= 12), `install_extension`
// (no uninstall), and the checks of a create (TLS from version 13, extensions from 15).
import { own } from '../../../../core/dict.js';
import { RefusedError } from '../../../../core/errors.js';
import type { DesiredResource, Observation, OperationContext } from '../../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../../engine/plan.js';
import { isObject } from '../../../../core/objects.js';
import { toNumber, toText } from '../../common/normalize.js';
import { addToPhase } from '../../common/phases.js';
import { diffHeads } from '../../common/changes.js';
import type { PaasOperations } from '../../common/paas/handler.js';
import { patchOp, type PaasKind, type Phased } from '../../common/paas/operations.js';
import { POSTGRESQL } from './observe.js';

/** Numeric comparison of dotted versions (`13` < `13.4` < `15`); NaN parts compare as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number(x) || 0);
  const pb = b.split('.').map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `{db: [ext, ...]}` from the spec, databases and names sorted, duplicates dropped. */
function desiredExtensions(spec: Record<string, unknown>): [string, string[]][] {
  if (!isObject(spec.extensions)) return [];
  return Object.entries(spec.extensions)
    .map(([db, list]): [string, string[]] => [db, [...new Set((Array.isArray(list) ? list : []).map(String))].sort()])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function installOp(k: PaasKind, id: string | number, db: string, names: string[], serviceId?: number): Operation {
  const options = { dbname: db, extensions_list: names.map((name) => ({ name })) };
  return patchOp(k, id, 'install_extension', options, { summary: `install extensions on ${db}: ${names.join(', ')}`, irreversible: false, serviceId });
}

/** Self-service `install_extension` needs PostgreSQL 15 or later (`001:24425`): refused below, in the doc's words. */
function checkExtensionVersion(version: string | undefined, address: string): void {
  if (version === undefined || compareVersions(version, '15') >= 0) return;
  throw new RefusedError(
    `install_extension: extensions "are installable in self-service … from version 15" (ITCare 001:24425; otherwise a ticket is required); this instance is PostgreSQL ${version}`,
    address,
  );
}

/** TLS "is only available from version 13" (`001:24487`): refused at plan time below it. */
export function checkTlsVersion(spec: Record<string, unknown>, address: string): void {
  const version = toText(spec.postgreVersion);
  if (spec.tls !== true || version === undefined || compareVersions(version, '13') >= 0) return;
  throw new RefusedError(`tls: secure transport "is only available from version 13" (ITCare 001:24487); postgreVersion is ${version}`, address);
}

/** One `install_extension` per database of the spec with a non-empty list, on the new resource. */
export function extensionCreateOps(k: PaasKind, desired: DesiredResource, self: string): Operation[] {
  const serviceId = toNumber(desired.spec.serviceId);
  const wanted = desiredExtensions(desired.spec).filter(([, names]) => names.length > 0);
  if (wanted.length > 0) checkExtensionVersion(toText(desired.spec.postgreVersion), desired.address);
  return wanted.map(([db, names]) => installOp(k, self, db, names, serviceId));
}

const withChangeRef = (o: Record<string, unknown>, ctx: OperationContext) =>
  ctx.changeReference === undefined ? o : { ...o, changeReference: ctx.changeReference };

/**
 * Adds the PostgreSQL-only operations for `diff` to `phased`; returns the heads it consumed.
 * Throws RefusedError for a downgrade, HA -> STANDALONE, an out-of-range replication lag, HA below
 * version 12, and an extension that is live but no longer desired (no uninstall operation exists).
 */
export function postgresqlUpdates(
  k: PaasKind, desired: DesiredResource, observed: Observation, diff: readonly FieldDiff[], ctx: OperationContext, phased: Phased,
): string[] {
  const heads = diffHeads(diff);
  const id = observed.id as string | number;
  const [want, have, address] = [desired.spec, observed.spec, desired.address];
  const serviceId = toNumber(want.serviceId) ?? toNumber(have.serviceId);
  const handled: string[] = [];

  const target = toText(want.postgreVersion);
  const live = toText(have.postgreVersion);
  if (heads.has('postgreVersion')) handled.push('postgreVersion');
  if (heads.has('postgreVersion') && target !== undefined) {
    const cmp = live === undefined ? 1 : compareVersions(target, live);
    if (cmp < 0) throw new RefusedError(`cannot downgrade PostgreSQL from ${live} to ${target} (ITCare only upgrades)`, address);
    if (cmp > 0) {
      const summary = `upgrade PostgreSQL ${live ?? '?'} -> ${target}`;
      addToPhase(phased, 'upgrade', patchOp(k, id, 'upgrade', withChangeRef({ targetVersion: target }, ctx), { summary, irreversible: true, serviceId }));
    }
  }

  const [to, from] = [toText(want.topology)?.toUpperCase(), toText(have.topology)?.toUpperCase()];
  if (heads.has('topology')) handled.push('topology');
  if (heads.has('ha')) handled.push('ha');
  if (heads.has('topology') && to !== undefined && to !== from) {
    handled.push('allowedReplicationLag');
    if (to !== 'HA' || from !== 'STANDALONE') {
      throw new RefusedError(`cannot change topology from ${from ?? 'unknown'} to ${to}; ITCare only converts STANDALONE to HA (enable_ha)`, address);
    }
    // enable_ha's own field (`001:15810`, 1..500), not the create's allowedReplicationLag (1..10240, `001:15481`).
    const own = isObject(want.ha) ? toNumber(want.ha.replicationLag) : undefined;
    const lag = own ?? toNumber(want.allowedReplicationLag ?? have.allowedReplicationLag);
    if (lag === undefined || !Number.isInteger(lag) || lag < 1 || lag > 500) {
      const from = own !== undefined ? 'ha.replicationLag' : `allowedReplicationLag, here ${lag ?? 'unset'}`;
      throw new RefusedError(
        `enable_ha: "the replicationLag must be between 1 and 500" (ITCare); set spec.ha.replicationLag (1..500) for the conversion (taken from ${from})`,
        address,
      );
    }
    const version = target ?? live;
    if (version !== undefined && compareVersions(version, '12') < 0) {
      throw new RefusedError(`enable_ha needs PostgreSQL 12 or later (version ${version})`, address);
    }
    const summary = `enable HA (replication lag ${lag})`;
    addToPhase(phased, 'enable_ha', patchOp(k, id, 'enable_ha', withChangeRef({ replicationLag: lag }, ctx), { summary, irreversible: true, serviceId }));
  }

  if (heads.has('extensions')) handled.push('extensions');
  if (heads.has('extensions') && isObject(want.extensions)) {
    const liveExt = isObject(have.extensions) ? have.extensions : {};
    for (const [db, names] of desiredExtensions(want)) {
      const liveDb = own(liveExt, db);
      const installed = Array.isArray(liveDb) ? liveDb.map(String) : [];
      const extra = installed.filter((n) => !names.includes(n));
      if (extra.length > 0) {
        throw new RefusedError(`extensions ${extra.join(', ')} are installed on database ${db} but not desired; ITCare cannot uninstall extensions`, address);
      }
      const missing = names.filter((n) => !installed.includes(n));
      // The upgrade of the same change runs first (phase order), so the target version counts.
      if (missing.length > 0) checkExtensionVersion(target ?? live, address);
      if (missing.length > 0) addToPhase(phased, 'install_extension', installOp(k, id, db, missing, serviceId));
    }
  }
  return handled;
}

/** `create PostgreSQL orders-db (2cpu4gb, 40 GB, STANDALONE, v15)`. */
function createSummary(d: DesiredResource): string {
  const parts = [
    toText(d.spec.nodeSizing),
    d.spec.diskSize === undefined ? undefined : `${String(d.spec.diskSize)} GB`,
    toText(d.spec.topology)?.toUpperCase(),
    d.spec.postgreVersion === undefined ? undefined : `v${String(d.spec.postgreVersion)}`,
  ].filter(Boolean);
  return `create PostgreSQL ${d.name}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

export const POSTGRESQL_OPERATIONS: PaasOperations = {
  createSummary,
  checkCreate: (desired) => checkTlsVersion(desired.spec, desired.address),
  createExtras: (desired, self) => extensionCreateOps(POSTGRESQL, desired, self),
  updates: (desired, observed, diff, ctx, phased) => postgresqlUpdates(POSTGRESQL, desired, observed, diff, ctx, phased),
};
