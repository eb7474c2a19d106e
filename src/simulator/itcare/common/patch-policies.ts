// Service-level patch-party endpoints (ITCARE-API §9.4, `001:9382-9539`). GET lists the patchParty
// of every resource of the service (the title says "excluded" resources, but items carry an
// `excluded` flag: all are listed, choice). PATCH validates each item on its own: failures are
// items `{status: FAILED, message, id: -1, internalId: resourceId}`, the rest become actions.
import { fieldError, json } from '../../reply.js';
import type { Router } from '../../router.js';
import { actionObject, hasActionInProgress, submitAction } from './actions.js';
import { loadService } from './paas.js';
import { checkPatchParty, patchPartyMerge, patchPartyProcess, patchPartyView } from './patch-party.js';

const BASE = '/itcare/compute/services/:id/patch-policies';

export function registerPatchPolicies(router: Router): void {
  router.get(BASE, (ctx) => {
    const s = loadService(ctx);
    const items = ctx.state.resources.filter((r) => r.serviceId === s.id).sort((a, b) => a.id - b.id);
    return json(200, items.map(patchPartyView));
  });
  /**
   * Answers 200 (as documented) with one result per item, in request order (choice: the example
   * is unordered). A successful item's `id` is its action id (the example shows the resource id,
   * `001:9432`, which cannot be tracked as an action).
   */
  router.patch(BASE, (ctx) => {
    const s = loadService(ctx);
    if (!Array.isArray(ctx.body)) {
      throw fieldError('body', "Error on field 'body': an array of {resourceId, excluded, exclusionReason, patchGroup} is required");
    }
    const results = ctx.body.map((item: unknown) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) return failed(-1, 'Each item must be an object');
      const raw = item as Record<string, unknown>;
      // int64; a numeric string is accepted like Jackson does.
      const resourceId = typeof raw.resourceId === 'number' || (typeof raw.resourceId === 'string' && /^\d+$/.test(raw.resourceId))
        ? Number(raw.resourceId) : Number.NaN;
      const r = ctx.state.resources.find((x) => x.id === resourceId && x.serviceId === s.id);
      if (!r) return failed(Number.isFinite(resourceId) ? resourceId : -1, `Resource ${String(raw.resourceId)} does not belong to service ${s.id}`);
      if (hasActionInProgress(ctx.state, r.id)) return failed(r.id, `An action is already in progress on resource ${r.id}`);
      const checked = checkPatchParty(raw, r.nodeCount);
      if ('field' in checked) return failed(r.id, checked.message);
      const action = submitAction(ctx, {
        resource: r, operation: 'update_patch_party', ...patchPartyProcess(checked.ok, r),
        effect: { type: 'merge', patch: patchPartyMerge(checked.ok, ctx.principal, ctx.now) },
      });
      return actionObject(action);
    });
    return json(200, results);
  });
}

function failed(resourceId: number, message: string): Record<string, unknown> {
  return { status: 'FAILED', message, id: -1, internalId: resourceId };
}
