// The drift report for humans: per drifted resource, each field's live and manifest values, why it is
// acknowledged (or that the acknowledgement expired), and who changed it when (the resource history).
import type { DriftReport } from '../../engine/drift.js';
import { ackText, causeLine, driftRows, driftSymbol, headline } from '../drift-rows.js';
import { liveValue, manifestValue } from '../field-rows.js';
import { palette } from '../palette.js';

/** Renders the drift report; ends with a newline. Values are already redacted by the engine. */
export function renderDriftText(report: DriftReport, opts: { color: boolean }): string {
  const c = palette(opts.color);
  if (report.resources.length === 0) return headline(report) + '\n';
  const lines = [c.bold(headline(report))];
  for (const r of report.resources) {
    const paint = r.status === 'missing-live' ? c.green : r.status === 'not-in-manifests' ? c.red : r.status === 'acknowledged' ? c.dim : c.yellow;
    lines.push('', `${paint(driftSymbol(r).padStart(3))} ${c.bold(r.address)} ${r.summary}`);
    for (const f of r.fields) {
      const ack = ackText(f);
      for (const row of driftRows(f, r.address)) {
        const forces = row.forcesReplace ? ' ' + c.red('# forces replacement') : '';
        lines.push(`      ${row.path}: live ${liveValue(row)}, manifest ${manifestValue(row)}${forces}${ack ? ` (${ack})` : ''}`);
      }
    }
    for (const e of r.causes) lines.push(`      changed: ${causeLine(e)}`);
  }
  return lines.join('\n') + '\n';
}
