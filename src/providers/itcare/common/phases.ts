// Operations of one change collected per phase, then flattened in a fixed phase order, so that each
// kind states once in which order its calls run (start first, stop last, …).
import { InternalError } from '../../../core/errors.js';
import type { Operation } from '../../../engine/plan.js';

export type PhasedOperations<P extends string> = Partial<Record<P, Operation[]>>;

/** Appends operations to a phase of the change being built. */
export function addToPhase<P extends string>(phased: PhasedOperations<P>, phase: P, ...ops: Operation[]): void {
  (phased[phase] ??= []).push(...ops);
}

/** The operations of every phase, in `order`. A phase missing from `order` is a bug, never a silent drop. */
export function flattenPhases<P extends string>(order: readonly P[], phased: PhasedOperations<P>): Operation[] {
  const stray = Object.keys(phased).filter((p) => !order.includes(p as P));
  if (stray.length > 0) throw new InternalError(`operations planned in phase ${stray.join(', ')}, which is not in the phase order ${order.join(', ')}`);
  return order.flatMap((p) => phased[p] ?? []);
}
