// `caretaker plan`: refresh, diff and show the exact calls apply would make; optionally save the plan.
// `--prune` and `--destroy` preview (and save) exactly what `apply --prune` and `destroy` would do.
import { ExitError } from '../../core/errors.js';
import { hasChanges } from '../../engine/plan.js';
import { checkPlanDestination, savePlan } from '../../engine/plan-file.js';
import { checkDeleteBudget, plan } from '../../index.js';
import type { ViewFormat } from '../../views/view.js';
import type { GlobalOptions } from '../context.js';
import { connectionFlags, printPlanNotes, refuseUnsetSecrets, shellQuote } from '../notes.js';
import { checkTargets } from '../../engine/targets.js';
import { checkPlan, validationProblems } from '../../engine/checks.js';
import { loadOrExit, manifestPaths, openSession, withRuntime } from '../session.js';

export interface PlanFlags {
  out?: string;
  json?: boolean;
  markdown?: boolean;
  detailedExitcode?: boolean;
  target?: string[];
  prune?: boolean;
  destroy?: boolean;
  validate?: boolean;
  dryRunHonoured?: string[];
}

export async function planCommand(paths: string[], flags: PlanFlags, global: GlobalOptions): Promise<number> {
  const format: ViewFormat = flags.json ? 'json' : flags.markdown ? 'markdown' : 'text';
  const s = openSession(global, format);
  if (flags.prune && flags.destroy) throw new ExitError(1, '--prune and --destroy cannot be combined (destroy already deletes every owned resource)');
  if (flags.dryRunHonoured?.length && !flags.validate) throw new ExitError(1, '--dry-run-honoured only makes sense with --validate');
  if (flags.out) await checkPlanDestination(flags.out, s.cwd);
  const { set, registry } = await loadOrExit(s, paths);
  if (flags.target?.length) checkTargets(flags.target, set.resources.map((r) => r.address));
  const p = await withRuntime(s, set, async (rt) => {
    const made = await plan(set, registry, {
      providers: rt.providers, targets: flags.target, manifestPaths: manifestPaths(paths),
      mode: flags.destroy ? 'destroy' : 'plan', prune: flags.prune ? true : undefined,
    });
    refuseUnsetSecrets(s, made);
    return flags.validate ? checkPlan(made, { providers: rt.providers, dryRun: true }) : made;
  }, { dryRunHonoured: flags.dryRunHonoured });
  if (flags.out) await savePlan(p, flags.out, { cwd: s.cwd, files: set.files });
  // JSON runs end with the plan's change_summary, so the notes come first there.
  if (s.views.json) notes();
  s.views.plan.plan(p);
  if (!s.views.json) notes();
  function notes(): void {
    printPlanNotes(s, p, set);
    const budget = checkDeleteBudget(p);
    if (budget.refusal) s.views.message(`Warning: apply will refuse this plan unless --max-deletes allows it: ${budget.refusal}`);
    if (flags.out) {
      const verb = p.mode === 'destroy' ? 'destroy' : 'apply';
      s.views.message(`Saved the plan to ${flags.out}. To ${verb} exactly this plan: caretaker apply ${shellQuote(flags.out)}${connectionFlags(global)}`);
    }
  }
  if (flags.validate) {
    const problems = validationProblems(p);
    if (problems.length > 0) throw new ExitError(1, `ITCare would not accept this plan as it stands:\n${problems.join('\n')}`);
  }
  return flags.detailedExitcode && hasChanges(p) ? 2 : 0;
}
