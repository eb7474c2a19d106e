// `caretaker show PLAN [--json|--markdown]`: renders a saved plan without calling the API (what a
// reviewer or an apply job prints before applying).
import { loadPlan } from '../../engine/plan-file.js';
import type { ViewFormat } from '../../views/view.js';
import type { GlobalOptions } from '../context.js';
import { printPlanNotes } from '../notes.js';
import { openSession } from '../session.js';

export async function showCommand(file: string, flags: { json?: boolean; jsonInto?: string; markdown?: boolean }, global: GlobalOptions): Promise<number> {
  const format: ViewFormat = flags.json ? 'json' : flags.markdown ? 'markdown' : 'text';
  const s = openSession(global, format, { jsonInto: flags.jsonInto });
  const p = await loadPlan(file);
  if (s.format === 'json') {
    printPlanNotes(s, p);
    s.views.plan.plan(p);
    return 0;
  }
  s.views.plan.human(p);
  printPlanNotes(s, p);
  if (s.views.json) {
    s.views.json.plannedChanges(p);
    s.views.json.changeSummary(p.mode === 'destroy' ? 'destroy' : 'plan', p.summary);
  }
  return 0;
}
