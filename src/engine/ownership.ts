// The ownership policy: which live resources this stack may manage and delete, decided only by the
// `caretaker-stack` tag. A resource without the tag may be adopted (tagged) but is never deleted.
import type { Observation } from './provider.js';

export interface OwnershipPolicy {
  /** A refusal message when the stack must not manage this live resource (another stack owns it). */
  mayManage(address: string, observed: Observation): string | undefined;
  /** A reason not to delete it (not ours), or undefined when deleting is allowed. */
  mayDelete(address: string, observed: Observation): string | undefined;
}

export function ownershipPolicy(stack: string): OwnershipPolicy {
  return {
    mayManage(address, observed) {
      if (observed.exists && observed.owner && observed.owner !== stack) {
        return `${address}: the live resource belongs to stack "${observed.owner}" (tag caretaker-stack); refusing to manage it from stack "${stack}"`;
      }
      return undefined;
    },
    mayDelete(_address, observed) {
      if (observed.owner !== stack) {
        return observed.owner ? `owned by stack "${observed.owner}"` : 'not owned by this stack (no caretaker-stack tag): left in place';
      }
      return undefined;
    },
  };
}
