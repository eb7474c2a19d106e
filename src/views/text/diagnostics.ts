// Input problems for humans: one `file:line:col: message` line each (detail indented below),
// sorted by file and position, then a count line. Same line shape as core formatDiagnostic.
import { sortDiagnostics, type Diagnostic } from '../../core/diagnostics.js';
import { palette } from '../palette.js';
import { plural } from '../wording.js';

/** `orders.yaml:12:5: ` for a located problem, `Redis/x: ` for a resource-level one, else nothing. */
function where(d: Diagnostic): string {
  if (d.range) return `${d.range.file}:${d.range.start.line}:${d.range.start.col}: `;
  if (d.address) return `${d.address}: `;
  return '';
}

/** Renders diagnostics, one per line, and a summary (`2 errors, 1 warning`); empty list → empty string. */
export function renderDiagnosticsText(diags: Diagnostic[], opts: { color: boolean }): string {
  if (diags.length === 0) return '';
  const c = palette(opts.color);
  const lines: string[] = [];
  for (const d of sortDiagnostics(diags)) {
    const sev = d.severity === 'warning' ? c.yellow('warning: ') : '';
    lines.push(`${c.bold(where(d))}${sev}${d.summary}`);
    for (const line of (d.detail ?? '').split('\n').filter((l) => l.trim() !== '')) lines.push(`    ${line}`);
  }
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  const counts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''];
  const summary = counts.filter((s) => s !== '').join(', ');
  lines.push(errors > 0 ? c.red(summary) : c.yellow(summary));
  return lines.join('\n') + '\n';
}
