// The drift report for humans: which resources differ between the live state and the manifests,
// field by field (live value vs manifest value). Reads the same Plan that `plan` renders.
import type { Plan } from '../../engine/plan.js';
import { redactDeep } from '../../core/secret.js';
import { fieldRows, liveValue, manifestValue } from '../field-rows.js';
import { palette } from '../palette.js';
import { SYMBOL, actingChanges, driftCountLine, driftStatus, noDriftLine } from '../wording.js';

/** Renders the drift report; ends with a newline. Secrets print as `(sensitive)`. */
export function renderDriftText(plan: Plan, opts: { color: boolean }): string {
  const c = palette(opts.color);
  const safe = redactDeep(plan) as Plan;
  const drifted = actingChanges(safe);
  if (drifted.length === 0) return noDriftLine(safe.changes.length) + '\n';
  const lines = [c.bold(`Drift in stack ${safe.stack}: ${driftCountLine(drifted.length, safe.changes.length)}`)];
  for (const ch of drifted) {
    const paint = ch.action === 'create' ? c.green : ch.action === 'update' ? c.yellow : c.red;
    lines.push('', `${paint(SYMBOL[ch.action].padStart(3))} ${c.bold(ch.address)} ${driftStatus(ch, safe.stack)}`);
    if (ch.action === 'create' || ch.action === 'delete') continue;
    for (const r of fieldRows(ch.diff, ch.address)) {
      const forces = r.forcesReplace ? ' ' + c.red('# forces replacement') : '';
      lines.push(`      ${r.path}: live ${liveValue(r)}, manifest ${manifestValue(r)}${forces}`);
    }
  }
  return lines.join('\n') + '\n';
}
