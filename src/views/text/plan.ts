// The plan for humans, Terraform style: one block per change (symbol, fields, exact operations with
// async/irreversible marks), then the summary line. Deterministic: sorted, no timestamps.
import type { Change, Operation, Plan } from '../../engine/plan.js';
import { NOT_ADOPTED } from '../../engine/plan.js';
import { redactDeep } from '../../core/secret.js';
import { fieldRows } from '../field-rows.js';
import { palette, type Palette } from '../palette.js';
import { formatRefPath } from '../values.js';
import {
  ACTING_ORDER, LEGEND, PHRASE, SYMBOL, actingChanges, irreversibleCount, irreversibleWarning,
  changeNotes, checkText, excludedNote, foreignOriginText, overrideLine, pendingText, plural, policyGroups, policyResultLine,
  reasonText, summaryLine, unknownFieldNotes,
} from '../wording.js';

const FIELD_INDENT = '      ';
const OP_INDENT = '        ';

function colourOf(action: Change['action'], c: Palette): (s: string) => string {
  if (action === 'create') return c.green;
  if (action === 'update') return c.yellow;
  if (action === 'release') return c.cyan;
  return c.red;
}

/** `PATCH /itcare/databases/redis/500059535 resize 2cpu4gb -> 4cpu8gb [async] [irreversible]` */
export function operationLine(op: Operation, self: string, c: Palette): string {
  const marks = [op.async ? c.dim('[async]') : '', op.irreversible ? c.bold(c.red('[irreversible]')) : ''];
  return [op.method, formatRefPath(op.path, self), op.summary, ...marks].filter((s) => s !== '').join(' ');
}

function changeBlock(ch: Change & { action: keyof typeof SYMBOL }, plan: Plan, c: Palette): string[] {
  const paint = colourOf(ch.action, c);
  const lines = [`${paint(SYMBOL[ch.action].padStart(3))} ${c.bold(ch.address)} ${PHRASE[ch.action]}`];
  const reason = reasonText(ch, plan.stack);
  if (reason) lines.push(FIELD_INDENT + c.dim(`# ${reason}`));
  const foreign = foreignOriginText(ch, plan);
  if (foreign) lines.push(FIELD_INDENT + c.red(`# ${foreign}`));
  const pending = pendingText(ch);
  if (pending) lines.push(FIELD_INDENT + c.dim(`# ${pending}`));
  for (const row of fieldRows(ch.diff, ch.address)) {
    const value = row.sign === '~' ? `${row.before} -> ${row.after}` : row.sign === '+' ? row.after : row.before;
    const sign = row.sign === '+' ? c.green('+') : row.sign === '-' ? c.red('-') : c.yellow('~');
    const forces = row.forcesReplace ? ' ' + c.red('# forces replacement') : '';
    lines.push(`${FIELD_INDENT}${sign} ${row.path}${value === undefined ? '' : `: ${value}`}${forces}`);
  }
  if (ch.dependsOn.length > 0) lines.push(`${FIELD_INDENT}after: ${[...ch.dependsOn].sort().join(', ')}`);
  if (ch.operations.length > 0) {
    lines.push(`${FIELD_INDENT}operations:`);
    ch.operations.forEach((op, i) => {
      lines.push(`${OP_INDENT}${i + 1}. ${operationLine(op, ch.address, c)}`);
      for (const t of checkText(ch, i + 1)) lines.push(`${OP_INDENT}   ${/REJECTED|NOT /.test(t) ? c.red(`# ${t}`) : c.dim(`# ${t}`)}`);
    });
  }
  return lines;
}

/** Renders a plan for a terminal; ends with a newline. Secrets print as `(sensitive)`. */
export function renderPlanText(plan: Plan, opts: { color: boolean }): string {
  const c = palette(opts.color);
  const safe = redactDeep(plan) as Plan;
  const changes = actingChanges(safe);
  const sorted = [...safe.changes].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const notes = [...changeNotes(sorted), ...unknownFieldNotes(sorted)];
  const observed = safe.changes.filter((ch) => ch.action === 'no-op' && ch.reason?.startsWith(NOT_ADOPTED)).map((ch) => ch.address);
  const note = observed.length === 0 ? '' : `Not adopted (lifecycle.adopt: false), so prune and destroy do not see them: ${observed.join(', ')}.\n`;
  const excluded = excludedNote(safe);
  const tail = (notes.length > 0 ? notes.map((n) => c.dim(n)).join('\n') + '\n' : '') + note + (excluded ? `${c.yellow(excluded)}\n` : '') + policyText(safe, c);
  if (changes.length === 0) {
    const n = plural(safe.changes.length, 'resource');
    return (safe.mode === 'destroy'
      ? `No changes. Stack ${safe.stack} owns no live resources.\n`
      : `No changes. The live state matches the manifests (${n}).\n`) + tail;
  }
  const title = safe.mode === 'destroy' ? 'Destroy plan' : 'Plan';
  const lines = [c.bold(`${title} for stack ${safe.stack}`), '', 'Resource actions are indicated with the following symbols:'];
  for (const action of ACTING_ORDER) {
    if (changes.some((ch) => ch.action === action)) lines.push(`${colourOf(action, c)(SYMBOL[action].padStart(3))} ${LEGEND[action]}`);
  }
  lines.push('', 'caretaker will perform the following actions:');
  for (const ch of changes) lines.push('', ...changeBlock(ch, safe, c));
  lines.push('', c.bold(summaryLine(safe.summary)));
  const irreversible = irreversibleCount(safe);
  if (irreversible > 0) lines.push(c.yellow(`Warning: ${irreversibleWarning(irreversible)} (marked [irreversible]).`));
  return lines.join('\n') + '\n' + tail;
}

/**
 * The policy results after the plan (DESIGN §3): overrides with who and why, then denies, then
 * warnings, one line each; empty when no rule holds and nothing is overridden.
 */
function policyText(plan: Plan, c: Palette): string {
  const { overridden, denied, warned } = policyGroups(plan);
  const lines: string[] = [];
  for (const o of plan.overrides ?? []) lines.push(c.yellow(`Override: ${overrideLine(o)} (honoured only by apply PLANFILE)`));
  for (const r of overridden) lines.push(c.yellow(`Policy: overridden denial: ${policyResultLine(r)}`));
  for (const r of denied) lines.push(c.red(`Policy: DENIED: ${policyResultLine(r)}`));
  for (const r of warned) lines.push(c.yellow(`Policy: warning: ${policyResultLine(r)}`));
  if (denied.length > 0) lines.push(c.red(`The policies deny this plan (${plural(denied.length, 'denial')}): apply refuses it.`));
  return lines.length > 0 ? '\n' + lines.join('\n') + '\n' : '';
}
