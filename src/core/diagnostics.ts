// Input problems as data: collected (never thrown one by one), sorted by file and position,
// and turned into a single DiagnosticsError only at a boundary (CLI or library entry point).

export type Severity = 'error' | 'warning';

export interface SourcePos {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

export interface SourceRange {
  file: string;
  start: SourcePos;
  end?: SourcePos;
}

/** One input problem. `summary` is lower-case, no trailing period, and never contains a secret value. */
export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `schema`, `yaml`, `unknown-field`, `interpolation`, `reference`, `duplicate`. */
  code: string;
  summary: string;
  detail?: string;
  /** `Kind/name` when the problem belongs to one resource. */
  address?: string;
  /** JSON pointer of the offending value inside its document, e.g. `/spec/diskSize`. */
  path?: string;
  range?: SourceRange;
}

export function error(code: string, summary: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { severity: 'error', code, summary, ...extra };
}

export function warning(code: string, summary: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { severity: 'warning', code, summary, ...extra };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** Sorts by file, line, column, then message, so repeated runs print the same bytes. Sourceless last. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => {
    if (!a.range && b.range) return 1;
    if (a.range && !b.range) return -1;
    if (a.range && b.range) {
      if (a.range.file !== b.range.file) return a.range.file < b.range.file ? -1 : 1;
      if (a.range.start.line !== b.range.start.line) return a.range.start.line - b.range.start.line;
      if (a.range.start.col !== b.range.start.col) return a.range.start.col - b.range.start.col;
    }
    return a.summary < b.summary ? -1 : a.summary > b.summary ? 1 : 0;
  });
}

/** `file:line:col: message` (or just `message` when the problem has no source). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.range ? `${d.range.file}:${d.range.start.line}:${d.range.start.col}: ` : '';
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${where}${sev}${d.summary}`;
}
