// Shared pieces of the drift views (text, Markdown): a drift field as display rows (the plan views'
// leaf expansion), a history entry as one line, and the headline counts.
import type { DriftField, DriftReport, DriftResource, HistoryEntry } from '../engine/drift.js';
import { fieldRows, type FieldRow } from './field-rows.js';
import { plural } from './wording.js';

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

/** `RESIZE (Resize Redis orderscache) by j.doe@cegedim.com, 2026-12-01 14:02 UTC`. */
export function causeLine(e: HistoryEntry): string {
  const msg = e.message && e.message !== e.operation ? ` (${e.message})` : '';
  const status = e.status.toUpperCase() === 'SUCCESS' ? '' : ` [${e.status}]`;
  return `${e.operation}${msg}${status} by ${e.by}, ${shortTime(e.at)}`;
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
