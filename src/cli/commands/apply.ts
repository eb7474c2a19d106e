// `caretaker apply` and `caretaker destroy`: plan (or load a saved plan and check it is not stale),
// show it, ask for "yes" on a TTY unless --auto-approve, apply, and exit 1 if anything failed.
import { ExitError } from '../../core/errors.js';
import { hasChanges, type Plan } from '../../engine/plan.js';
import { assertSameManifests, assertSamePlan, isPlanFile, loadPlan, savedManifestPaths } from '../../engine/plan-file.js';
import { join } from 'node:path';
import { apply, checkGuards, checkSelection, openJournal, plan, precheck, sortResults, type PolicyRule } from '../../index.js';
import type { GlobalOptions } from '../context.js';
import { confirm } from '../confirm.js';
import { printPlanNotes } from '../notes.js';
import { manifestPaths, openSession, withRuntime, type Session } from '../session.js';
import { loadWithPolicies, readSelection, type SelectionFlags } from '../selection.js';
import { durationSetting } from '../durations.js';

export interface ApplyFlags extends SelectionFlags {
  autoApprove?: boolean;
  jsonInto?: string;
  policy?: string[];
  allowForeignOrigin?: boolean;
  parallelism?: string;
  allowReplace?: boolean;
  prune?: boolean;
  json?: boolean;
  maxDeletes?: string;
  wait?: boolean;
  actionTimeout?: string;
  requestTimeout?: string;
}

/** Exit code of a run stopped by SIGINT or SIGTERM (128 + SIGINT, as shells and Terraform report). */
export const INTERRUPTED_EXIT = 130;

/** The wait settings of one run: flags first, then CARETAKER_ACTION_TIMEOUT / CARETAKER_REQUEST_TIMEOUT. */
function waits(s: Session, flags: ApplyFlags): { actionTimeoutMs?: number; requestTimeoutMs?: number } {
  return {
    actionTimeoutMs: durationSetting(flags.actionTimeout, '--action-timeout', s.env, 'CARETAKER_ACTION_TIMEOUT'),
    requestTimeoutMs: durationSetting(flags.requestTimeout, '--request-timeout', s.env, 'CARETAKER_REQUEST_TIMEOUT'),
  };
}

export async function applyCommand(paths: string[], flags: ApplyFlags, global: GlobalOptions): Promise<number> {
  const s = openSession(global, flags.json ? 'json' : 'text', { jsonInto: flags.jsonInto });
  const planFiles: string[] = [];
  for (const p of paths) if (await isPlanFile(p)) planFiles.push(p);
  if (planFiles.length > 0) {
    if (paths.length > 1) throw new ExitError(1, `apply takes one saved plan file alone (${planFiles.join(', ')} is a plan); pass it without manifest paths`);
    return applySaved(s, paths[0]!, flags);
  }
  return planAndApply(s, paths, flags, 'plan');
}

export async function destroyCommand(paths: string[], flags: ApplyFlags, global: GlobalOptions): Promise<number> {
  const s = openSession(global, flags.json ? 'json' : 'text', { jsonInto: flags.jsonInto });
  return planAndApply(s, paths, flags, 'destroy');
}

