// Out-of-process control of a running simulator (no auth, never faulted, not logged):
// GET/POST /__sim/faults (JSON merge into FaultControls; `expireTokens: true` expires tokens),
// GET /__sim/state, POST /__sim/reset, GET /__sim/requests; GET/POST /__sim/scp/faults for the SCP side.
import { faultsSnapshot, mergeFaults, type FaultControls } from './faults.js';
import type { Reply } from './reply.js';
import type { RequestLogEntry } from './request-log.js';
import type { SimulatorState } from './state.js';

/** What the control routes read and change (the server's dependencies satisfy it). */
export interface ControlDeps {
  state: SimulatorState;
  faults: FaultControls;
  scp: { faults: FaultControls };
  requests: RequestLogEntry[];
  /** Puts state, faults and log back to a fresh start. */
  reset(): void;
}

export function handleControl(deps: ControlDeps, method: string, path: string, text: string, tooLarge: boolean): Reply {
  const key = `${method} ${path.replace(/\/+$/, '')}`;
  switch (key) {
    case 'GET /__sim/faults':
      return { status: 200, body: faultsSnapshot(deps.faults) };
    case 'GET /__sim/scp/faults':
      return { status: 200, body: faultsSnapshot(deps.scp.faults) };
    case 'POST /__sim/faults':
    case 'POST /__sim/scp/faults': {
      const target = key === 'POST /__sim/faults' ? deps.faults : deps.scp.faults;
      if (tooLarge) return { status: 400, body: { error: 'body too large' } };
      let patch: unknown;
      try {
        patch = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return { status: 400, body: { error: 'malformed JSON' } };
      }
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return { status: 400, body: { error: 'a JSON object is required' } };
      try {
        mergeFaults(target, patch as Record<string, unknown>);
      } catch (err) {
        return { status: 400, body: { error: (err as Error).message } };
      }
      return { status: 200, body: faultsSnapshot(target) };
    }
    case 'GET /__sim/state':
      return { status: 200, body: deps.state };
    case 'POST /__sim/reset':
      deps.reset();
      return { status: 204 };
    case 'GET /__sim/requests':
      return { status: 200, body: deps.requests };
    default:
      return { status: 404 };
  }
}
