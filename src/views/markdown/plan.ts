// The plan as a pull-request comment: a summary line, an irreversible-operations warning, then one
// collapsible <details> section per change with its field table and its exact operations.
import type { Change, Plan, PolicyResult } from '../../engine/plan.js';
import { redactDeep } from '../../core/secret.js';
import { fieldRows } from '../field-rows.js';
import { formatRefPath } from '../values.js';
import {
  PHRASE, SYMBOL, actingChanges, irreversibleCount, irreversibleWarning, checkText, excludedNote, foreignOriginText, pendingText, plural,
  policyGroups, reasonText, summaryLine,
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

function changeSection(ch: Change & { action: keyof typeof SYMBOL }, plan: Plan): string[] {
  const out = ['<details>', `<summary><code>${html(`${SYMBOL[ch.action]} ${ch.address}`)}</code> ${PHRASE[ch.action]}</summary>`, ''];
  const notes = [reasonText(ch, plan.stack), foreignOriginText(ch, plan), pendingText(ch), ...(ch.notes ?? []).map((n) => `Warning: ${n}`)]
    .filter((n): n is string => n !== undefined);
  for (const n of notes) out.push(`_${text(n)}_`, '');
  if (ch.dependsOn.length > 0) out.push(`After: ${[...ch.dependsOn].sort().map(code).join(', ')}`, '');
  out.push(...fieldTable(ch), ...operationList(ch), '</details>');
  return out;
}

/** GitHub's limit on the body of a pull-request or issue comment (characters). */
export const COMMENT_LIMIT = 65_536;

function summaryTable(safe: Plan): string[] {
  const s = safe.summary;
  // A release column only when the plan releases something: plans without one render as they always did.
  if (s.release) {
    return [
      '| create | update | replace | destroy | release | unchanged |', '| ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${s.create} | ${s.update} | ${s.replace} | ${s.delete} | ${s.release} | ${s.noop} |`, '',
    ];
  }
  return [
    '| create | update | replace | destroy | unchanged |', '| ---: | ---: | ---: | ---: | ---: |',
    `| ${s.create} | ${s.update} | ${s.replace} | ${s.delete} | ${s.noop} |`, '',
  ];
}

/** One Markdown line of a policy result: `` `rule` (policy, file:line): `Address`: message ``. */
function resultItem(r: PolicyResult): string {
  return `> - ${code(r.rule)} (${text(r.policy)}, ${code(r.source)})${r.address ? `: ${code(r.address)}` : ''}: ${text(r.message)}`;
}

/**
 * What the policies said, before the changes (DESIGN §3): the overrides first (who let what through,
 * and why), then the denies that stand, then the warnings, each in a GitHub alert block.
 */
function policySection(plan: Plan): string[] {
  const { overridden, denied, warned } = policyGroups(plan);
  const out: string[] = [];
  if ((plan.overrides ?? []).length > 0 || overridden.length > 0) {
    out.push('> [!IMPORTANT]', '> **Policy overrides** (recorded in the saved plan; only `caretaker apply PLANFILE` honours them):');
    for (const o of plan.overrides ?? []) out.push(`> - ${code(o.rule)} overridden by **${text(o.actor)}**: ${text(o.reason)}`);
    for (const r of overridden) out.push(resultItem(r));
    out.push('');
  }
  if (denied.length > 0) {
    out.push('> [!CAUTION]', `> **Denied by the policies** (${plural(denied.length, 'denial')}): apply refuses this plan.`);
    for (const r of denied) out.push(resultItem(r));
    out.push('');
  }
  if (warned.length > 0) {
    out.push('> [!WARNING]', '> **Policy warnings**:');
    for (const r of warned) out.push(resultItem(r));
    out.push('');
  }
  return out;
}

/** Every replacing change and every irreversible operation, one line each: what a reviewer must see first. */
function criticalList(changes: readonly (Change & { action: keyof typeof SYMBOL })[]): string[] {
  const out: string[] = [];
  for (const ch of changes) {
    if (ch.action === 'replace') out.push(`- ${code(`${SYMBOL.replace} ${ch.address}`)} ${PHRASE.replace}${ch.reason ? ` (${text(ch.reason)})` : ''}`);
    for (const op of ch.operations.filter((o) => o.irreversible)) {
      out.push(`- ${code(`${SYMBOL[ch.action]} ${ch.address}`)} ${code(`${op.method} ${formatRefPath(op.path, ch.address)}`)} ${text(op.summary)} · **irreversible**`);
    }
  }
  return out.length > 0 ? ['**Replacements and irreversible operations**', '', ...out, ''] : [];
}

/**
 * Renders a plan as GitHub-flavoured Markdown; ends with a newline. Secrets print as `(sensitive)`.
 * The summary table and every replacing or irreversible operation come first; per-resource details
 * follow folded in <details>, dropped from the end (with a note) so that the whole stays under
 * `maxChars` (GitHub's comment limit by default). The summary is never cut.
 */
export function renderPlanMarkdown(plan: Plan, opts: { maxChars?: number } = {}): string {
  const max = opts.maxChars ?? COMMENT_LIMIT;
  const safe = redactDeep(plan) as Plan;
  const title = `### caretaker ${safe.mode === 'destroy' ? 'destroy plan' : 'plan'} for ${code(safe.stack)}`;
  const changes = actingChanges(safe);
  const policies = policySection(safe);
  if (changes.length === 0) {
    const n = plural(safe.changes.length, 'resource');
    const none = safe.mode === 'destroy' ? `Stack ${code(safe.stack)} owns no live resources.` : `The live state matches the manifests (${n}).`;
    return `${title}\n\n${policies.length > 0 ? policies.join('\n') + '\n' : ''}No changes. ${none}\n`;
  }
  const head = [title, '', ...policies, `**${summaryLine(safe.summary)}**`, '', ...summaryTable(safe)];
  const irreversible = irreversibleCount(safe);
  if (irreversible > 0) head.push('> [!WARNING]', `> ${irreversibleWarning(irreversible)} (marked **irreversible** below).`, '');
  head.push(...criticalList(changes));
  const excluded = excludedNote(safe);
  if (excluded) head.push(`_${text(excluded)}_`, '');
  let out = head.join('\n') + '\n';
  const sections = changes.map((ch) => changeSection(ch, safe).join('\n') + '\n\n');
  // Room for the note that replaces the details cut at the end.
  const reserve = 400;
  let shown = 0;
  for (const sec of sections) {
    const room = shown === sections.length - 1 ? max - 1 : max - reserve;
    if (out.length + sec.length > room) break;
    out += sec;
    shown++;
  }
  if (shown < sections.length) {
    const left = sections.length - shown;
    out += `> [!NOTE]\n> Details of ${plural(left, 'more resource')} are not shown: this comment must stay under ${max.toLocaleString('en-US')} characters. ` +
      'The summary and the list of replacements and irreversible operations above are complete; `caretaker show PLAN` prints every detail.\n';
  }
  return out;
}
