// Shared pieces of the drift views (text, Markdown): a drift field as display rows (the plan views'
// leaf expansion), a history entry as one line, the headline counts, and the lines of the drift-job
// additions (history ages, unmanaged resources, reconcile).
import type { DriftAge, DriftCause, DriftField, DriftReport, DriftResource, ReconcileSummary, UnmanagedResource, UnmanagedSummary } from '../engine/drift.js';
import { fieldRows, type FieldRow } from './field-rows.js';
import { plural, policyResultLine } from './wording.js';

/** Rows of one drift field; `live` is `before`, `manifest` is `after` (values already redacted). */
export function driftRows(f: DriftField, address: string): FieldRow[] {
  const op = f.change === 'added' ? 'add' : f.change === 'removed' ? 'remove' : 'replace';
  return fieldRows([{ op, path: f.pointer, from: f.live, value: f.manifest, forcesReplace: f.forcesReplace }], address);
}

/** `2026-12-01 14:02 UTC`. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `RESIZE (Resize Redis orderscache) by j.doe@cegedim.com, 2026-12-01 14:02 UTC -> nodeSizing`. */
export function causeLine(e: DriftCause): string {
  const msg = e.message && e.message !== e.operation ? ` (${e.message})` : '';
  const status = e.status.toUpperCase() === 'SUCCESS' ? '' : ` [${e.status}]`;
  const fields = e.fields && e.fields.length > 0 ? ` -> ${e.fields.map(shortPath).join(', ')}` : '';
  return `${e.operation}${msg}${status} by ${e.by}, ${shortTime(e.at)}${fields}`;
}

/** `spec.tags.team` -> `tags.team`. */
export function shortPath(path: string): string {
  return path.replace(/^spec\./, '');
}

/** `cause unknown: nodeSizing, tags.team` when the history explains some drifted fields of `r` not; else undefined. */
export function unknownCauseLine(r: DriftResource): string | undefined {
  return r.causeUnknown && r.causeUnknown.length > 0 ? `cause unknown: ${r.causeUnknown.map(shortPath).join(', ')}` : undefined;
}

/** Why a field is or was hidden from the exit code. */
export function ackText(f: DriftField): string | undefined {
  const a = f.acknowledged;
  if (!a) return undefined;
  return a.expired ? `acknowledgement EXPIRED on ${a.until}: ${a.reason}` : `acknowledged until ${a.until}: ${a.reason}`;
}

/** `Drift in stack x: 2 of 6 resources differ (1 acknowledged, 1 missing live).` */
export function headline(r: DriftReport): string {
  const s = r.summary;
  const counted = s.drifted + s.missingLive + s.notInManifests;
  const extra = [
    s.acknowledged > 0 ? `${s.acknowledged} acknowledged` : undefined,
    s.expired > 0 ? `${plural(s.expired, 'expired acknowledgement')}` : undefined,
  ].filter(Boolean);
  const total = s.resources;
  if (counted === 0 && s.acknowledged === 0) return `No drift: ${plural(total, 'resource')} ${total === 1 ? 'matches' : 'match'} the manifests.`;
  const base = counted === 0
    ? `No unacknowledged drift in stack ${r.stack}: ${plural(total, 'resource')}`
    : `Drift in stack ${r.stack}: ${counted} of ${plural(total, 'resource')} ${counted === 1 ? 'differs' : 'differ'} from the manifests`;
  return `${base}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}.`;
}

/** `~`, `+` (missing live: apply creates it), `-` (not in the manifests), `=` acknowledged. */
export function driftSymbol(r: DriftResource): string {
  if (r.status === 'missing-live') return '+';
  if (r.status === 'not-in-manifests') return '-';
  if (r.status === 'acknowledged') return '=';
  return r.fields.some((f) => f.forcesReplace) ? '-/+' : '~';
}

/** `45 minutes`, `5 hours`, `3 days` (whole units, rounded down; under a minute: `less than a minute`). */
export function ageText(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'less than a minute';
  if (min < 120) return plural(min, 'minute');
  const hours = Math.floor(min / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

/** `new`, `drifted for 3 days (since 2026-12-01 22:30 UTC)`, plus `, value changed since the last run`. */
export function ageNote(a: DriftAge | undefined, generatedAt: string): string | undefined {
  if (!a) return undefined;
  if (a.state === 'new') return 'new';
  const ms = Date.parse(generatedAt) - Date.parse(a.firstSeen);
  const base = `drifted for ${ageText(Number.isNaN(ms) ? 0 : ms)} (since ${shortTime(a.firstSeen)})`;
  return a.valueChanged ? `${base}, value changed since the last run` : base;
}

/** `Since the last run: 1 new, 2 persistent (oldest 3 days), 1 resolved.`; undefined without --history. */
export function historyLine(r: DriftReport): string | undefined {
  const h = r.history;
  if (!h) return undefined;
  const oldest = h.oldestFirstSeen && h.persistent > 0 ? ` (oldest ${ageText(Math.max(0, Date.parse(r.generatedAt) - Date.parse(h.oldestFirstSeen)))})` : '';
  if (h.firstRun) return `First run of this drift history: ${plural(h.new, 'drift')} recorded.`;
  const parts = [`${h.new} new`, `${h.persistent} persistent${oldest}`, `${h.resolved.length} resolved`];
  return `Since the last run: ${parts.join(', ')}.${h.changed ? '' : ' Nothing changed.'}`;
}

/** One line per resolved drift: `Redis/x tags.team (drifted since …)`. */
export function resolvedLines(r: DriftReport): string[] {
  return (r.history?.resolved ?? []).map((x) => `${x.address}${x.path ? ` ${shortPath(x.path)}` : ` (${x.status})`} no longer drifts (first seen ${shortTime(x.firstSeen)})`);
}

/** `42%`. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The headline of `--unmanaged`. */
export function unmanagedLine(u: UnmanagedSummary): string {
  return `Unmanaged: ${u.resources.length} of ${plural(u.total, 'live resource')} in the stack's services carry no caretaker-stack tag ` +
    `(${percent(u.managedShare)} managed: ${u.thisStack} by this stack, ${u.otherStacks} by other stacks).`;
}

/** `Redis/legacy (service 46922, id 501)`. */
export function unmanagedItem(x: UnmanagedResource): string {
  return `${x.kind}/${x.name} (${x.serviceId === undefined ? '' : `service ${x.serviceId}, `}id ${String(x.id)})`;
}

/** What `--reconcile` did, one line each. */
export function reconcileLines(rc: ReconcileSummary): string[] {
  const out = [rc.applied.length === 0 ? 'Reconcile: nothing could be reconciled safely.' : `Reconciled ${plural(rc.applied.length, 'resource')} (the report is read again afterwards):`];
  for (const a of rc.applied) out.push(`  ~ ${a.address}: ${a.operations.join('; ')}`);
  for (const f of rc.failed) out.push(`  ! ${f}: failed or skipped (see above)`);
  for (const l of rc.leftAlone) out.push(`  = ${l.address} left alone: ${l.reason}`);
  for (const w of (rc.policyResults ?? []).filter((r) => r.effect === 'warn')) out.push(`  Policy: warning: ${policyResultLine(w)}`);
  if (rc.interrupted) out.push('  Interrupted: the run stopped before every change was made; run drift again.');
  return out;
}
