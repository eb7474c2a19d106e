// The descriptor of one SCP kind: its handler, when a tracked change of it has become visible and what
// the kind declares of itself, behind one object the provider's registry (../index.ts) lists, one line
// per kind.
import type { KindHandler, LiveFacts, Observation } from '../../../engine/provider.js';
import type { HttpClient } from '../../../http/types.js';
import type { ChangeVisible } from './requests.js';

export interface ScpKind {
  /** The manifest kind, as its schema names it. */
  readonly kind: string;
  /** The handler: observe, listOwned and the pure operation builders (see KindHandler). */
  handler(http: HttpClient): KindHandler;
  /** Whether the settled cluster shows the change a tracked call of this kind asked for. */
  readonly changeVisible: ChangeVisible;
  /**
   * The kind holds data a delete loses: export writes `lifecycle.preventDestroy: true` on its documents
   * unless `--no-protect` (`KindHandler.stateful`).
   */
  readonly stateful?: boolean;
  /** What `caretaker list` shows of a live resource: status and endpoints, pure (`KindHandler.liveFacts`). Absent: neither. */
  liveFacts?(observation: Observation): LiveFacts;
}

/** The engine's KindHandler of a descriptor: its handler with what the kind declares of itself. */
export function scpHandler(k: ScpKind, http: HttpClient): KindHandler {
  const liveFacts = k.liveFacts;
  return {
    ...k.handler(http),
    ...(k.stateful ? { stateful: true } : {}),
    ...(liveFacts ? { liveFacts: (o: Observation) => liveFacts(o) } : {}),
  };
}
