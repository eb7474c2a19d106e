// The run journal (`.caretaker/journal.json` in the working directory): who is applying, and what each
// run was about to write, so that a re-run after a crash recognises the actions its killed
// predecessor left running, and tells them apart from those of a run that is still alive. The API
// stays the source of truth: the journal only classifies actions the API lists as in progress. A
// missing, unreadable or corrupt journal is treated as empty (with a warning) and never stops a run.
// It holds addresses, names, resource and action ids, methods and times: never a body, a header or
// any value of a spec, so no secret can reach it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { writeFileAtomic, type FileWriteError } from '../../core/files.js';

/** One write a run was about to send (recorded before the request leaves). */
export interface JournalWrite {
  address: string;
  /** The resource's name (`metadata.name`), to match the actions of a create whose id was unknown. */
  name: string;
  resourceId?: string;
  method: string;
  at: string;
}

export interface JournalRun {
  runId: string;
  stack: string;
  pid: number;
  host: string;
  startedAt: string;
  finishedAt?: string;
  writes: JournalWrite[];
  /** Ids of the actions the run's calls started. */
  actions: string[];
}

interface JournalFile {
  version: 1;
  runs: JournalRun[];
}

/** Runs kept in the file (oldest dropped first), and writes kept per run. */
const MAX_RUNS = 20;
const MAX_WRITES = 2000;

/** Whether a run recorded in the journal may still be running. Another host cannot be checked: alive. */
export type LivenessCheck = (run: JournalRun) => boolean;

export const processLiveness: LivenessCheck = (run) => {
  if (run.finishedAt !== undefined) return false;
  if (run.host !== hostname()) return true;
  if (run.pid === process.pid) return true;
  try {
    process.kill(run.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface RunJournal {
  readonly runId: string;
  /**
   * Set when the file could not be read or parsed (it was then treated as empty), or could not be
   * written when the run started (the run goes on without it).
   */
  readonly warning?: string;
  /** Earlier runs of the stack, most recent first (not this one). */
  earlierRuns(): JournalRun[];
  isAlive(run: JournalRun): boolean;
  recordWrite(w: Omit<JournalWrite, 'at'>): void;
  recordActions(ids: string[]): void;
  finish(): void;
}

/** What a run loses without its journal, said with every journal warning. */
const WITHOUT = 'going on without it (a re-run after a crash of this run will need --wait)';

/**
 * Opens the journal for one run of `stack` and records the run's start. Writes are synchronous and
 * atomic (temporary file, then rename) so that a run killed right after sending a call has already
 * recorded it; a failed write only costs the journal, never the run: the first failure is a warning
 * (`warning` when it happens at open, else `onWarning`), later ones are silent.
 */
export function openJournal(
  file: string, stack: string, opts: { liveness?: LivenessCheck; now?: () => Date; onWarning?: (text: string) => void } = {},
): RunJournal {
  const now = opts.now ?? (() => new Date());
  const liveness = opts.liveness ?? processLiveness;
  const read = readJournal(file);
  const data = read.data;
  let warning = read.warning;
  let warned = false;
  const me: JournalRun = { runId: randomUUID(), stack, pid: process.pid, host: hostname(), startedAt: now().toISOString(), writes: [], actions: [] };
  const earlier = data.runs.filter((r) => r.stack === stack).reverse();
  const save = (): string | undefined => {
    const latest = readJournal(file).data; // other runs may have written meanwhile
    const others = latest.runs.filter((r) => r.runId !== me.runId);
    const runs = [...others, me].slice(-MAX_RUNS);
    // Returns the warning of the first failed write; undefined when written (or already warned).
    try {
      writeFileAtomic(file, JSON.stringify({ version: 1, runs } satisfies JournalFile, null, 1) + '\n', { mkdir: true, durable: false });
    } catch (err) {
      // The journal is a hint: a read-only directory must not fail the apply.
      if (warned) return;
      warned = true;
      const e = err as FileWriteError;
      return `cannot write the run journal ${e.path ?? file}: ${e.reason ?? e.message}; ${WITHOUT}`;
    }
    return undefined;
  };
  const opened = save();
  if (opened) warning = warning ? `${warning}; ${opened}` : opened;
  const later = (text: string | undefined): void => {
    if (text) opts.onWarning?.(text);
  };
  return {
    runId: me.runId,
    warning,
    earlierRuns: () => earlier,
    isAlive: liveness,
    recordWrite(w) {
      if (me.writes.length >= MAX_WRITES) me.writes.shift();
      me.writes.push({ ...w, at: now().toISOString() });
      later(save());
    },
    recordActions(ids) {
      const fresh = [...new Set(ids)].filter((id) => !me.actions.includes(id));
      if (fresh.length === 0) return;
      me.actions.push(...fresh);
      later(save());
    },
    finish() {
      me.finishedAt = now().toISOString();
      later(save());
    },
  };
}

function readJournal(file: string): { data: JournalFile; warning?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    // No file, or no folder to hold one (ENOTDIR: a file in its place, which the first write reports).
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { data: { version: 1, runs: [] } };
    return { data: { version: 1, runs: [] }, warning: `cannot read the run journal ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}); ${WITHOUT}` };
  }
  try {
    const parsed = JSON.parse(text) as Partial<JournalFile>;
    if (parsed.version !== 1 || !Array.isArray(parsed.runs)) throw new Error('unexpected shape');
    return { data: { version: 1, runs: parsed.runs.filter(isRun) } };
  } catch {
    return { data: { version: 1, runs: [] }, warning: `the run journal ${file} is not valid; going on without it (it will be rewritten)` };
  }
}

function isRun(r: unknown): r is JournalRun {
  const x = r as Partial<JournalRun> | null;
  return typeof x === 'object' && x !== null && typeof x.runId === 'string' && typeof x.stack === 'string' && typeof x.pid === 'number'
    && typeof x.host === 'string' && Array.isArray(x.writes) && Array.isArray(x.actions);
}
