// Diagnostics as JSON lines (`{"type":"diagnostic",…}`), sorted like the text form, for --json runs.
import { sortDiagnostics, type Diagnostic } from '../../core/diagnostics.js';

/** One JSON line per diagnostic with a fixed key order; absent fields are omitted. */
export function renderDiagnosticsJson(diags: readonly Diagnostic[]): string {
  return sortDiagnostics(diags)
    .map((d) =>
      JSON.stringify({
        type: 'diagnostic',
        severity: d.severity,
        code: d.code,
        summary: d.summary,
        detail: d.detail,
        address: d.address,
        path: d.path,
        range: d.range && { file: d.range.file, start: d.range.start, end: d.range.end },
      }) + '\n',
    )
    .join('');
}
