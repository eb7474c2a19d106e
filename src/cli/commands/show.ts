// `caretaker show PLAN [--json|--markdown]`: renders a saved plan without calling the API (what a
// reviewer or an apply job prints before applying).
import { loadPlan } from '../../engine/plan-file.js';
import type { ViewFormat } from '../../views/view.js';
import type { GlobalOptions } from '../context.js';
import { printPlanNotes } from '../notes.js';
import { openSession } from '../session.js';

export async function showCommand(file: string, flags: { json?: boolean; markdown?: boolean }, global: GlobalOptions): Promise<number> {
  const format: ViewFormat = flags.json ? 'json' : flags.markdown ? 'markdown' : 'text';
  const s = openSession(global, format);
  const p = await loadPlan(file);
  if (s.views.json) printPlanNotes(s, p);
  s.views.plan.plan(p);
  if (!s.views.json) printPlanNotes(s, p);
  return 0;
}
