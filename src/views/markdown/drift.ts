// The drift report as Markdown (for an issue or a scheduled job's summary): one table of
// live vs manifest values per drifted resource.
import type { Plan } from '../../engine/plan.js';
import { redactDeep } from '../../core/secret.js';
import { fieldRows, liveValue, manifestValue } from '../field-rows.js';
import { SYMBOL, actingChanges, driftCountLine, driftStatus, noDriftLine } from '../wording.js';
import { code, text } from './escape.js';

/** Renders the drift report as GitHub-flavoured Markdown; ends with a newline. */
export function renderDriftMarkdown(plan: Plan): string {
  const safe = redactDeep(plan) as Plan;
  const title = `### caretaker drift for ${code(safe.stack)}`;
  const drifted = actingChanges(safe);
  if (drifted.length === 0) return `${title}\n\n${noDriftLine(safe.changes.length)}\n`;
  const lines = [title, '', `**${driftCountLine(drifted.length, safe.changes.length)}**`];
  for (const ch of drifted) {
    lines.push('', `#### ${code(`${SYMBOL[ch.action]} ${ch.address}`)} ${text(driftStatus(ch, safe.stack))}`);
    if (ch.action === 'create' || ch.action === 'delete') continue;
    const rows = fieldRows(ch.diff, ch.address);
    if (rows.length === 0) continue;
    lines.push('', '| field | live | manifest |', '| --- | --- | --- |');
    for (const r of rows) {
      const field = code(r.path) + (r.forcesReplace ? ' **forces replacement**' : '');
      lines.push(`| ${field} | ${code(liveValue(r))} | ${code(manifestValue(r))} |`);
    }
  }
  return lines.join('\n') + '\n';
}
