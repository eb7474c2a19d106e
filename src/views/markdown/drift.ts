// The drift report as Markdown for an issue or a chat message: the summary first, then one folded
// <details> block per resource with its field table and who changed it when. Like the plan's comment,
// it stays under GitHub's 65,536 characters: details are dropped from the end, with a note.
import type { DriftReport, DriftResource } from '../../engine/drift.js';
import {
  ackText, ageNote, causeLine, driftRows, driftSymbol, headline, historyLine, reconcileLines, resolvedLines, unknownCauseLine,
  unmanagedItem, unmanagedLine,
} from '../drift-rows.js';
import { liveValue, manifestValue } from '../field-rows.js';
import { plural } from '../wording.js';
import { code, html, text } from './escape.js';
import { COMMENT_LIMIT } from './plan.js';

/** Room kept for the note that replaces what was cut. */
const RESERVE = 400;

function details(r: DriftResource, generatedAt: string): string | undefined {
  const rows = r.fields.flatMap((f) => driftRows(f, r.address).map((row) => ({ row, ack: ackText(f), age: ageNote(f.history, generatedAt) })));
  const unknown = unknownCauseLine(r);
  if (rows.length === 0 && r.causes.length === 0 && !unknown) return undefined;
  const lines = ['', `<details><summary><code>${html(r.address)}</code>: ${html(r.summary)}</summary>`, ''];
  if (rows.length > 0) {
    lines.push('| field | live | manifest | note |', '| --- | --- | --- | --- |');
    for (const { row, ack, age } of rows) {
      const note = [row.forcesReplace ? '**forces replacement**' : '', ack ? text(ack) : '', age ? text(age) : ''].filter(Boolean).join('; ');
      lines.push(`| ${code(row.path)} | ${code(liveValue(row))} | ${code(manifestValue(row))} | ${note} |`);
    }
  }
  if (r.causes.length > 0 || unknown) {
    lines.push('', 'Changed by:');
    for (const e of r.causes) lines.push(`- ${text(causeLine(e))}`);
    if (unknown) lines.push(`- ${text(unknown)}`);
  }
  lines.push('', '</details>');
  return lines.join('\n');
}

/** The sections after the resources: resolved drift, unmanaged resources, what reconcile did. */
function extras(report: DriftReport): string[] {
  const out: string[] = [];
  const resolved = resolvedLines(report);
  if (resolved.length > 0) out.push(['**Resolved since the last run**', '', ...resolved.map((l) => `- ${text(l)}`)].join('\n'));
  if (report.unmanaged) {
    const u = report.unmanaged;
    const lines = [`**${text(unmanagedLine(u))}**`, '', ...u.resources.map((x) => `- ${code(unmanagedItem(x))}`)];
    if (u.adopt.length > 0) lines.push('', 'To adopt them (writes manifests; review, then plan and apply):', '', '```sh', ...u.adopt, '```');
    if (u.notListed.length > 0) lines.push('', text(`Not listed: ${u.notListed.join(', ')} (no service-wide list to read them from).`));
    out.push(lines.join('\n'));
  }
  if (report.reconcile) {
    const [head, ...rest] = reconcileLines(report.reconcile);
    out.push([`**${text(head!)}**`, '', ...rest.map((l) => `- ${text(l.trim())}`)].join('\n'));
  }
  return out;
}

/**
 * Renders the drift report as GitHub-flavoured Markdown; ends with a newline. The headline, the
 * history line and the one-line list of resources come first; per-resource details follow folded in
 * <details>; both are cut from the end (with a note) so that the whole stays under `maxChars`.
 */
export function renderDriftMarkdown(report: DriftReport, opts: { maxChars?: number } = {}): string {
  const max = opts.maxChars ?? COMMENT_LIMIT;
  const title = `### caretaker drift for ${code(report.stack)}`;
  const since = historyLine(report);
  const tail = extras(report);
  if (report.resources.length === 0) {
    return [title, '', headline(report), ...since ? ['', text(since)] : [], ...tail.flatMap((t) => ['', t])].join('\n') + '\n';
  }
  let out = [title, '', `**${text(headline(report))}**`, ...since ? ['', text(since)] : [], ''].join('\n') + '\n';
  const tailText = tail.map((t) => `\n${t}\n`).join('');
  // Every piece after the headline is optional: list lines, then details, then the extras.
  const listLines = report.resources.map((r) => {
    const age = ageNote(r.history, report.generatedAt);
    return `- ${code(`${driftSymbol(r)} ${r.address}`)} ${text(r.summary)}${age ? ` (${text(age)})` : ''}\n`;
  });
  const sections = report.resources.map((r) => details(r, report.generatedAt)).filter((d): d is string => d !== undefined).map((d) => `${d}\n`);
  const room = max - RESERVE - tailText.length;
  let listed = 0;
  for (const l of listLines) {
    if (out.length + l.length > room) break;
    out += l;
    listed++;
  }
  let shown = 0;
  if (listed === listLines.length) {
    for (const sec of sections) {
      if (out.length + sec.length > room) break;
      out += sec;
      shown++;
    }
  }
  out += tailText;
  if (listed < listLines.length || shown < sections.length) {
    const what = listed < listLines.length
      ? `${plural(listLines.length - listed, 'more resource')} and every resource's details are not shown`
      : `The details of ${plural(sections.length - shown, 'more resource')} are not shown`;
    out += `\n> [!NOTE]\n> ${what}: this report must stay under ${max.toLocaleString('en-US')} characters. ` +
      'The headline counts every resource; `caretaker drift --format json` lists every field.\n';
  }
  return out;
}
