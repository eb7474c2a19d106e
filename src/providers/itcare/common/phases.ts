// Operations of one change collected per phase, then flattened in a fixed phase order, so that each
// kind states once in which order its calls run (start first, stop last, …).
import type { Operation } from '../../../engine/plan.js';

export type PhasedOperations<P extends string> = Partial<Record<P, Operation[]>>;

/** Appends operations to a phase of the change being built. */
export function addToPhase<P extends string>(phased: PhasedOperations<P>, phase: P, ...ops: Operation[]): void {
  (phased[phase] ??= []).push(...ops);
}

/** The operations of every phase, in `order`. */
export function flattenPhases<P extends string>(order: readonly P[], phased: PhasedOperations<P>): Operation[] {
  return order.flatMap((p) => phased[p] ?? []);
}
