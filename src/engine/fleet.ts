// `caretaker report`: many stacks' drift outputs (the JSON lines of `drift --format json`, or the
// report document) and, when given, their drift histories, read into one fleet model that the HTML
// view draws. Pure: the caller reads the files. An input that is neither is an error naming the file.
import { dict } from '../core/dict.js';
import { CaretakerError } from '../core/errors.js';
import type { DriftReport } from './drift.js';
import { HISTORY_SCHEMA, parseHistory, type DriftHistory } from './drift-history.js';

export type FleetStatus = 'error' | 'drift' | 'acknowledged' | 'in-sync';

export interface FleetStack {
  stack: string;
  /** The input file it was read from. */
  source: string;
  status: FleetStatus;
  /** Resources whose drift counts. */
  driftedResources: number;
  /** Drifted fields that count. */
  driftedFields: number;
  /** First time the oldest drift that counts was seen (report history, else the history file). */
  oldestFirstSeen?: string;
  /** generatedAt - oldestFirstSeen, in seconds. */
  oldestAgeSeconds?: number;
  /** With `drift --unmanaged`: share of the estate under management (0..1) and the unmanaged count. */
  managedShare?: number;
  unmanaged?: number;
  /** When the run read the live state. */
  lastRun?: string;
  /** Error messages of a failed run. */
  errors: string[];
  /** Drifted fields (that count) per kind. */
  fieldsByKind: Record<string, number>;
  /** Drifted resources with their field paths: names only, never values. */
  resources: Array<{ address: string; status: string; fields: string[] }>;
}

export interface FleetReport {
  generatedAt: string;
  stacks: FleetStack[];
  /** Drifted fields per kind over every stack. */
  fieldsByKind: Record<string, number>;
}

/** An error to be thrown when an input of `caretaker report` is not a drift output or history. */
export class ReportInputError extends CaretakerError {
  constructor(message: string) {
    super('ERR_REPORT_INPUT', message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

type Parsed = { kind: 'report'; report: DriftReport } | { kind: 'failed'; errors: string[] } | { kind: 'history'; history: DriftHistory };

const NOT_DRIFT = 'expected the output of `caretaker drift --format json` (JSON lines), a drift report document, or a drift history file';

/** Reads one input: a drift JSON stream (the report rebuilt from its lines), a report document, or a history. */
export function parseFleetInput(text: string, file: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') throw new ReportInputError(`${file} is empty: ${NOT_DRIFT}`);
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    whole = undefined;
  }
  if (isObject(whole) && whole.$schema === HISTORY_SCHEMA) {
    const loaded = parseHistory(trimmed, file, String(whole.stack ?? ''));
    if (!loaded.history) throw new ReportInputError(`${file} is a corrupt drift history`);
    return { kind: 'history', history: loaded.history };
  }
  if (isObject(whole) && whole.formatVersion === 1 && typeof whole.stack === 'string' && Array.isArray(whole.resources) && isObject(whole.summary)) {
    return { kind: 'report', report: whole as unknown as DriftReport };
  }
  const lines: Record<string, unknown>[] = [];
  trimmed.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new ReportInputError(`${file}:${i + 1}: not JSON: ${NOT_DRIFT}`);
    }
    if (!isObject(v) || typeof v.type !== 'string') throw new ReportInputError(`${file}:${i + 1}: not a caretaker JSON message: ${NOT_DRIFT}`);
    lines.push(v);
  });
  if (lines[0]?.type !== 'version') throw new ReportInputError(`${file} does not start with caretaker's version line: ${NOT_DRIFT}`);
  const summary = lines.filter((l) => l.type === 'drift_summary');
  if (summary.length === 1 && isObject(summary[0]!.report)) {
    const resources = lines.filter((l) => l.type === 'resource_drift').map((l) => l.resource);
    return { kind: 'report', report: { ...(summary[0]!.report as Record<string, unknown>), resources } as unknown as DriftReport };
  }
  if (lines.some((l) => l.type === 'change_summary' || l.type === 'validate_complete' || l.type === 'export_complete')) {
    throw new ReportInputError(`${file} is the output of another command, not drift: ${NOT_DRIFT}`);
  }
  const errors = lines.filter((l) => l.type === 'diagnostic' && isObject(l.diagnostic) && l.diagnostic.severity === 'error')
    .map((l) => String((l.diagnostic as Record<string, unknown>).summary ?? l['@message'] ?? 'error'));
  return { kind: 'failed', errors: errors.length > 0 ? errors : ['the drift run ended without a report'] };
}

