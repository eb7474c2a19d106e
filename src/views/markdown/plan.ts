// The plan as a pull-request comment: a summary line, an irreversible-operations warning, then one
// collapsible <details> section per change with its field table and its exact operations.
import type { Change, Plan } from '../../engine/plan.js';
import { redactDeep } from '../../core/secret.js';
import { fieldRows } from '../field-rows.js';
import { formatRefPath } from '../values.js';
import {
  PHRASE, SYMBOL, actingChanges, irreversibleCount, irreversibleWarning, checkText, pendingText, plural, reasonText, summaryLine,
} from '../wording.js';
import { code, html, text } from './escape.js';

function fieldTable(ch: Change): string[] {
  const rows = fieldRows(ch.diff, ch.address);
  if (rows.length === 0) return [];
  const out = ['| | field | live | manifest |', '| --- | --- | --- | --- |'];
  for (const r of rows) {
    const field = code(r.path) + (r.forcesReplace ? ' **forces replacement**' : '');
    out.push(`| ${code(r.sign)} | ${field} | ${r.before === undefined ? '' : code(r.before)} | ${r.after === undefined ? '' : code(r.after)} |`);
  }
  return [...out, ''];
}

function operationList(ch: Change): string[] {
  if (ch.operations.length === 0) return [];
  const out = ['**Operations**', ''];
  ch.operations.forEach((op, i) => {
    const marks = [op.async ? 'async' : '', op.irreversible ? '**irreversible**' : ''].filter((m) => m !== '');
    const tail = marks.length > 0 ? ` · ${marks.join(' · ')}` : '';
    const checks = checkText(ch, i + 1).map((t) => ` — _${text(t)}_`).join('');
    out.push(`${i + 1}. ${code(`${op.method} ${formatRefPath(op.path, ch.address)}`)} ${text(op.summary)}${tail}${checks}`);
  });
  return [...out, ''];
}

function changeSection(ch: Change & { action: keyof typeof SYMBOL }, stack: string): string[] {
  const out = ['<details>', `<summary><code>${html(`${SYMBOL[ch.action]} ${ch.address}`)}</code> ${PHRASE[ch.action]}</summary>`, ''];
  const notes = [reasonText(ch, stack), pendingText(ch), ...(ch.notes ?? []).map((n) => `Warning: ${n}`)].filter((n): n is string => n !== undefined);
  for (const n of notes) out.push(`_${text(n)}_`, '');
  if (ch.dependsOn.length > 0) out.push(`After: ${[...ch.dependsOn].sort().map(code).join(', ')}`, '');
  out.push(...fieldTable(ch), ...operationList(ch), '</details>');
  return out;
}

/** Renders a plan as GitHub-flavoured Markdown; ends with a newline. Secrets print as `(sensitive)`. */
export function renderPlanMarkdown(plan: Plan): string {
  const safe = redactDeep(plan) as Plan;
  const title = `### caretaker ${safe.mode === 'destroy' ? 'destroy plan' : 'plan'} for ${code(safe.stack)}`;
  const changes = actingChanges(safe);
  if (changes.length === 0) {
    const n = plural(safe.changes.length, 'resource');
    const none = safe.mode === 'destroy' ? `Stack ${code(safe.stack)} owns no live resources.` : `The live state matches the manifests (${n}).`;
    return `${title}\n\nNo changes. ${none}\n`;
  }
  const lines = [title, '', `**${summaryLine(safe.summary)}**`, ''];
  const irreversible = irreversibleCount(safe);
  if (irreversible > 0) lines.push('> [!WARNING]', `> ${irreversibleWarning(irreversible)} (marked **irreversible** below).`, '');
  for (const ch of changes) lines.push(...changeSection(ch, safe.stack), '');
  return lines.join('\n');
}
