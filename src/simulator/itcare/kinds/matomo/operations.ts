// Matomo PATCH operations (`001:7450-7490`): start, stop and extend `{"sizing": "M"}`, with the rules
// of the Matomo tutorials: a resize only while the instance is started (`001:1615`) and only to a
// larger size (`001:1617`, `001:1900-1902`); a delete only once it is stopped (`001:1599`).
import { fieldError } from '../../../reply.js';
import type { ResourceRecord } from '../../../state.js';
import type { OpHandler } from '../../common/kind.js';
import { commonOps } from '../../common/paas.js';
import { checkTShirtSizing, TSHIRT_SIZINGS } from '../../common/validate.js';

/** Why `operation` cannot run on `r` by Matomo's own rules (for the PATCH, the DELETE and `availableActions`). */
export function matomoCause(r: ResourceRecord, operation: string): string | undefined {
  if (operation === 'extend' && r.status !== 'ACTIVE') return `extend needs the instance started (ACTIVE; it is ${r.status})`;
  if (operation === 'delete' && r.status !== 'INACTIVE') return `delete needs the instance stopped (INACTIVE; it is ${r.status})`;
  return undefined;
}

/** `deletion.check`: "Vous ne pouvez supprimer qu'une instance déjà arrêtée" (`001:1599`). */
export function requireStopped(r: ResourceRecord): void {
  const cause = matomoCause(r, 'delete');
  if (cause) throw fieldError('id', `Error on field 'id': ${cause}`);
}

const extend: OpHandler = (_ctx, r, o) => {
  const sizing = checkTShirtSizing(o, 'sizing', 'options.sizing');
  const cause = matomoCause(r, 'extend');
  if (cause) throw fieldError('operation', `Error on field 'operation': ${cause}`);
  if (TSHIRT_SIZINGS.indexOf(sizing) <= TSHIRT_SIZINGS.indexOf(r.sizing)) {
    throw fieldError('options.sizing', `Error on field 'options.sizing': the new size must be larger than the current one (${r.sizing})`);
  }
  return { effect: { type: 'merge', patch: { sizing } } };
};

export const matomoOps: Record<string, OpHandler> = { start: commonOps.start!, stop: commonOps.stop!, extend };