const counts = (f: { acknowledged?: { expired: boolean } }) => f.acknowledged === undefined || f.acknowledged.expired;

function stackOf(source: string, report: DriftReport, history?: DriftHistory): FleetStack {
  const fieldsByKind = dict<number>(); // kinds as the reports name them: a null-prototype map
  let driftedFields = 0;
  const resources: FleetStack['resources'] = [];
  for (const r of report.resources) {
    const fields = r.status === 'drifted' ? r.fields.filter(counts) : [];
    if (fields.length > 0) fieldsByKind[r.kind] = (fieldsByKind[r.kind] ?? 0) + fields.length;
    driftedFields += fields.length;
    if (r.status !== 'acknowledged') resources.push({ address: r.address, status: r.status, fields: fields.map((f) => f.path.replace(/^spec\./, '')) });
  }
  const s = report.summary;
  const driftedResources = s.drifted + s.missingLive + s.notInManifests;
  const status: FleetStatus = report.drift ? 'drift' : s.acknowledged > 0 ? 'acknowledged' : 'in-sync';
  const fromHistory = history && history.stack === report.stack ? history.items.map((i) => i.firstSeen).sort()[0] : undefined;
  const oldest = report.drift ? (report.history?.oldestFirstSeen ?? fromHistory) : undefined;
  const out: FleetStack = {
    stack: report.stack, source, status, driftedResources, driftedFields, lastRun: report.generatedAt, errors: [], fieldsByKind,
    resources: resources.sort((a, b) => (a.address < b.address ? -1 : 1)),
  };
  if (oldest) {
    out.oldestFirstSeen = oldest;
    out.oldestAgeSeconds = Math.max(0, Math.floor((Date.parse(report.generatedAt) - Date.parse(oldest)) / 1000));
  }
  if (report.unmanaged) {
    out.managedShare = report.unmanaged.managedShare;
    out.unmanaged = report.unmanaged.resources.length;
  }
  return out;
}

const RANK: Record<FleetStatus, number> = { error: 0, drift: 1, acknowledged: 2, 'in-sync': 3 };

/**
 * The fleet model of the inputs (file name -> text). Histories are matched to reports by stack name; a
 * failed run is a stack in error named after its file. Two reports of one stack: the later run wins.
 * Stacks are sorted by status (errors first), then by the age of their oldest drift, then by name.
 */
export function buildFleet(inputs: ReadonlyArray<{ file: string; text: string }>, now: Date): FleetReport {
  const parsed = inputs.map(({ file, text }) => ({ file, p: parseFleetInput(text, file) }));
  const histories = new Map<string, DriftHistory>();
  for (const { p } of parsed) if (p.kind === 'history') histories.set(p.history.stack, p.history);
  const byStack = new Map<string, FleetStack>();
  for (const { file, p } of parsed) {
    let st: FleetStack;
    if (p.kind === 'history') continue;
    if (p.kind === 'failed') {
      const name = file.replace(/^.*[\\/]/, '').replace(/\.(jsonl|json|ndjson)$/, '');
      st = { stack: name, source: file, status: 'error', driftedResources: 0, driftedFields: 0, errors: p.errors, fieldsByKind: {}, resources: [] };
    } else {
      st = stackOf(file, p.report, histories.get(p.report.stack));
    }
    const seen = byStack.get(st.stack);
    if (!seen || (st.lastRun ?? '') >= (seen.lastRun ?? '')) byStack.set(st.stack, st);
  }
  const stacks = [...byStack.values()].sort((a, b) => RANK[a.status] - RANK[b.status] || (b.oldestAgeSeconds ?? 0) - (a.oldestAgeSeconds ?? 0) || (a.stack < b.stack ? -1 : 1));
  const fieldsByKind = dict<number>();
  for (const s of stacks) for (const [k, n] of Object.entries(s.fieldsByKind)) fieldsByKind[k] = (fieldsByKind[k] ?? 0) + n;
  return { generatedAt: now.toISOString(), stacks, fieldsByKind };
}
