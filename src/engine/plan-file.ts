// Saved plans: written redacted (secrets never reach the file), recognised by content whatever their
// name, read back with a version check, and compared with a fresh plan so that `apply FILE` applies
// exactly what was reviewed or nothing. Manifest paths are stored relative to the plan file, with a
// digest of every manifest file, so a plan applies from any directory and an edited manifest is stale.
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { dict, own, type Dict } from '../core/dict.js';
import { CaretakerError, PlanStaleError } from '../core/errors.js';
import { redactDeep, scrubText } from '../core/secret.js';
import { PLAN_FORMAT_VERSION, type Plan } from './plan.js';

/** The plan as documented JSON (formatVersion 1), secrets redacted. */
export function planToJson(plan: Plan): string {
  // Secrets are redacted by type, then every registered secret string is scrubbed from the text.
  return scrubText(JSON.stringify(redactDeep(plan), null, 2) + '\n');
}

export interface SaveContext {
  /** Directory the plan's manifest paths and `files` are relative to. */
  cwd: string;
  /** Every manifest file read (relative to cwd or absolute), digested into the plan. */
  files: readonly string[];
}

const toPosix = (p: string) => p.split(sep).join('/');

/** sha256 of each file, keyed by its path relative to `baseDir`. */
async function digests(files: readonly string[], cwd: string, baseDir: string): Promise<Dict<string>> {
  const out = dict<string>();
  for (const f of [...files].sort()) {
    const abs = resolve(cwd, f);
    out[toPosix(relative(baseDir, abs)) || '.'] = createHash('sha256').update(await readFile(abs)).digest('hex');
  }
  return out;
}

/** The plan as it is stored in `file`: manifest paths relative to the file's directory, plus digests. */
export async function planForFile(plan: Plan, file: string, ctx: SaveContext): Promise<Plan> {
  const dir = dirname(resolve(ctx.cwd, file));
  return {
    ...plan,
    manifests: (plan.manifests ?? ['.']).map((m) => toPosix(relative(dir, resolve(ctx.cwd, m))) || '.'),
    manifestDigests: await digests(ctx.files, ctx.cwd, dir),
  };
}

/** Writes the plan; refuses (nothing written) when the target directory does not exist. */
export async function savePlan(plan: Plan, file: string, ctx: SaveContext = { cwd: process.cwd(), files: [] }): Promise<void> {
  await checkPlanDestination(file, ctx.cwd);
  const abs = resolve(ctx.cwd, file);
  await writeFile(abs, planToJson(await planForFile(plan, file, ctx)), { mode: 0o600 });
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** True when the file is a saved plan (a JSON object with `formatVersion`), whatever its name. */
export async function isPlanFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile() || info.size > 64 * 1024 * 1024) return false;
  const text = await readFile(file, 'utf8').catch(() => '');
  if (!/^\s*\{/.test(text)) return false;
  const v = parseJsonObject(text);
  return v !== undefined && 'formatVersion' in v;
}

