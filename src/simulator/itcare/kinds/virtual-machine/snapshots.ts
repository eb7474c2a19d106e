// Instance snapshots (`001:3342-3470`, `001:4099-4134`): "Only one active snapshot is allowed and the
// snapshot is kept during 3 days". GET the snapshot, POST one, PATCH to recover it, DELETE it by id;
// every write is an action on the instance (202, 409 while another runs).
import { fieldError, json, notFound, type Reply, type RouteContext } from '../../../reply.js';
import type { Router } from '../../../router.js';
import { assertIdle, iso } from '../../common/actions.js';
import type { ItcareKind } from '../../common/kind.js';
import { accepted, loadResource } from '../../common/paas.js';
import { asObject, checkChangeReference, optionalString } from '../../common/validate.js';
import { vmSnapshot, snapshotView, storageView, type SnapshotRecord } from './views.js';

const KEPT_MS = 3 * 24 * 3600 * 1000;

export function registerSnapshots(router: Router, self: ItcareKind): void {
  const base = `/itcare${self.resource.path}/:id/snapshots`;
  /** The snapshot; 404 with an empty body when the instance has none (choice: the docs show only the found case). */
  router.get(base, (ctx) => {
    const s = vmSnapshot(loadResource(ctx, self.kind));
    if (!s) throw notFound();
    return json(200, snapshotView(s));
  });
  router.post(base, (ctx) => createSnapshot(ctx, self));
  /** Recover: needs a snapshot; the instance keeps its status (choice: the docs name no state rule). */
  router.patch(base, (ctx) => {
    const r = loadResource(ctx, self.kind);
    const s = vmSnapshot(r);
    if (!s) throw fieldError('snapshot', `Error on field 'snapshot': instance ${r.name} has no snapshot to recover`);
    assertIdle(ctx.state, r.id);
    return accepted(ctx, {
      resource: r, operation: 'recover_snapshot', message: `Recover snapshot ${s.id} of ${self.label} ${r.name}`,
      effect: { type: 'merge', patch: { attrs: { snapshot: { recoveredAt: iso(ctx.now) } } } },
    });
  });
  /** `snapshotId` as `GET` gives it (`123-snap-42`, `001:4110`); another id is 404. */
  router.delete(`${base}/:snapshotId`, (ctx) => {
    const r = loadResource(ctx, self.kind);
    const s = vmSnapshot(r);
    if (!s || s.id !== ctx.params.snapshotId) throw notFound();
    assertIdle(ctx.state, r.id);
    return accepted(ctx, {
      resource: r, operation: 'delete_snapshot', message: `Delete snapshot ${s.id} of ${self.label} ${r.name}`,
      effect: { type: 'merge', patch: { attrs: { snapshot: null } } },
    });
  });
}

/**
 * Body optional: `changeReference` (<= 10) and `description` (<= 100) (`001:3375-3397`). A second
 * snapshot while one exists is a 400 ("Only one active snapshot is allowed"). The snapshot exists
 * once the action succeeds; the simulator never expires it (choice: a run is shorter than 3 days),
 * `expiresAt` is 3 days after its creation.
 */
function createSnapshot(ctx: RouteContext, self: ItcareKind): Reply {
  const r = loadResource(ctx, self.kind);
  const body = ctx.body === undefined ? {} : asObject(ctx.body);
  const changeReference = checkChangeReference(body) ?? '';
  const description = optionalString(body, 'description') ?? '';
  if (description.length > 100) throw fieldError('description', "Error on field 'description': must be at most 100 characters");
  if (vmSnapshot(r)) throw fieldError('snapshot', `Error on field 'snapshot': instance ${r.name} already has a snapshot (only one is allowed)`);
  assertIdle(ctx.state, r.id);
  const n = typeof r.attrs.nextSnapshot === 'number' ? r.attrs.nextSnapshot : 1;
  const snapshot: SnapshotRecord = {
    id: `${r.id}-snap-${n}`, label: `${r.name}-snap-${n}`, description, changeReference, createdAt: iso(ctx.now),
    createdBy: ctx.principal, expiresAt: iso(ctx.now + KEPT_MS), recoveredAt: null,
    snapshotSize: Number(storageView(r).totalSizeDisks),
  };
  return accepted(ctx, {
    resource: r, operation: 'create_snapshot', message: `Create snapshot of ${self.label} ${r.name}`,
    effect: { type: 'merge', patch: { attrs: { snapshot, nextSnapshot: n + 1 } } },
  });
}
