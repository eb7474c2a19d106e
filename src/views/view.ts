// One view interface per command and the factory that picks text, JSON or Markdown for a run.
// Commands build their views first (even before checking arguments) and never print directly.
import type { Diagnostic } from '../core/diagnostics.js';
import type { EngineEvent } from '../engine/events.js';
import type { Plan } from '../engine/plan.js';
import type { DriftReport } from '../engine/drift.js';
import type { Terminal } from './terminal.js';
import { palette } from './palette.js';
import { createJsonStream, type JsonStream } from './json/stream.js';
import { renderDriftMarkdown } from './markdown/drift.js';
import { renderPlanMarkdown } from './markdown/plan.js';
import { renderDiagnosticsText } from './text/diagnostics.js';
import { renderDriftText } from './text/drift.js';
import { renderPlanText } from './text/plan.js';
import { createTextProgress } from './text/progress.js';

export type ViewFormat = 'text' | 'json' | 'markdown';

export interface PlanView {
  /** The plan in the run's format: human (text or Markdown), or the JSON messages; both with --json-into. */
  plan(plan: Plan): void;
  /** The human rendering only (text or Markdown); nothing in a JSON run. */
  human(plan: Plan): void;
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
  /**
   * The machine-readable message stream (docs/machine-readable.md): stdout in a JSON run, the file of
   * `--json-into` in a text or Markdown run; undefined otherwise.
   */
  json?: JsonStream;
}

export interface ViewOptions {
  /** `--json-into FILE`: the JSON stream also goes here, while the terminal keeps the human output. */
  jsonInto?: NodeJS.WritableStream;
}

/**
 * Views for `format` over `terminal`.
 * - text: plan/drift/progress to stdout, diagnostics and errors to stderr.
 * - json: stdout carries only the message stream (src/views/json/stream.ts): version, planned_change,
 *   resource_drift, apply_*, diagnostic, log and a closing summary; stderr repeats diagnostics as text.
 * - markdown: plan/drift as Markdown on stdout, alone (a pull-request comment: informational messages
 *   go to stderr); progress and diagnostics as in text.
 * With `opts.jsonInto` (text and Markdown), every view also writes the JSON stream there.
 * The apply view is created lazily, so building Views starts no timer.
 */
export function createViews(format: ViewFormat, terminal: Terminal, opts: ViewOptions = {}): Views {
  const color = terminal.color;
  const c = palette(color);
  const write = (stream: NodeJS.WritableStream, s: string) => {
    if (s !== '') stream.write(s);
  };
  if (format === 'json') return jsonViews(createJsonStream(terminal), terminal);
  const json = opts.jsonInto ? createJsonStream({ ...terminal, out: opts.jsonInto, isTTY: false, color: false }) : undefined;
  let apply: ApplyView | undefined;
  const applyView = (): ApplyView => (apply ??= createTextProgress(terminal));
  const human = (p: Plan) => write(terminal.out, format === 'markdown' ? renderPlanMarkdown(p) : renderPlanText(p, { color }));
  return {
    plan: {
      plan: (p) => {
        human(p);
        if (json) streamPlan(json, p);
      },
      human,
    },
    apply: {
      event: (e) => {
        applyView().event(e);
        json?.event(e);
      },
      close: () => apply?.close(),
    },
    diagnostics: {
      diagnostics: (d) => {
        write(terminal.err, renderDiagnosticsText(d, { color }));
        json?.diagnostics(d);
      },
    },
    drift: {
      drift: (r) => {
        write(terminal.out, format === 'markdown' ? renderDriftMarkdown(r) : renderDriftText(r, { color }));
        json?.drift(r);
      },
    },
    message: (line) => {
      write(format === 'markdown' ? terminal.err : terminal.out, line + '\n');
      json?.log(line);
    },
    error: (line) => write(terminal.err, c.red(line) + '\n'),
    ...(json ? { json } : {}),
  };
}

/** A plan as stream messages: its policy results and planned changes, then the closing summary. */
function streamPlan(json: JsonStream, p: Plan): void {
  json.plannedChanges(p);
  json.changeSummary(p.mode === 'destroy' ? 'destroy' : 'plan', p.summary);
}

/** JSON runs: everything on stdout goes through the stream; stderr keeps a text copy of diagnostics. */
function jsonViews(json: JsonStream, terminal: Terminal): Views {
  return {
    plan: { plan: (p) => streamPlan(json, p), human: () => undefined },
    apply: { event: (e) => json.event(e), close: () => undefined },
    diagnostics: {
      diagnostics: (d) => {
        json.diagnostics(d);
        if (d.length > 0) terminal.err.write(renderDiagnosticsText(d, { color: false }));
      },
    },
    drift: { drift: (r) => json.drift(r) },
    message: (line) => json.log(line),
    error: (line) => terminal.err.write(line + '\n'),
    json,
  };
}