async function planAndApply(s: Session, paths: string[], flags: ApplyFlags, mode: 'plan' | 'destroy'): Promise<number> {
  const parallelism = parseParallelism(flags.parallelism);
  const maxDeletes = parseMaxDeletes(flags.maxDeletes);
  const timeouts = waits(s, flags);
  const selection = await readSelection(flags, s.cwd);
  const { set, registry, rules } = await loadWithPolicies(s, paths, flags.policy);
  checkSelection(selection, set.resources.map((r) => r.address));
  return withRuntime(s, set, async (rt) => {
    // Pre-checked before it is shown, so that an operation ITCare says is unavailable shows its cause.
    const p = await precheck(await plan(set, registry, {
      providers: rt.providers, mode, prune: flags.prune ? true : undefined, parallelism, manifestPaths: manifestPaths(paths),
      ...selection, policies: rules, allowForeignOrigin: flags.allowForeignOrigin,
    }), rt.providers);
    showPlan(s, p);
    if (!hasChanges(p)) {
      s.views.json?.changeSummary(mode === 'destroy' ? 'destroy' : 'apply', p.summary);
      return 0;
    }
    checkGuards(p, { allowReplace: flags.allowReplace, maxDeletes });
    if (!flags.autoApprove) {
      const verb = mode === 'destroy' ? 'destroy these resources' : 'perform these actions';
      const ok = await confirm(`\nDo you want to ${verb}? caretaker will make the calls listed above.`, {
        input: process.stdin, output: s.format === 'json' ? s.terminal.err : s.terminal.out,
      });
      if (!ok) {
        s.views.message('Apply cancelled: nothing was changed.');
        return 1;
      }
    }
    return runApply(s, p, set, registry, rt.providers, flags, parallelism, rt.trackerMinIntervalMs);
  }, { maxInFlight: parallelism, requestTimeoutMs: timeouts.requestTimeoutMs });
}

/** The plan before the prompt: human output (text), then the stream's planned changes (--json, --json-into). */
function showPlan(s: Session, p: Plan): void {
  if (s.format === 'text') {
    s.views.plan.human(p);
    printPlanNotes(s, p);
  } else if (s.format === 'json') printPlanNotes(s, p);
  s.views.json?.plannedChanges(p);
}

async function applySaved(s: Session, file: string, flags: ApplyFlags): Promise<number> {
  for (const [set, flag] of [[flags.target?.length, '--target'], [flags.targetFile, '--target-file'], [flags.exclude?.length, '--exclude'], [flags.excludeFile, '--exclude-file']] as const) {
    if (set) throw new ExitError(1, `${flag} cannot be combined with a saved plan: ${file} applies exactly the selection it was made with`);
  }
  if (flags.allowForeignOrigin) {
    throw new ExitError(1, `--allow-foreign-origin cannot be combined with a saved plan: make the plan with \`plan --allow-foreign-origin -o ${file}\``);
  }
  if (flags.prune) throw new ExitError(1, `--prune cannot be combined with a saved plan: make the plan with \`plan --prune -o ${file}\``);
  const saved = await loadPlan(file);
  const paths = await savedManifestPaths(saved, file, s.cwd);
  const { set, registry, rules } = await loadWithPolicies(s, paths, flags.policy);
  await assertSameManifests(saved, file, s.cwd, set.files);
  const parallelism = parseParallelism(flags.parallelism);
  parseMaxDeletes(flags.maxDeletes);
  const timeouts = waits(s, flags);
  return withRuntime(s, set, async (rt) => {
    // The saved file holds no secrets: re-plan from the same manifests with the same mode, prune and
    // targets, then insist the result is the same plan (same live fingerprint, same operations)
    // before applying the fresh copy, secrets and all.
    // The saved overrides are honoured here, and only here (a fresh apply never takes one).
    const replanned = await plan(set, registry, {
      providers: rt.providers, mode: saved.mode ?? 'plan', parallelism, manifestPaths: paths,
      prune: saved.prune ?? saved.changes.some((c) => c.reason === 'prune'),
      targets: saved.targets, excludes: saved.excludes, refuseEmptyExclusion: false,
      policies: rules, overrides: saved.overrides, allowForeignOrigin: saved.allowForeignOrigin,
    });
    assertSamePlan(saved, replanned);
    const fresh = withSavedResults(replanned, saved, rules);
    if (s.format === 'text' || s.views.json) printPlanNotes(s, fresh);
    s.views.json?.plannedChanges(fresh);
    if (!hasChanges(fresh)) {
      s.views.message('No changes. The saved plan has nothing to apply.');
      s.views.json?.changeSummary(fresh.mode === 'destroy' ? 'destroy' : 'apply', fresh.summary);
      return 0;
    }
    return runApply(s, fresh, set, registry, rt.providers, flags, parallelism, rt.trackerMinIntervalMs);
  }, { maxInFlight: parallelism, requestTimeoutMs: timeouts.requestTimeoutMs });
}

