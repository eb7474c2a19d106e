// Matomo's own operation on top of the shared PaaS ones: `extend` of its sizing (`001:7478-7490`), which
// "cannot be undone" (irreversible), only to a larger size and only on a started instance (the console's
// rules, `001:1615-1617`): a smaller sizing is refused at plan time, and so is an extend of a stopped
// instance the spec does not start. A delete needs a stopped instance (`001:1599`): a running one is
// stopped first, a call the plan shows (DESIGN §1).
import { RefusedError } from '../../../../core/errors.js';
import type { DesiredResource, Observation, OperationContext } from '../../../../engine/provider.js';
import type { FieldDiff, Operation } from '../../../../engine/plan.js';
import { diffHeads } from '../../common/changes.js';
import { toNumber, toText } from '../../common/normalize.js';
import { addToPhase } from '../../common/phases.js';
import type { PaasOperations } from '../../common/paas/handler.js';
import { deleteOperations, patchOp, type Phased } from '../../common/paas/operations.js';
import { MATOMO } from './observe.js';

/** The sizings in increasing order (`001:7127`: XS up to 100K ppm … XL more than 100M ppm). */
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];

/** `stop`, flagged irreversible as every PaaS stop ("cannot be undone", `001:7466-7476`). */
function stopOp(id: string | number, why: string, serviceId?: number): Operation {
  return patchOp(MATOMO, id, 'stop', undefined, { summary: `stop${why}`, irreversible: true, serviceId });
}

function updates(d: DesiredResource, o: Observation, diff: readonly FieldDiff[], _ctx: OperationContext, phased: Phased): string[] {
  const heads = diffHeads(diff);
  if (!heads.has('sizing')) return [];
  const [to, from] = [toText(d.spec.sizing)?.toUpperCase(), toText(o.spec.sizing)?.toUpperCase()];
  if (to === undefined || to === from) return ['sizing'];
  if (from !== undefined && SIZES.indexOf(to) < SIZES.indexOf(from)) {
    throw new RefusedError(`sizing: cannot reduce Matomo from ${from} to ${to}; extend only grows an instance ("la nouvelle taille ne peut être que supérieure", 001:1617)`, d.address);
  }
  const id = o.id as string | number;
  const serviceId = toNumber(d.spec.serviceId) ?? toNumber(o.spec.serviceId);
  // "Vous ne pouvez redimensionner que si l'instance est démarrée" (`001:1615`). A start, extend, stop in
  // one change cannot pass apply's pre-check (the final stop is judged on today's stopped instance), so
  // the spec must ask for the start: the plan then starts it before the extend.
  if (o.spec.state === 'stopped' && d.spec.state !== 'running') {
    throw new RefusedError(
      `sizing: extend needs a started Matomo ("Vous ne pouvez redimensionner que si l'instance est démarrée", 001:1615) and this one is stopped; set spec.state: running for this change (stop it in a later one)`,
      d.address,
    );
  }
  const summary = `extend ${from ?? '?'} -> ${to}`;
  addToPhase(phased, 'extend', patchOp(MATOMO, id, 'extend', { sizing: to }, { summary, irreversible: true, serviceId }));
  return ['sizing'];
}

/**
 * DELETE, after a stop when the instance is not known to be stopped ("Vous ne pouvez supprimer qu'une
 * instance déjà arrêtée", `001:1599`).
 */
export function matomoDelete(address: string, observed: Observation, ctx: OperationContext): Operation[] {
  const ops = deleteOperations(MATOMO, address, observed, ctx);
  if (observed.spec.state === 'stopped') return ops;
  return [stopOp(String(observed.id), ' (a Matomo instance is deleted once stopped)', toNumber(observed.spec.serviceId)), ...ops];
}

/** `create Matomo orders-stats (XS)`. */
function createSummary(d: DesiredResource): string {
  const sizing = toText(d.spec.sizing);
  return `create Matomo ${d.name}${sizing === undefined ? '' : ` (${sizing})`}`;
}

export const MATOMO_OPERATIONS: PaasOperations = { createSummary, updates };
