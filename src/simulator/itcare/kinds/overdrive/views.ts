// The OverDrive response shape: `GET /itcare/storage/overdrive/{id}` and the list items
// (`001:6734-6838`, `001:6428-6540`): ResourceBase plus `actionsInProgress`, `availableActions`,
// `sizing`, `url` and `version`.
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { actionsView } from '../../common/operations.js';
import { resourceBase } from '../../common/views.js';

const OPERATIONS = ['start', 'stop', 'delete'];

/** `url` is the Drive URL as it was given at create (`driveSiteUri`, choice). */
export function overdriveView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), actionsView(state, r, OPERATIONS), {
    sizing: r.sizing, url: r.attrs.driveSiteUri, version: r.version,
  });
}
