// The drift report as Markdown for an issue or a chat message: the summary first, then one folded
// <details> block per resource with its field table and who changed it when.
import type { DriftReport } from '../../engine/drift.js';
import { ackText, causeLine, driftRows, driftSymbol, headline } from '../drift-rows.js';
import { liveValue, manifestValue } from '../field-rows.js';
import { code, html, text } from './escape.js';

/** Renders the drift report as GitHub-flavoured Markdown; ends with a newline. */
export function renderDriftMarkdown(report: DriftReport): string {
  const title = `### caretaker drift for ${code(report.stack)}`;
  if (report.resources.length === 0) return `${title}\n\n${headline(report)}\n`;
  const lines = [title, '', `**${text(headline(report))}**`, ''];
  for (const r of report.resources) lines.push(`- ${code(`${driftSymbol(r)} ${r.address}`)} ${text(r.summary)}`);
  for (const r of report.resources) {
    const rows = r.fields.flatMap((f) => driftRows(f, r.address).map((row) => ({ row, ack: ackText(f) })));
    if (rows.length === 0 && r.causes.length === 0) continue;
    lines.push('', `<details><summary><code>${html(r.address)}</code>: ${html(r.summary)}</summary>`, '');
    if (rows.length > 0) {
      lines.push('| field | live | manifest | note |', '| --- | --- | --- | --- |');
      for (const { row, ack } of rows) {
        const note = [row.forcesReplace ? '**forces replacement**' : '', ack ? text(ack) : ''].filter(Boolean).join('; ');
        lines.push(`| ${code(row.path)} | ${code(liveValue(row))} | ${code(manifestValue(row))} | ${note} |`);
      }
    }
    if (r.causes.length > 0) {
      lines.push('', 'Changed by:');
      for (const e of r.causes) lines.push(`- ${text(causeLine(e))}`);
    }
    lines.push('', '</details>');
  }
  return lines.join('\n') + '\n';
}
