// The JSON view of every command: one message per line on stdout, a `version` line first, then the
// typed messages of src/views/json/messages.ts; every line gets an ISO-8601 `@timestamp`.
import type { Diagnostic } from '../../core/diagnostics.js';
import { sortDiagnostics } from '../../core/diagnostics.js';
import { hasOwn } from '../../core/dict.js';
import { redactDeep } from '../../core/secret.js';
import type { DriftReport } from '../../engine/drift.js';
import type { EngineEvent } from '../../engine/events.js';
import type { Plan, PlanSummary } from '../../engine/plan.js';
import type { Terminal } from '../terminal.js';
import {
  changeSummaryMessage, diagnosticMessage, driftSummaryMessage, eventMessages, logMessage, plannedChangeMessages, policyResultMessages,
  resourceDriftMessage, versionMessage, type Message, type Operation,
} from './messages.js';

export interface JsonStream {
  write(m: Message): void;
  diagnostics(d: readonly Diagnostic[]): void;
  log(text: string): void;
  plannedChanges(p: Plan): void;
  changeSummary(operation: Operation, s: PlanSummary): void;
  drift(r: DriftReport): void;
  /** Apply events; the engine's apply_summary closes the run with a `change_summary`. */
  event(e: EngineEvent): void;
  /** Sets the operation the apply events belong to (`apply` or `destroy`) and the plan's no-op count. */
  applying(operation: Operation, noop: number): void;
  /** A `change_summary` (or other closing line) was written. */
  readonly closed: boolean;
}

/** The caretaker version the stream announces; set once by the CLI. */
let caretakerVersion = '0.0.0';
export function setStreamVersion(v: string): void {
  caretakerVersion = v;
}

/** A stream on `terminal.out`; writes the `version` line at once. `now` exists for tests. */
export function createJsonStream(terminal: Terminal, opts: { now?: () => number } = {}): JsonStream {
  const now = opts.now ?? Date.now;
  let closed = false;
  let operation: Operation = 'apply';
  const applied: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
  const write = (m: Message) => {
    const { type, '@level': level, '@message': text, ...rest } = m;
    const line = { '@level': level, '@message': text, '@timestamp': new Date(now()).toISOString(), type, ...rest };
    terminal.out.write(JSON.stringify(redactDeep(line)) + '\n');
  };
  write(versionMessage(caretakerVersion));
  const stream: JsonStream = {
    write,
    diagnostics: (d) => sortDiagnostics(d).forEach((x) => write(diagnosticMessage(x))),
    log: (text) => write(logMessage(text)),
    plannedChanges: (p) => [...policyResultMessages(p), ...plannedChangeMessages(p)].forEach(write),
    changeSummary: (op, s) => {
      write(changeSummaryMessage(op, s));
      closed = true;
    },
    drift: (r) => {
      r.resources.forEach((x) => write(resourceDriftMessage(x)));
      write(driftSummaryMessage(r));
      closed = true;
    },
    applying: (op, noop) => {
      operation = op;
      applied.noop = noop;
    },
    event: (e) => {
      if (e.type === 'change_complete' && e.action === 'release') applied.release = (applied.release ?? 0) + 1;
      else if (e.type === 'change_complete' && e.action !== 'no-op' && hasOwn(applied, e.action)) applied[e.action as keyof PlanSummary]! += 1;
      if (e.type === 'apply_summary') {
        write(changeSummaryMessage(operation, applied, {
          failed: e.failed, skipped: e.skipped, operations: e.operations, requests: e.requests, elapsedMs: e.elapsedMs,
        }, { failures: e.failures, interrupted: e.interrupted }));
        closed = true;
        return;
      }
      eventMessages(e).forEach(write);
    },
    get closed() {
      return closed;
    },
  };
  return stream;
}
