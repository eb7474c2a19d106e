// The documented plan JSON (formatVersion 1): fixed key order, changes sorted by address,
// 2-space indent, trailing newline. Secrets are redacted before serialisation.
import type { Change, FieldDiff, Operation, Plan } from '../../engine/plan.js';
import { compareAddress } from '../../core/address.js';
import { redactDeep } from '../../core/secret.js';

function diffJson(d: FieldDiff): Record<string, unknown> {
  return { op: d.op, path: d.path, from: d.from, value: d.value, forcesReplace: d.forcesReplace };
}

function operationJson(o: Operation): Record<string, unknown> {
  return {
    method: o.method,
    path: o.path,
    body: o.body,
    async: o.async,
    irreversible: o.irreversible,
    summary: o.summary,
    role: o.role,
  };
}

export function changeJson(c: Change): Record<string, unknown> {
  return {
    address: c.address,
    kind: c.kind,
    name: c.name,
    provider: c.provider,
    action: c.action,
    id: c.id,
    reason: c.reason,
    diff: c.diff.map(diffJson),
    operations: c.operations.map(operationJson),
    dependsOn: [...c.dependsOn].sort(compareAddress),
    irreversible: c.irreversible,
    pendingActions: c.pendingActions,
    unknownFields: c.unknownFields,
    notes: c.notes,
    checks: c.checks?.map((k) => ({ operation: k.operation, dryRun: k.dryRun, message: k.message, availability: k.availability, cause: k.cause })),
    foreignOrigin: c.foreignOrigin,
  };
}

/** The plan as a JSON object with the documented key order (undefined fields are omitted). */
export function planJsonValue(plan: Plan): unknown {
  const changes = [...plan.changes].sort((a, b) => compareAddress(a.address, b.address));
  const s = plan.summary;
  return redactDeep({
    formatVersion: plan.formatVersion,
    stack: plan.stack,
    createdAt: plan.createdAt,
    liveFingerprint: plan.liveFingerprint,
    liveDigests: plan.liveDigests,
    mode: plan.mode,
    prune: plan.prune,
    targets: plan.targets,
    excludes: plan.excludes,
    excluded: plan.excluded,
    origin: plan.origin,
    allowForeignOrigin: plan.allowForeignOrigin,
    policyResults: plan.policyResults,
    overrides: plan.overrides,
    manifests: plan.manifests,
    manifestDigests: plan.manifestDigests,
    missingOwned: plan.missingOwned,
    validated: plan.validated,
    changes: changes.map(changeJson),
    summary: { create: s.create, update: s.update, replace: s.replace, delete: s.delete, noop: s.noop, release: s.release },
  });
}

/** `plan --json` / `plan -o FILE` output. Parsing it back gives a Plan equal to the input (minus secrets). */
export function renderPlanJson(plan: Plan): string {
  return JSON.stringify(planJsonValue(plan), null, 2) + '\n';
}
