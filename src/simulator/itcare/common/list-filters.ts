// The resource filters the ITCare lists share (ITCARE-API §1.8), by query parameter name, so that a
// kind's list is one call: `resourceFilter(ctx, ['services', 'names', …, ownFilter])` parses the
// parameters in that order (the first malformed one is the 400) and returns one predicate.
import type { RouteContext } from '../../reply.js';
import { findService, type ResourceRecord } from '../../state.js';
import { boolParam, intListParam, listParam, matchIn, matchNames, matchTags } from './list-query.js';

/** A predicate on one record; undefined when its parameter is absent (nothing to check). */
export type RecordTest = ((r: ResourceRecord) => boolean) | undefined;
/** A kind's own filter: reads its parameter (throwing the 400 of a malformed value) and returns its test. */
export type FilterBuilder = (ctx: RouteContext) => RecordTest;

/**
 * The shared filters. `names` match exactly (`!name` excludes); list filters are case-insensitive;
 * `environments` is the service's; `regions` the record's `attrs.region`; `backupStatus` its
 * `attrs.backupEnabled`; `recoveryStatus` (DRP) is never set in the simulator, so only `false` matches;
 * `includedInPatchParty` is "not excluded"; `clouds` (cloud ids, ITCARE-API §1.8, `001:6302`) is the
 * record's service's `cloudId`.
 */
const SHARED = {
  services: (ctx) => ids(intListParam(ctx.query, 'services'), (r) => r.serviceId),
  ids: (ctx) => ids(intListParam(ctx.query, 'ids'), (r) => r.id),
  clouds: (ctx) => ids(intListParam(ctx.query, 'clouds'), (r) => findService(ctx.state, r.serviceId)?.cloudId ?? -1),
  names: (ctx) => listed(ctx, 'names', (f, r) => matchNames(f, r.name)),
  types: (ctx) => listed(ctx, 'types', (f, r) => matchIn(f, r.type)),
  families: (ctx) => listed(ctx, 'families', (f, r) => matchIn(f, r.family)),
  environments: (ctx) => listed(ctx, 'environments', (f, r) => matchIn(f, findService(ctx.state, r.serviceId)?.environment)),
  statuses: (ctx) => listed(ctx, 'statuses', (f, r) => matchIn(f, r.status)),
  tags: (ctx) => listed(ctx, 'tags', (f, r) => matchTags(f, r.tags)),
  topologies: (ctx) => listed(ctx, 'topologies', (f, r) => matchIn(f, r.topology)),
  versions: (ctx) => listed(ctx, 'versions', (f, r) => matchIn(f, r.version)),
  regions: (ctx) => listed(ctx, 'regions', (f, r) => matchIn(f, String(r.attrs.region))),
  monitoringStatus: (ctx) => flag(ctx, 'monitoringStatus', (r) => r.monitoringEnabled),
  monitoringOnCallStatus: (ctx) => flag(ctx, 'monitoringOnCallStatus', (r) => r.monitoringOnCallEnabled),
  backupStatus: (ctx) => flag(ctx, 'backupStatus', (r) => r.attrs.backupEnabled === true),
  recoveryStatus: (ctx) => flag(ctx, 'recoveryStatus', () => false),
  includedInPatchParty: (ctx) => flag(ctx, 'includedInPatchParty', (r) => !r.patchParty.excluded),
} satisfies Record<string, FilterBuilder>;

export type SharedFilter = keyof typeof SHARED;

/** One predicate for the shared filters named and the kind's own builders, parsed in the given order. */
export function resourceFilter(ctx: RouteContext, filters: ReadonlyArray<SharedFilter | FilterBuilder>): (r: ResourceRecord) => boolean {
  const tests = filters
    .map((f) => (typeof f === 'function' ? f(ctx) : SHARED[f](ctx)))
    .filter((t): t is (r: ResourceRecord) => boolean => t !== undefined);
  return (r) => tests.every((t) => t(r));
}

/** A kind's own list filter: the comma-separated values of `name`, case-insensitive, against `of(r)`. */
export function byList(name: string, of: (r: ResourceRecord) => string): FilterBuilder {
  return (ctx) => listed(ctx, name, (f, r) => matchIn(f, of(r)));
}

/** A kind's own boolean filter (`true`/`false`, else 400) against `of(r)`. */
export function byFlag(name: string, of: (r: ResourceRecord) => boolean): FilterBuilder {
  return (ctx) => flag(ctx, name, of);
}

function ids(values: number[] | undefined, of: (r: ResourceRecord) => number): RecordTest {
  return values ? (r) => values.includes(of(r)) : undefined;
}

function listed(ctx: RouteContext, name: string, match: (filter: string[], r: ResourceRecord) => boolean): RecordTest {
  const values = listParam(ctx.query, name);
  return values ? (r) => match(values, r) : undefined;
}

function flag(ctx: RouteContext, name: string, of: (r: ResourceRecord) => boolean): RecordTest {
  const want = boolParam(ctx.query, name);
  return want === undefined ? undefined : (r) => of(r) === want;
}
