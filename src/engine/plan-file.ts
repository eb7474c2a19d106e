// Saved plans: written redacted (secrets never reach the file), recognised by content whatever their
// name, read back with a version check, and compared with a fresh plan so that `apply FILE` applies
// exactly what was reviewed or nothing. Manifest paths are stored relative to the plan file, with a
// digest of every manifest file, so a plan applies from any directory and an edited manifest is stale.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { dict, own, type Dict } from '../core/dict.js';
import { CaretakerError, PlanStaleError } from '../core/errors.js';
import { writeFileAtomic } from '../core/files.js';
import { redactDeep, scrubText } from '../core/secret.js';
import { PLAN_FORMAT_VERSION, type Change, type Plan } from './plan.js';

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

/**
 * Writes the plan atomically (a temporary file, flushed, then renamed: a full disk never leaves a
 * truncated plan); refuses (nothing written) when the target directory does not exist. A failed
 * write is a FileWriteError naming the path and the cause.
 */
export async function savePlan(plan: Plan, file: string, ctx: SaveContext = { cwd: process.cwd(), files: [] }): Promise<void> {
  await checkPlanDestination(file, ctx.cwd);
  const abs = resolve(ctx.cwd, file);
  writeFileAtomic(abs, planToJson(await planForFile(plan, file, ctx)), { mode: 0o600, cwd: ctx.cwd });
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
  throw new CaretakerError('ERR_PLAN_FILE', goneMessage(file, manifests, planDir, cwd, gone));
}

/**
 * Why a plan's manifests were not found, and where they were looked for: a saved plan names them
 * relative to its own folder, then the working directory is tried (a plan moved away from them).
 */
function goneMessage(file: string, manifests: readonly string[], planDir: string, cwd: string, gone: readonly string[]): string {
  const show = (p: string) => (relative(cwd, p) || '.');
  const inCwd = manifests.filter((m) => !isAbsolute(m)).map((m) => show(resolve(cwd, m)));
  const tried = planDir === resolve(cwd) || inCwd.length === 0 ? '' : `, then in the working directory: ${inCwd.join(', ')}`;
  return `the manifests of plan ${file} are gone: ${gone.map(show).join(', ')}. A saved plan names its manifests relative to its own folder ` +
    `(${show(planDir)}: ${manifests.join(', ')}), so caretaker looked for ${gone.map(show).join(', ')}${tried}; ` +
    'apply the plan where it was saved (or from the folder that holds its manifests), or plan again';
}

/** Refuses (PlanStaleError) when a manifest file was edited, added or removed since the plan was saved. */
export async function assertSameManifests(saved: Plan, file: string, cwd: string, files: readonly string[]): Promise<void> {
  if (!saved.manifestDigests) return;
  const dir = await manifestBase(saved, file, cwd);
  const now = await digests(files, cwd, dir);
  const names = [...new Set([...Object.keys(saved.manifestDigests), ...Object.keys(now)])].sort();
  const changed = names.filter((n) => own(saved.manifestDigests, n) !== own(now, n));
  if (changed.length > 0) {
    const how = (n: string) => (own(saved.manifestDigests, n) === undefined ? 'added' : own(now, n) === undefined ? 'removed' : 'edited');
    const shown = changed.map((n) => `${toPosix(relative(cwd, resolve(dir, n))) || '.'} (${how(n)})`);
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
    const which = liveChanges(saved, fresh);
    const what = which.length > 0 ? `the live state of ${listed(which)} changed` : 'the live state changed';
    throw new PlanStaleError(`plan is stale: ${what} since the plan was made; run plan again`);
  }
  const shape = (c: Change) => JSON.stringify(redactDeep({ x: c.action, o: c.operations, d: c.dependsOn }));
  const before = new Map(saved.changes.map((c) => [c.address, shape(c)]));
  const after = new Map(fresh.changes.map((c) => [c.address, shape(c)]));
  const differ = [...new Set([...before.keys(), ...after.keys()])].sort().filter((a) => before.get(a) !== after.get(a));
  if (differ.length > 0) {
    // Same files, same live state, other calls: what the plan reads besides them changed (a variable, caretaker itself).
    throw new PlanStaleError(`plan is stale: the calls planned now for ${listed(differ)} differ from the saved plan's, ` +
      'though its manifest files and the live state are the same (an environment variable, or another caretaker version?); run plan again');
  }
}

/** `a, b and c` (the first ten, then how many more). */
function listed(items: readonly string[]): string {
  const shown = items.slice(0, 10);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)!}`;
}

/**
 * The resources whose live state differs between the saved plan and the fresh one, from the per-address
 * digests (none in plans saved before them), each with what is known: fields whose live value the
 * two diffs show differently, or that it appeared or disappeared.
 */
function liveChanges(saved: Plan, fresh: Plan): string[] {
  if (!saved.liveDigests || !fresh.liveDigests) return [];
  const keys = [...new Set([...Object.keys(saved.liveDigests), ...Object.keys(fresh.liveDigests)])].sort();
  const changed = keys.filter((k) => own(saved.liveDigests, k) !== own(fresh.liveDigests, k));
  const byAddress = (p: Plan) => new Map(p.changes.map((c) => [c.address, c]));
  const was = byAddress(saved);
  const now = byAddress(fresh);
  return changed.map((key) => {
    if (key.startsWith('owned:')) {
      const address = key.slice('owned:'.length);
      return `${address} (${own(fresh.liveDigests, key) === undefined ? 'no longer listed as owned' : own(saved.liveDigests, key) === undefined ? 'now owned by this stack' : 'owned, changed'})`;
    }
    const detail = changeDetail(was.get(key), now.get(key));
    return detail ? `${key} (${detail})` : key;
  });
}

/** What differs in one resource's live state, as far as the two changes tell. */
function changeDetail(before: Change | undefined, after: Change | undefined): string | undefined {
  if (!before || !after) return undefined;
  if (before.action !== 'create' && after.action === 'create') return 'no longer found live';
  if (before.action === 'create' && after.action !== 'create') return 'now exists live';
  if (before.id !== undefined && after.id !== undefined && String(before.id) !== String(after.id)) return `id ${String(before.id)} is now ${String(after.id)}`;
  const live = (c: Change) => new Map(c.diff.map((d) => [d.path, JSON.stringify(redactDeep(d.op === 'add' ? null : d.from))]));
  const a = live(before);
  const b = live(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort()
    .map((p) => p.slice(1).split('/').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~')).join('.'));
  return fields.length > 0 ? fields.join(', ') : undefined;
}

/** Refuses before any network call when `file` cannot be written: its directory must already exist. */
export async function checkPlanDestination(file: string, cwd: string): Promise<void> {
  const abs = resolve(cwd, file);
  const dir = await stat(dirname(abs)).catch(() => undefined);
  if (dir && !dir.isDirectory()) {
    throw new CaretakerError('ERR_PLAN_FILE', `cannot save the plan to ${file}: ${dirname(file)} is a file, not a folder`);
  }
  if (!dir) {
    throw new CaretakerError('ERR_PLAN_FILE', `cannot save the plan to ${file}: directory ${dirname(file)} does not exist (create it first)`);
  }
  if ((await stat(abs).catch(() => undefined))?.isDirectory()) {
    throw new CaretakerError('ERR_PLAN_FILE', `cannot save the plan to ${file}: it is a directory`);
  }
}
