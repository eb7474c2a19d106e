// The drift history of `drift --history FILE` (schemas/drift-history.schema.json): what earlier runs
// found, so that a report marks each drift `new`, `persistent` (since firstSeen) or `resolved`, and
// `--notify` speaks only when something changed. Reading tells a missing file (first run), a corrupt
// one (a warning, then a fresh history) and a foreign one (refused: it is not ours to overwrite).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CaretakerError } from '../core/errors.js';
import type { DriftAge, DriftField, DriftReport, DriftResource, ResolvedDrift } from './drift.js';

export const HISTORY_SCHEMA = 'https://caretaker.dev/schemas/drift-history.schema.json';
export const HISTORY_FORMAT_VERSION = 1;

/** One drift that counts: a field of a resource, or a whole resource (missing live, not in the manifests). */
export interface HistoryItem {
  address: string;
  /** Dotted spec path; absent for a whole resource. */
  path?: string;
  status: 'drifted' | 'missing-live' | 'not-in-manifests';
  firstSeen: string;
  lastSeen: string;
  /** sha256 of the (redacted) live value, to tell a drift whose value moved; never the value itself. */
  live?: string;
}

export interface DriftHistory {
  $schema: typeof HISTORY_SCHEMA;
  formatVersion: typeof HISTORY_FORMAT_VERSION;
  stack: string;
  updatedAt: string;
  items: HistoryItem[];
}

/** An error to be thrown when the history file cannot be used and must not be overwritten. */
export class HistoryFileError extends CaretakerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_HISTORY_FILE', message, options);
  }
}

export interface LoadedHistory {
  /** Undefined on a first run or after a corrupt file. */
  history?: DriftHistory;
  /** Set when the file was corrupt: the run goes on with a fresh history and replaces it. */
  warning?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const STATUSES = new Set(['drifted', 'missing-live', 'not-in-manifests']);

function validItem(v: unknown): v is HistoryItem {
  return isObject(v) && typeof v.address === 'string' && (v.path === undefined || typeof v.path === 'string')
    && typeof v.status === 'string' && STATUSES.has(v.status) && isTime(v.firstSeen) && isTime(v.lastSeen)
    && (v.live === undefined || typeof v.live === 'string');
}

/**
 * Parses a history file's text for `stack`. Not JSON, or ours but malformed: corrupt (a warning, a
 * fresh history). Valid JSON that is not a caretaker drift history, another stack's history or a
 * newer format: HistoryFileError, so that nothing overwrites a file caretaker did not write.
 */
export function parseHistory(text: string, file: string, stack: string): LoadedHistory {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { warning: `the history file ${file} is corrupt (not JSON): starting a fresh history` };
  }
  if (!isObject(value) || value.$schema !== HISTORY_SCHEMA) {
    throw new HistoryFileError(`${file} is not a caretaker drift history (no "$schema": "${HISTORY_SCHEMA}"); refusing to overwrite it: pass another --history file`);
  }
  if (typeof value.formatVersion === 'number' && value.formatVersion > HISTORY_FORMAT_VERSION) {
    throw new HistoryFileError(`the history file ${file} has formatVersion ${value.formatVersion}, newer than this caretaker reads (${HISTORY_FORMAT_VERSION}); refusing to overwrite it`);
  }
  if (typeof value.stack === 'string' && value.stack !== stack) {
    throw new HistoryFileError(`the history file ${file} belongs to stack ${value.stack}, not ${stack}; refusing to overwrite it: give each stack its own --history file`);
  }
  if (value.formatVersion !== HISTORY_FORMAT_VERSION || typeof value.stack !== 'string' || !isTime(value.updatedAt) || !Array.isArray(value.items) || !value.items.every(validItem)) {
    return { warning: `the history file ${file} is corrupt (not a valid drift history): starting a fresh history` };
  }
  return { history: value as unknown as DriftHistory };
}

