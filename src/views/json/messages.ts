// The machine-readable message stream (docs/machine-readable.md, schemas/machine-readable.schema.json):
// pure builders of each typed message, modelled on Terraform's `-json` UI. Every message has
// `@level`, `@message` (one line for humans), `@timestamp` and `type`, then its own fields.
import type { Diagnostic } from '../../core/diagnostics.js';
import { redactDeep } from '../../core/secret.js';
import type { DriftReport, DriftResource } from '../../engine/drift.js';
import type { EngineEvent } from '../../engine/events.js';
import type { Change, Plan, PlanSummary } from '../../engine/plan.js';
import { changeJson } from './plan.js';

/** Version of the message stream; a removal or a change of meaning bumps the major number. */
export const UI_VERSION = '1.0';

export type Level = 'info' | 'warn' | 'error';
export type Message = { '@level': Level; '@message': string; type: string } & Record<string, unknown>;
export type Operation = 'plan' | 'apply' | 'destroy';

function msg(type: string, level: Level, text: string, fields: Record<string, unknown> = {}): Message {
  return { '@level': level, '@message': text, type, ...fields };
}

export function versionMessage(caretaker: string): Message {
  return msg('version', 'info', `caretaker ${caretaker}`, { caretaker, ui: UI_VERSION });
}

export function diagnosticMessage(d: Diagnostic): Message {
  const where = d.range ? `${d.range.file}:${d.range.start.line}:${d.range.start.col}: ` : d.address ? `${d.address}: ` : '';
  return msg('diagnostic', d.severity === 'error' ? 'error' : 'warn', `${d.severity === 'error' ? 'Error' : 'Warning'}: ${where}${d.summary}`, {
    diagnostic: {
      severity: d.severity, code: d.code, summary: d.summary, detail: d.detail, address: d.address, path: d.path,
      range: d.range && { file: d.range.file, start: d.range.start, end: d.range.end },
    },
  });
}

export function logMessage(text: string, level: Level = 'info'): Message {
  return msg('log', level, text);
}

const PLANNED: Record<string, string> = { create: 'Plan to create', update: 'Plan to update', replace: 'Plan to replace', delete: 'Plan to delete', release: 'Plan to release' };

export function plannedChangeMessage(c: Change): Message {
  return msg('planned_change', 'info', `${c.address}: ${PLANNED[c.action] ?? 'No change'}`, { change: changeJson(c) });
}

/** The acting changes of a plan (no-ops are counted in the summary, not listed), sorted by address. */
export function plannedChangeMessages(p: Plan): Message[] {
  return [...(redactDeep(p.changes) as Change[])]
    .filter((c) => c.action !== 'no-op')
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
    .map(plannedChangeMessage);
}

/**
 * One `policy_result` message per rule that holds on the plan (DESIGN §3), denies first: an unoverridden
 * deny is an error, an overridden one or a warning is a warning. An override carries who and why.
 */
export function policyResultMessages(p: Plan): Message[] {
  const overrides = new Map((p.overrides ?? []).map((o) => [o.rule, o]));
  return (p.policyResults ?? []).map((r) => {
    const o = r.overridden ? overrides.get(r.rule) : undefined;
    const what = r.effect === 'warn' ? 'Warning from' : r.overridden ? 'Overridden denial by' : 'Denied by';
    const text = `${what} rule ${r.rule}${r.address ? `: ${r.address}` : ''}: ${r.message}`;
    return msg('policy_result', r.effect === 'deny' && !r.overridden ? 'error' : 'warn', text, {
      policy_result: {
        rule: r.rule, policy: r.policy, source: r.source, effect: r.effect, address: r.address, message: r.message,
        overridden: r.overridden === true,
        ...(o ? { override: { actor: o.actor, reason: o.reason, at: o.at } } : {}),
      },
    });
  });
}

export interface ApplyCounts {
  failed: number;
  skipped: number;
  operations: number;
  requests?: number;
  elapsedMs: number;
}

/** What an interrupted apply left (the engine's apply_summary `interrupted`). */
export type InterruptedRun = NonNullable<Extract<EngineEvent, { type: 'apply_summary' }>['interrupted']>;

/**
 * The closing summary of plan, show, apply and destroy. For `plan` the counts are what the plan would
 * do; for `apply`/`destroy` what was done (completed changes per action), with failures and skips.
 */
export function changeSummaryMessage(
  operation: Operation, s: PlanSummary, applied?: ApplyCounts,
  end: { failures?: Array<{ address: string; error: string }>; interrupted?: InterruptedRun } = {},
): Message {
  const counts = `${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to destroy${s.release ? `, ${s.release} to release` : ''}`;
  const done = `${s.create} created, ${s.update} updated, ${s.replace} replaced, ${s.delete} destroyed${s.release ? `, ${s.release} released` : ''}`;
  const bad = applied !== undefined && applied.failed + applied.skipped > 0;
  const outcome = end.interrupted ? `interrupted (${end.interrupted.signal})` : bad ? 'failed' : 'complete';
  const text = operation === 'plan'
    ? `Plan: ${counts}.`
    : `${operation === 'destroy' ? 'Destroy' : 'Apply'} ${outcome}: ${done}` +
      (bad ? `, ${applied.failed} failed, ${applied.skipped} skipped.` : '.');
  return msg('change_summary', bad ? 'error' : end.interrupted ? 'warn' : 'info', text, {
    changes: { operation, create: s.create, update: s.update, replace: s.replace, delete: s.delete, noop: s.noop, ...(s.release ? { release: s.release } : {}), ...applied },
    ...(end.failures && end.failures.length > 0 ? { failures: end.failures } : {}),
    ...(end.interrupted ? { interrupted: end.interrupted } : {}),
  });
}