/**
 * Applies `p` with the run journal, the concurrent-run guard and the Ctrl-C handling of `apply`
 * (also `drift --reconcile`); returns the exit code (0, 1, or 130 when interrupted).
 */
export async function runApply(
  s: Session, p: Plan, set: Parameters<typeof apply>[1], registry: Parameters<typeof apply>[2]['registry'], providers: Parameters<typeof apply>[2]['providers'],
  flags: ApplyFlags, parallelism: number | undefined, minIntervalMs: number | undefined,
): Promise<number> {
  s.views.json?.applying(p.mode === 'destroy' ? 'destroy' : 'apply', p.summary.noop);
  // The run journal lives in the working directory, like the simulator's state (.caretaker/).
  const journal = openJournal(join(s.cwd, '.caretaker', 'journal.json'), p.stack);
  if (journal.warning) s.views.error(`Warning: ${journal.warning}`);
  const { actionTimeoutMs } = waits(s, flags);
  const tracker = {
    ...(minIntervalMs !== undefined ? { minIntervalMs, maxIntervalMs: Math.max(minIntervalMs * 10, 1000) } : {}),
    ...(actionTimeoutMs !== undefined ? { timeoutMs: actionTimeoutMs } : {}),
  };
  // Ctrl-C (or SIGTERM) once: send nothing new, wait for what is in flight, then report. Twice: stop
  // waiting at once with the same report. Either way the exit code is 130.
  const stop = new AbortController();
  const abandon = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stop.signal.aborted) stop.abort(signal);
    else abandon.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result;
  try {
    result = await apply(p, set, {
      providers, registry, parallelism, allowReplace: flags.allowReplace, maxDeletes: parseMaxDeletes(flags.maxDeletes), sink: (e) => s.views.apply.event(e),
      tracker: Object.keys(tracker).length > 0 ? tracker : undefined,
      journal, wait: flags.wait === true,
      stop: stop.signal, abandon: abandon.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    journal.finish();
  }
  s.views.apply.close();
  if (result.interrupted?.abandoned) {
    // Requests and polls may still be pending; the report is written (stdout and stderr are
    // synchronous for files and pipes), so end now rather than wait for them.
    process.exit(INTERRUPTED_EXIT);
  }
  if (result.interrupted) return INTERRUPTED_EXIT;
  return result.failed.length > 0 || result.skipped.length > 0 ? 1 : 0;
}

function parseParallelism(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new ExitError(1, `--parallelism must be an integer between 1 and 100 (got ${v})`);
  return n;
}

function parseMaxDeletes(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ExitError(1, `--max-deletes must be a non-negative integer (got ${v})`);
  return n;
}

/**
 * The fresh plan's policy results plus the saved plan's denials that the rules of this run did not
 * find again (the policy files of the plan job may be absent here): a deny recorded at plan time still
 * refuses, unless the saved plan's overrides let it through.
 */
function withSavedResults(fresh: Plan, saved: Plan, rules: readonly PolicyRule[]): Plan {
  const have = new Set((fresh.policyResults ?? []).map((r) => `${r.rule} ${r.address ?? ''}`));
  const known = new Set(rules.map((r) => r.name));
  const carried = (saved.policyResults ?? []).filter((r) => r.effect === 'deny' && !known.has(r.rule) && !have.has(`${r.rule} ${r.address ?? ''}`));
  if (carried.length === 0) return fresh;
  const overridden = new Set((saved.overrides ?? []).map((o) => o.rule));
  const added = carried.map((r) => ({ ...r, ...(overridden.has(r.rule) ? { overridden: true } : {}) }));
  return { ...fresh, policyResults: sortResults([...(fresh.policyResults ?? []), ...added]) };
}
