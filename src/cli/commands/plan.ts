// `caretaker plan`: refresh, diff and show the exact calls apply would make; optionally save the plan.
// `--prune` and `--destroy` preview (and save) exactly what `apply --prune` and `destroy` would do.
// Policies are evaluated on the plan: a deny no `--override` lets through exits 1 after the plan is shown.
import { resolve } from 'node:path';
import { ExitError, PolicyDeniedError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/files.js';
import type { ManifestSet } from '../../manifest/types.js';
import { hasChanges, type Plan } from '../../engine/plan.js';
import { checkPlanDestination, savePlan } from '../../engine/plan-file.js';
import { actorOf, checkDeleteBudget, checkSelection, denialText, makeOverrides, plan } from '../../index.js';
import { renderGitlabReport } from '../../views/json/gitlab.js';
import type { ViewFormat } from '../../views/view.js';
import type { GlobalOptions } from '../context.js';
import { connectionFlags, printPlanNotes, refuseUnsetSecrets, shellQuote } from '../notes.js';
import { checkPlan, validationProblems } from '../../engine/checks.js';
import { loadWithPolicies, readSelection, type SelectionFlags } from '../selection.js';
import { manifestPaths, openSession, withRuntime, type Session } from '../session.js';

export interface PlanFlags extends SelectionFlags {
  out?: string;
  json?: boolean;
  jsonInto?: string;
  markdown?: boolean;
  detailedExitcode?: boolean;
  prune?: boolean;
  destroy?: boolean;
  validate?: boolean;
  dryRunHonoured?: string[];
  policy?: string[];
  override?: string[];
  reason?: string;
  allowForeignOrigin?: boolean;
  gitlabReport?: string;
}

export async function planCommand(paths: string[], flags: PlanFlags, global: GlobalOptions): Promise<number> {
  const format: ViewFormat = flags.json ? 'json' : flags.markdown ? 'markdown' : 'text';
  const s = openSession(global, format, { jsonInto: flags.jsonInto });
  if (flags.prune && flags.destroy) throw new ExitError(1, '--prune and --destroy cannot be combined (destroy already deletes every owned resource)');
  if (flags.dryRunHonoured?.length && !flags.validate) throw new ExitError(1, '--dry-run-honoured only makes sense with --validate');
  if (flags.out) await checkPlanDestination(flags.out, s.cwd);
  if (flags.gitlabReport) await checkPlanDestination(flags.gitlabReport, s.cwd);
  const selection = await readSelection(flags, s.cwd);
  const { set, registry, rules } = await loadWithPolicies(s, paths, flags.policy);
  checkSelection(selection, set.resources.map((r) => r.address));
  const now = new Date();
  const overrides = makeOverrides(flags.override ?? [], flags.reason, rules, actorOf(s.env), now.toISOString());
  const p = await withRuntime(s, set, async (rt) => {
    const made = await plan(set, registry, {
      providers: rt.providers, ...selection, manifestPaths: manifestPaths(paths),
      mode: flags.destroy ? 'destroy' : 'plan', prune: flags.prune ? true : undefined,
      policies: rules, overrides, allowForeignOrigin: flags.allowForeignOrigin, now: () => now,
    });
    refuseUnsetSecrets(s, made);
    return flags.validate ? checkPlan(made, { providers: rt.providers, dryRun: true }) : made;
  }, { dryRunHonoured: flags.dryRunHonoured });
  if (flags.out) await savePlan(p, flags.out, { cwd: s.cwd, files: set.files });
  if (flags.gitlabReport) writeFileAtomic(resolve(s.cwd, flags.gitlabReport), renderGitlabReport(p), { cwd: s.cwd });
  render(s, p, set, flags, global);
  if (flags.validate) {
    const problems = validationProblems(p);
    if (problems.length > 0) throw new ExitError(1, `ITCare would not accept this plan as it stands:\n${problems.join('\n')}`);
  }
  const denied = denialText(p);
  if (denied) throw new PolicyDeniedError(`the policies deny this plan (apply will refuse it; a reviewer may let it through with plan --override RULE --reason TEXT -o FILE):\n${denied}`);
  return flags.detailedExitcode && hasChanges(p) ? 2 : 0;
}

/**
 * The plan, then its notes (JSON runs: the notes first, so the stream ends with the summary). With
 * `--json-into`, the file gets the stream in the same order as a `--json` run.
 */
function render(s: Session, p: Plan, set: ManifestSet, flags: PlanFlags, global: GlobalOptions): void {
  if (s.format === 'json') {
    notes();
    s.views.plan.plan(p);
    return;
  }
  s.views.plan.human(p);
  notes();
  if (s.views.json) {
    s.views.json.plannedChanges(p);
    s.views.json.changeSummary(p.mode === 'destroy' ? 'destroy' : 'plan', p.summary);
  }
  function notes(): void {
    printPlanNotes(s, p, set);
    const budget = checkDeleteBudget(p);
    if (budget.refusal) s.views.message(`Warning: apply will refuse this plan unless --max-deletes allows it: ${budget.refusal}`);
    if (flags.out) {
      const verb = p.mode === 'destroy' ? 'destroy' : 'apply';
      s.views.message(`Saved the plan to ${flags.out}. To ${verb} exactly this plan: caretaker apply ${shellQuote(flags.out)}${connectionFlags(global)}`);
    }
  }
}
