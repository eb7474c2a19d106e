// The Matomo response shape: `GET /itcare/analytics/matomo/{id}` and the list items (`001:7291-7405`,
// `001:6979-7090`): ResourceBase plus `actionsInProgress`, `availableActions`, `sizing`, `url` and
// `version`.
import type { ResourceRecord, SimulatorState } from '../../../state.js';
import { actionsView } from '../../common/operations.js';
import { resourceBase } from '../../common/views.js';
import { matomoCause } from './operations.js';

const OPERATIONS = ['start', 'stop', 'extend', 'delete'];

/** `url` is the instance's own public address ("accessible au public via l'URL fournie dans ITCare", `001:1877`; choice of form). */
export function matomoView(state: SimulatorState, r: ResourceRecord): Record<string, unknown> {
  // Added to the fresh base object: spreading it into a new literal is slow (V8).
  return Object.assign(resourceBase(state, r), actionsView(state, r, OPERATIONS, matomoCause), {
    sizing: r.sizing, url: `https://${r.name}.matomo.cegedim.cloud`, version: r.version,
  });
}
