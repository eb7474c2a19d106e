// Saved plans: written redacted (secrets never reach the file), read back with a version check,
// and compared with a fresh plan so that `apply FILE` applies exactly what was reviewed or nothing.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CaretakerError, PlanStaleError } from '../core/errors.js';
import { redactDeep, scrubText } from '../core/secret.js';
import { PLAN_FORMAT_VERSION, type Plan } from './plan.js';

/** The plan as documented JSON (formatVersion 1), secrets redacted. */
export function planToJson(plan: Plan): string {
  // Secrets are redacted by type, then every registered secret string is scrubbed from the text.
  return scrubText(JSON.stringify(redactDeep(plan), null, 2) + '\n');
}

export async function savePlan(plan: Plan, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, planToJson(plan), { mode: 0o600 });
}

/** True when the file looks like a saved plan rather than a manifest. */
export async function isPlanFile(file: string): Promise<boolean> {
  if (!file.endsWith('.json')) return false;
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    return typeof v === 'object' && v !== null && 'formatVersion' in v && 'changes' in v;
  } catch {
    return false;
  }
}

export async function loadPlan(file: string): Promise<Plan> {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new CaretakerError('ERR_PLAN_FILE', `cannot read plan file ${file}: ${(err as Error).message}`);
  }
  if (v.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new CaretakerError('ERR_PLAN_FILE', `plan file ${file} has formatVersion ${String(v.formatVersion)}; this caretaker reads ${PLAN_FORMAT_VERSION}`);
  }
  if (!Array.isArray(v.changes) || typeof v.stack !== 'string') {
    throw new CaretakerError('ERR_PLAN_FILE', `plan file ${file} is not a caretaker plan`);
  }
  return v as unknown as Plan;
}

/**
 * Refuses (PlanStaleError) unless the fresh plan, made now from the same manifests, has the same live
 * fingerprint and the same changes and operations (compared redacted) as the saved one.
 */
export function assertSamePlan(saved: Plan, fresh: Plan): void {
  if (saved.stack !== fresh.stack) throw new PlanStaleError(`plan is stale: it was made for stack ${saved.stack}, the manifests now name ${fresh.stack}`);
  if (saved.liveFingerprint !== fresh.liveFingerprint) {
    throw new PlanStaleError('plan is stale: the live state changed since the plan was made; run plan again');
  }
  const shape = (p: Plan) => JSON.stringify(redactDeep(p.changes.map((c) => ({ a: c.address, x: c.action, o: c.operations, d: c.dependsOn }))));
  if (shape(saved) !== shape(fresh)) {
    throw new PlanStaleError('plan is stale: the manifests changed since the plan was made; run plan again');
  }
}
