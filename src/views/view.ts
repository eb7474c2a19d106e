// One view interface per command and the factory that picks text, JSON or Markdown for a run.
// Commands build their views first (even before checking arguments) and never print directly.
import type { Diagnostic } from '../core/diagnostics.js';
import type { EngineEvent } from '../engine/events.js';
import type { Plan } from '../engine/plan.js';
import type { DriftReport } from '../engine/drift.js';
import type { Terminal } from './terminal.js';
import { palette } from './palette.js';
import { createJsonEvents } from './json/events.js';
import { renderDiagnosticsJson } from './json/diagnostics.js';
import { renderPlanJson } from './json/plan.js';
import { renderDriftMarkdown } from './markdown/drift.js';
import { renderPlanMarkdown } from './markdown/plan.js';
import { renderDiagnosticsText } from './text/diagnostics.js';
import { renderDriftText } from './text/drift.js';
import { renderPlanText } from './text/plan.js';
import { createTextProgress } from './text/progress.js';

export type ViewFormat = 'text' | 'json' | 'markdown';

export interface PlanView {
  plan(plan: Plan): void;
}

/** Receives the engine's events during apply; `close()` once, after the last event (or on abort). */
export interface ApplyView {
  event(e: EngineEvent): void;
  close(): void;
}

export interface DiagnosticsView {
  diagnostics(d: Diagnostic[]): void;
}

export interface DriftView {
  drift(report: DriftReport): void;
}

/**
 * Every output of a command. `message` is informational (stdout in text/markdown, stderr in json so
 * that stdout stays parseable); `error` is one line for an expected failure (always stderr).
 */
export interface Views {
  plan: PlanView;
  apply: ApplyView;
  diagnostics: DiagnosticsView;
  drift: DriftView;
  message(line: string): void;
  error(line: string): void;
}

/**
 * Views for `format` over `terminal`.
 * - text: plan/drift/progress to stdout, diagnostics and errors to stderr.
 * - json: the plan JSON (also for drift), NDJSON events and `{"type":"diagnostic"}` lines on stdout.
 * - markdown: plan/drift as Markdown on stdout; progress and diagnostics as in text.
 * The apply view is created lazily, so building Views starts no timer.
 */
export function createViews(format: ViewFormat, terminal: Terminal): Views {
  const color = terminal.color;
  const c = palette(color);
  const write = (stream: NodeJS.WritableStream, s: string) => {
    if (s !== '') stream.write(s);
  };
  let apply: ApplyView | undefined;
  const applyView = (): ApplyView =>
    (apply ??= format === 'json' ? createJsonEvents(terminal) : createTextProgress(terminal));
  return {
    plan: {
      plan: (p) =>
        write(terminal.out, format === 'json' ? renderPlanJson(p) : format === 'markdown' ? renderPlanMarkdown(p) : renderPlanText(p, { color })),
    },
    apply: { event: (e) => applyView().event(e), close: () => apply?.close() },
    diagnostics: {
      diagnostics: (d) =>
        format === 'json' ? write(terminal.out, renderDiagnosticsJson(d)) : write(terminal.err, renderDiagnosticsText(d, { color })),
    },
    drift: {
      drift: (r) =>
        write(terminal.out, format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : format === 'markdown' ? renderDriftMarkdown(r) : renderDriftText(r, { color })),
    },
    message: (line) => write(format === 'json' ? terminal.err : terminal.out, line + '\n'),
    error: (line) => write(terminal.err, (format === 'json' ? line : c.red(line)) + '\n'),
  };
}