/** Reads a saved plan, refusing a newer format version and a file that is not a caretaker plan. */
export async function loadPlan(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CaretakerError('ERR_PLAN_FILE', `cannot read plan file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const v = parseJsonObject(text);
  if (!v || !('formatVersion' in v)) throw new CaretakerError('ERR_PLAN_FILE', `${file} is not a caretaker plan (no formatVersion)`);
  if (typeof v.formatVersion !== 'number' || !Number.isInteger(v.formatVersion) || v.formatVersion < 1) {
    throw new CaretakerError('ERR_PLAN_FILE', `plan file ${file} has an invalid formatVersion ${JSON.stringify(v.formatVersion)}`);
  }
  if (v.formatVersion > PLAN_FORMAT_VERSION) {
    throw new CaretakerError(
      'ERR_PLAN_FILE',
      `plan file ${file} has formatVersion ${v.formatVersion}, newer than formatVersion ${PLAN_FORMAT_VERSION} that this caretaker reads; upgrade caretaker or plan again`,
    );
  }
  if (v.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new CaretakerError('ERR_PLAN_FILE', `plan file ${file} has formatVersion ${v.formatVersion}; this caretaker reads ${PLAN_FORMAT_VERSION}; plan again`);
  }
  if (!Array.isArray(v.changes) || typeof v.stack !== 'string' || typeof v.liveFingerprint !== 'string') {
    throw new CaretakerError('ERR_PLAN_FILE', `plan file ${file} is not a caretaker plan (changes, stack or liveFingerprint missing)`);
  }
  return v as unknown as Plan;
}

/**
 * The manifest paths of a saved plan, resolved against the plan file's directory. Refuses (nothing
 * applied) when one of them no longer exists.
 */
export async function savedManifestPaths(saved: Plan, file: string, cwd: string): Promise<string[]> {
  const dir = await manifestBase(saved, file, cwd);
  return (saved.manifests ?? ['.']).map((m) => (isAbsolute(m) ? m : resolve(dir, m)));
}

/**
 * The directory the plan's relative manifest paths are read from: the plan file's own directory, or,
 * when the plan was moved away from its manifests (a CI job that downloads the saved plan into another
 * folder), the working directory if every manifest is found there. Either way the manifest digests are
 * compared afterwards, so a moved plan never applies to manifests other than the ones it was made from.
 */
async function manifestBase(saved: Plan, file: string, cwd: string): Promise<string> {
  const planDir = dirname(resolve(cwd, file));
  const manifests = saved.manifests ?? ['.'];
  const missing = async (base: string): Promise<string[]> => {
    const gone: string[] = [];
    for (const m of manifests) {
      const p = isAbsolute(m) ? m : resolve(base, m);
      if (!(await stat(p).catch(() => undefined))) gone.push(p);
    }
    return gone;
  };
  // A base fits when the manifests exist there and so does every file the plan read (its digests'
  // keys): a moved plan's own directory may exist without holding the manifests.
  const fits = async (base: string): Promise<boolean> => {
    if ((await missing(base)).length > 0) return false;
    for (const f of Object.keys(saved.manifestDigests ?? {})) {
      if (!(await stat(resolve(base, f)).catch(() => undefined))) return false;
    }
    return true;
  };
  const gone = await missing(planDir);
  if (await fits(planDir)) return planDir;
  if (planDir !== resolve(cwd) && (await fits(cwd))) return resolve(cwd);
  if (gone.length === 0) return planDir; // the manifests are there but files changed: the digest check says which
  throw new CaretakerError('ERR_PLAN_FILE', `the manifests of plan ${file} are gone: ${gone.map((g) => relative(cwd, g) || '.').join(', ')}; plan again`);
}

/** Refuses (PlanStaleError) when a manifest file was edited, added or removed since the plan was saved. */
export async function assertSameManifests(saved: Plan, file: string, cwd: string, files: readonly string[]): Promise<void> {
  if (!saved.manifestDigests) return;
  const dir = await manifestBase(saved, file, cwd);
  const now = await digests(files, cwd, dir);
  const names = [...new Set([...Object.keys(saved.manifestDigests), ...Object.keys(now)])].sort();
  const changed = names.filter((n) => own(saved.manifestDigests, n) !== now[n]);
  if (changed.length > 0) {
    const shown = changed.map((n) => toPosix(relative(cwd, resolve(dir, n))) || '.');
    throw new PlanStaleError(`plan is stale: the manifests changed since the plan was made (${shown.join(', ')}); run plan again`);
  }
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

/** Refuses before any network call when `file` cannot be written: its directory must already exist. */
export async function checkPlanDestination(file: string, cwd: string): Promise<void> {
  const abs = resolve(cwd, file);
  const dir = await stat(dirname(abs)).catch(() => undefined);
  if (!dir?.isDirectory()) {
    throw new CaretakerError('ERR_PLAN_FILE', `cannot save the plan to ${file}: directory ${dirname(file)} does not exist (create it first)`);
  }
  if ((await stat(abs).catch(() => undefined))?.isDirectory()) {
    throw new CaretakerError('ERR_PLAN_FILE', `cannot save the plan to ${file}: it is a directory`);
  }
}