export function resourceDriftMessage(r: DriftResource): Message {
  return msg('resource_drift', 'info', `${r.address}: ${r.summary}`, { resource: redactDeep(r) });
}

/** Closing line of `drift`: the report minus its resources (each was a `resource_drift` line). */
export function driftSummaryMessage(r: DriftReport): Message {
  const text = r.drift ? `Drift in stack ${r.stack}: ${r.summary.drifted + r.summary.missingLive + r.summary.notInManifests + r.summary.expired} resource(s) count as drift.` : `No drift in stack ${r.stack}.`;
  return msg('drift_summary', r.drift ? 'warn' : 'info', text, {
    report: {
      formatVersion: r.formatVersion, stack: r.stack, generatedAt: r.generatedAt, drift: r.drift, summary: r.summary,
      ...(r.history ? { history: r.history } : {}), ...(r.unmanaged ? { unmanaged: r.unmanaged } : {}), ...(r.reconcile ? { reconcile: r.reconcile } : {}),
    },
  });
}

/**
 * The stream message of one engine event, or undefined for events the stream leaves out. The
 * engine's own run-level apply_start and apply_summary become `apply_begin` and (in the view)
 * `change_summary`; per-resource events take Terraform's names (apply_start, apply_complete…).
 */
export function eventMessages(e: EngineEvent): Message[] {
  switch (e.type) {
    case 'refresh_start':
      return [msg('refresh_start', 'info', `Reading the live state of ${e.resources} resource(s)`, { resources: e.resources })];
    case 'refresh_complete':
      return [msg('refresh_complete', 'info', `Read the live state of ${e.resources} resource(s)`, { resources: e.resources, requests: e.requests })];
    case 'apply_start':
      return [msg('apply_begin', 'info', `Applying ${e.changes} change(s) (${e.operations} operation(s))`, { changes: e.changes, operations: e.operations })];
    case 'change_start':
      return [msg('apply_start', 'info', `${e.address}: ${e.action} started`, { address: e.address, action: e.action })];
    case 'operation_start':
      return [msg('apply_progress', 'info', `${e.address}: ${e.summary}: started`, {
        address: e.address, step: 'operation_start', operation: { index: e.index, summary: e.summary, method: e.method, path: e.path },
      })];
    case 'action_progress':
      return [msg('apply_progress', 'info', `${e.address}: action ${e.actionId} ${e.state} (${Math.round(e.elapsedMs / 1000)}s elapsed)`, {
        address: e.address, step: 'action', operation: { index: e.index }, actionId: e.actionId, state: e.state, elapsedMs: e.elapsedMs,
      })];
    case 'operation_retry':
      return [msg('apply_progress', 'warn', `${e.address}: ${e.summary}: answer lost and not found by name; sending it again (attempt ${e.attempt})`, {
        address: e.address, step: 'operation_retry', operation: { index: e.index, summary: e.summary }, attempt: e.attempt, delayMs: e.delayMs, reason: e.reason,
      })];
    case 'operation_complete':
      return [msg('apply_progress', 'info', `${e.address}: ${e.summary}: done`, {
        address: e.address, step: 'operation_complete', operation: { index: e.index, summary: e.summary }, elapsedMs: e.elapsedMs,
      })];
    case 'operation_errored':
      return [diagnosticMessage({ severity: 'error', code: e.code, summary: `${e.summary} failed: ${e.error}`, address: e.address })];
    case 'change_complete':
      return [msg('apply_complete', 'info', `${e.address}: ${e.action} complete`, { address: e.address, action: e.action, id: e.id })];
    case 'change_errored':
      return [msg('apply_errored', 'error', `${e.address}: ${e.action} failed: ${e.error}`, { address: e.address, action: e.action, error: e.error })];
    case 'change_skipped':
      return [msg('apply_skipped', 'warn', `${e.address}: skipped: ${e.reason}`, { address: e.address, reason: e.reason })];
    case 'apply_interrupting':
      return [msg('apply_interrupting', 'warn', `Interrupted (${e.signal}): no new call will be sent; waiting for ${e.running.length} call(s) already sent`, {
        signal: e.signal, running: e.running,
      })];
    case 'apply_summary':
      return [];
  }
}

export function validateCompleteMessage(v: { stack: string; resources: number; files: number; warnings: number }): Message {
  return msg('validate_complete', 'info', `Success: ${v.resources} resource(s) and stack "${v.stack}" in ${v.files} file(s) are valid`, {
    valid: true, stack: v.stack, resources: v.resources, files: v.files, warnings: v.warnings,
  });
}

export interface ExportSummary {
  stack: string;
  serviceId: number;
  directory: string;
  files: Array<{ file: string; address: string }>;
  secrets: Array<{ env: string; address: string; field: string }>;
  untagged: string[];
  skipped: Array<{ address: string; reason: string }>;
  problems: string[];
}

export function exportCompleteMessage(e: ExportSummary): Message {
  return msg('export_complete', 'info', `Exported ${e.files.length - 1} resource(s) of service ${e.serviceId} as stack ${e.stack} into ${e.directory}`, { export: e });
}
