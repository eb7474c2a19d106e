// `caretaker plan`: refresh, diff and show the exact calls apply would make; optionally save the plan.
import { hasChanges } from '../../engine/plan.js';
import { savePlan } from '../../engine/plan-file.js';
import { checkDeleteBudget, plan } from '../../index.js';
import type { ViewFormat } from '../../views/view.js';
import type { GlobalOptions } from '../context.js';
import { loadOrExit, manifestPaths, openSession, withRuntime } from '../session.js';

export interface PlanFlags {
  out?: string;
  json?: boolean;
  markdown?: boolean;
  detailedExitcode?: boolean;
  target?: string[];
}

export async function planCommand(paths: string[], flags: PlanFlags, global: GlobalOptions): Promise<number> {
  const format: ViewFormat = flags.json ? 'json' : flags.markdown ? 'markdown' : 'text';
  const s = openSession(global, format);
  const { set, registry } = await loadOrExit(s, paths);
  const p = await withRuntime(s, set, (rt) =>
    plan(set, registry, { providers: rt.providers, targets: flags.target, manifestPaths: manifestPaths(paths) }),
  );
  if (flags.out) await savePlan(p, flags.out);
  s.views.plan.plan(p);
  const budget = checkDeleteBudget(p);
  if (budget.refusal) s.views.message(`Warning: apply will refuse this plan unless --max-deletes allows it: ${budget.refusal}`);
  if (flags.out && format === 'text') s.views.message(`Saved the plan to ${flags.out}. To apply exactly this plan: caretaker apply ${flags.out}`);
  return flags.detailedExitcode && hasChanges(p) ? 2 : 0;
}
