// What an SCP route handler receives (the SCP side's saved state is the Cache Store's, its only kind),
// the timings of SCP requests, and the descriptor an SCP kind folder exports to the registry.
import type { FaultControls } from '../faults.js';
import type { Router } from '../router.js';
import type { ScpState } from './kinds/cache-store/state.js';

export interface ScpOptions {
  /** How long a request stays IN_PROGRESS. */
  actionMs: number;
  /** How long a TERMINATED cluster stays visible before it answers 404. */
  terminatedMs: number;
  /**
   * How long an existing cluster keeps its current service_state after a 202 before it turns
   * transitional (EDITING, STOPPING…): the "still RUNNING before EDITING begins" race of digest §10
   * (point 9). Default 0. The request itself is IN_PROGRESS from the start.
   */
  stateLagMs: number;
}

export interface ScpContext {
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly state: ScpState;
  readonly now: number;
  readonly options: ScpOptions;
  readonly faults: FaultControls;
}

/** What an SCP kind folder exports from its `index.ts`, and the registry (`scp/index.ts`) lists. */
export interface ScpKind {
  /** The kind's name in manifests (`CacheStore`). */
  readonly name: string;
  /** Registers the kind's routes (all under `/v1/`). */
  routes(router: Router<ScpContext>): void;
  /** Completes its due requests (lazily, at the start of every request); true when the state changed. */
  advance(state: ScpState, now: number, terminatedMs: number): boolean;
}

