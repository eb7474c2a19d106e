// The drift report for humans: per drifted resource, each field's live and manifest values, why it is
// acknowledged (or that the acknowledgement expired), who changed it when (the resource history), and
// with the drift-job flags, how old each drift is, what was resolved, unmanaged and reconciled.
import type { DriftReport } from '../../engine/drift.js';
import {
  ackText, ageNote, causeLine, driftRows, driftSymbol, headline, historyLine, reconcileLines, resolvedLines, unknownCauseLine,
  unmanagedItem, unmanagedLine,
} from '../drift-rows.js';
import { liveValue, manifestValue } from '../field-rows.js';
import { palette } from '../palette.js';

/** Renders the drift report; ends with a newline. Values are already redacted by the engine. */
export function renderDriftText(report: DriftReport, opts: { color: boolean }): string {
  const c = palette(opts.color);
  const lines = [report.resources.length === 0 ? headline(report) : c.bold(headline(report))];
  const since = historyLine(report);
  if (since) lines.push(since);
  for (const r of report.resources) {
    const paint = r.status === 'missing-live' ? c.green : r.status === 'not-in-manifests' ? c.red : r.status === 'acknowledged' ? c.dim : c.yellow;
    const age = ageNote(r.history, report.generatedAt);
    lines.push('', `${paint(driftSymbol(r).padStart(3))} ${c.bold(r.address)} ${r.summary}${age ? ` [${age}]` : ''}`);
    for (const f of r.fields) {
      const ack = ackText(f);
      const fieldAge = ageNote(f.history, report.generatedAt);
      for (const row of driftRows(f, r.address)) {
        const forces = row.forcesReplace ? ' ' + c.red('# forces replacement') : '';
        lines.push(`      ${row.path}: live ${liveValue(row)}, manifest ${manifestValue(row)}${forces}${ack ? ` (${ack})` : ''}${fieldAge ? ` [${fieldAge}]` : ''}`);
      }
    }
    for (const e of r.causes) lines.push(`      changed: ${causeLine(e)}`);
    const unknown = unknownCauseLine(r);
    if (unknown) lines.push(`      ${unknown}`);
  }
  const resolved = resolvedLines(report);
  if (resolved.length > 0) lines.push('', 'Resolved since the last run:', ...resolved.map((l) => `  ${c.green('✓')} ${l}`));
  if (report.unmanaged) {
    const u = report.unmanaged;
    lines.push('', unmanagedLine(u), ...u.resources.map((x) => `  ? ${unmanagedItem(x)}`));
    if (u.adopt.length > 0) lines.push('  To adopt them (writes manifests; review, then plan and apply):', ...u.adopt.map((a) => `    ${a}`));
    if (u.notListed.length > 0) lines.push(`  Not listed: ${u.notListed.join(', ')} (no service-wide list to read them from).`);
  }
  if (report.reconcile) lines.push('', ...reconcileLines(report.reconcile));
  return lines.join('\n') + '\n';
}