/** Reads `file` (relative to `cwd`); a missing file is a first run. An unreadable one is HistoryFileError. */
export async function readHistory(file: string, cwd: string, stack: string): Promise<LoadedHistory> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    throw new HistoryFileError(`cannot read the history file ${file}: ${code === 'EISDIR' ? 'it is a directory' : (code ?? (err as Error).message)}`, { cause: err });
  }
  return parseHistory(text, file, stack);
}

const keyOf = (address: string, path?: string) => `${address}\u0000${path ?? ''}`;

function digest(v: unknown): string | undefined {
  return v === undefined ? undefined : 'sha256:' + createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);
}

/** A field counts when no acknowledgement holds it (an expired one counts again). */
const counts = (f: DriftField) => f.acknowledged === undefined || f.acknowledged.expired;

/** The drift of `report` that counts, as history items seen at `now` (firstSeen filled in later). */
function currentItems(report: DriftReport, now: string): Array<{ item: HistoryItem; mark: (a: DriftAge) => void }> {
  const out: Array<{ item: HistoryItem; mark: (a: DriftAge) => void }> = [];
  const whole = (r: DriftResource, status: 'missing-live' | 'not-in-manifests') =>
    out.push({ item: { address: r.address, status, firstSeen: now, lastSeen: now }, mark: (a) => (r.history = a) });
  for (const r of report.resources) {
    if (r.status === 'missing-live' || r.status === 'not-in-manifests') whole(r, r.status);
    else if (r.status === 'drifted') {
      for (const f of r.fields.filter(counts)) {
        const item: HistoryItem = { address: r.address, path: f.path, status: 'drifted', firstSeen: now, lastSeen: now };
        const live = digest(f.live);
        if (live) item.live = live;
        out.push({ item, mark: (a) => (f.history = a) });
      }
    }
  }
  return out;
}

/**
 * Marks each counting drift of `report` new or persistent against `previous`, lists what `previous`
 * had that is gone as resolved (`report.history`), and returns the history to save: only the drift
 * of this run, with the first time each was seen.
 */
export function applyHistory(report: DriftReport, previous: DriftHistory | undefined, now: string): DriftHistory {
  const before = new Map((previous?.items ?? []).map((i) => [keyOf(i.address, i.path), i]));
  const items: HistoryItem[] = [];
  let fresh = 0;
  let persistent = 0;
  let valueChanged = false;
  for (const { item, mark } of currentItems(report, now)) {
    const key = keyOf(item.address, item.path);
    const old = before.get(key);
    before.delete(key);
    if (old) {
      persistent++;
      item.firstSeen = old.firstSeen;
      const moved = old.live !== undefined && item.live !== undefined && old.live !== item.live;
      if (moved) valueChanged = true;
      mark({ state: 'persistent', firstSeen: old.firstSeen, ...(moved ? { valueChanged: true } : {}) });
    } else {
      fresh++;
      mark({ state: 'new', firstSeen: now });
    }
    items.push(item);
  }
  const resolved: ResolvedDrift[] = [...before.values()].map((i) => ({
    address: i.address, ...(i.path === undefined ? {} : { path: i.path }), status: i.status, firstSeen: i.firstSeen, lastSeen: i.lastSeen,
  }));
  const order = (a: { address: string; path?: string }, b: { address: string; path?: string }) => {
    const x = keyOf(a.address, a.path);
    const y = keyOf(b.address, b.path);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  resolved.sort(order);
  items.sort(order);
  const oldest = items.map((i) => i.firstSeen).sort()[0];
  report.history = {
    new: fresh, persistent, resolved, changed: fresh > 0 || resolved.length > 0 || valueChanged,
    ...(oldest === undefined ? {} : { oldestFirstSeen: oldest }),
    ...(previous === undefined ? { firstRun: true } : {}),
  };
  return { $schema: HISTORY_SCHEMA, formatVersion: HISTORY_FORMAT_VERSION, stack: report.stack, updatedAt: now, items };
}

/** The history file's text (stable key order, one item a line is not needed: it is small and machine-read). */
export function historyToJson(h: DriftHistory): string {
  return JSON.stringify(h, null, 2) + '\n';
}
