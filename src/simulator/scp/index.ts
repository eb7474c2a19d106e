// The SCP simulator kinds, one line each (README "Adding a simulator kind"), and what the server and
// start.ts need of them: their routes, and the lazy completion of their requests.
import type { Router } from '../router.js';
import type { ScpContext, ScpKind } from './context.js';
import { cacheStore } from './kinds/cache-store/index.js';
import type { ScpState } from './kinds/cache-store/state.js';

export const SCP_KINDS: readonly ScpKind[] = [
  cacheStore,
];

export function registerScpRoutes(router: Router<ScpContext>): void {
  for (const kind of SCP_KINDS) kind.routes(router);
}

/** Completes the due requests of every kind; true when the state changed. */
export function advanceScp(state: ScpState, now: number, terminatedMs: number): boolean {
  let changed = false;
  for (const kind of SCP_KINDS) changed = kind.advance(state, now, terminatedMs) || changed;
  return changed;
}
