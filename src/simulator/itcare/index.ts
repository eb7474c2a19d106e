// Wires the ITCare API: the shared route files of common/, which read the registered kinds where they
// need them (operations, aggregate lists, products), then each kind's own routes and effects. The
// registry is checked first, so a kind that clashes with another fails at start, not on a request.
import { InternalError } from '../../core/errors.js';
import type { Router } from '../router.js';
import { registerActionRoutes } from './common/action-routes.js';
import { registerEffect } from './common/actions.js';
import { AGGREGATE_LISTS, registerAggregates } from './common/aggregates.js';
import type { CommonRoutes, ItcareKind } from './common/kind.js';
import { registerOperations } from './common/operations.js';
import { registerPatchPolicies } from './common/patch-policies.js';
import { registerProducts } from './common/products.js';
import { registerResources } from './common/resources.js';
import { registerServices } from './common/services.js';
import { registerTags } from './common/tags.js';
import { ITCARE_KINDS } from './registry.js';

/** The shared route files: none of them names a kind. */
export const commonRoutes: readonly CommonRoutes[] = [
  registerActionRoutes,
  registerServices,
  registerResources,
  registerTags,
  registerPatchPolicies,
  registerAggregates,
  registerProducts,
  registerOperations,
];

/** Registers the shared routes and those of every kind on `router` (`kinds`: the registry, or a test's own list). */
export function registerItcareRoutes(router: Router, kinds: readonly ItcareKind[] = ITCARE_KINDS): void {
  checkKinds(kinds);
  for (const register of commonRoutes) register(router, kinds);
  for (const kind of kinds) {
    kind.routes(router, kind);
    for (const [name, effect] of Object.entries(kind.effects ?? {})) registerEffect(name, effect);
  }
}

/**
 * A record kind, an API path and an effect name belong to one kind; a kind in an aggregate list has
 * that list's category (the list shows records by category).
 */
export function checkKinds(kinds: readonly ItcareKind[]): void {
  const seen = new Map<string, string>();
  const claim = (what: string, owner: string): void => {
    const other = seen.get(what);
    if (other !== undefined) throw new InternalError(`simulator kinds ${other} and ${owner} both declare ${what}`);
    seen.set(what, owner);
  };
  for (const k of kinds) {
    claim(`record kind ${k.kind}`, k.kind);
    claim(`path ${k.resource.path}`, k.kind);
    for (const name of Object.keys(k.effects ?? {})) claim(`effect ${name}`, k.kind);
    for (const list of k.lists) {
      const category = AGGREGATE_LISTS[list]?.category;
      if (category === undefined) throw new InternalError(`simulator kind ${k.kind} names an unknown aggregate list ${list}`);
      if (category !== k.resource.category) {
        throw new InternalError(`simulator kind ${k.kind} is in the ${list} list, whose records are of category ${category}, not ${k.resource.category}`);
      }
    }
  }
}
