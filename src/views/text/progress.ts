// Apply progress for humans. Without a TTY: one deterministic line per event. On a TTY: the same
// permanent lines for finished work, under a live block of running operations redrawn on a timer.
import { own } from '../../core/dict.js';
import type { EngineEvent } from '../../engine/events.js';
import type { Terminal } from '../terminal.js';
import { palette, type Palette } from '../palette.js';
import { formatDuration, plural } from '../wording.js';

/** A "still running" line per operation at most this often (non-TTY). */
export const STILL_RUNNING_EVERY_MS = 10_000;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const PAST: Record<string, string> = { create: 'created', update: 'updated', replace: 'replaced', delete: 'destroyed', release: 'released', 'no-op': 'unchanged' };

interface Running {
  address: string;
  index: number;
  summary: string;
  startedAt: number;
  lastReportedMs: number;
}

export interface ProgressView {
  event(e: EngineEvent): void;
  /** Stops the timer and erases the live block; later events are ignored. */
  close(): void;
}

/** One call still running: its resource, what it does, and its action id once the API gave one. */
function runningLine(r: { address: string; summary: string; actionId?: string }): string {
  return `${r.address}: ${r.summary} (${r.actionId !== undefined ? `action ${r.actionId}` : 'sent, no answer yet'})`;
}

/** Multi-line messages (API errors) stay readable: continuation lines are indented. */
function oneBlock(s: string): string {
  return s.split('\n').join('\n    ');
}

/** The first interrupt's announcement: no new call, and what is waited for. */
function interruptingLines(e: Extract<EngineEvent, { type: 'apply_interrupting' }>, c: Palette): string[] {
  const head = `Interrupted (${e.signal}): no new call will be sent; ` +
    (e.running.length === 0 ? 'nothing is in flight.' : `waiting for what is already sent (press Ctrl-C again to stop waiting):`);
  return [c.yellow(head), ...e.running.map((r) => `  waiting: ${runningLine(r)}`)];
}

/**
 * The end of the run: the counts, every failure once more (where the eye lands: the address and the
 * API's message), and after an interrupt what finished, what still runs, what was stopped or not
 * started, and how to resume.
 */
function summaryLines(e: Extract<EngineEvent, { type: 'apply_summary' }>, c: Palette): string[] {
  const counts = `${e.succeeded} succeeded, ${e.failed} failed, ${e.skipped} skipped`;
  const work = plural(e.operations, 'operation') + (e.requests === undefined ? '' : `, ${plural(e.requests, 'API request')}`);
  const verb = e.destroy ? 'Destroy' : 'Apply';
  const i = e.interrupted;
  const line = i
    ? `${verb} interrupted (${i.signal}${i.abandoned ? ', stopped waiting' : ''}): ${counts}; ${work} in ${formatDuration(e.elapsedMs)}`
    : `${verb} complete: ${counts}; ${work} in ${formatDuration(e.elapsedMs)}`;
  const out = [e.failed > 0 || i ? c.red(line) : c.bold(line)];
  if (e.failures && e.failures.length > 0) {
    out.push(`Failed (${e.failures.length}):`, ...e.failures.map((f) => `  ${f.address}: ${oneBlock(f.error)}`));
  }
  if (i) {
    out.push(`Finished: ${i.succeeded.length > 0 ? i.succeeded.join(', ') : 'nothing'}`);
    out.push(i.running.length > 0 ? 'Still running on the server:' : 'Still running on the server: nothing');
    out.push(...i.running.map((r) => `  ${runningLine(r)}`));
    if (i.stopped.length > 0) out.push(`Stopped before all their calls were sent: ${i.stopped.join(', ')}`);
    if (i.notStarted.length > 0) out.push(`Not started: ${i.notStarted.join(', ')}`);
    out.push('To resume, run the same command again: it waits for the actions still running, re-reads the live state and sends only what is missing (a saved plan must be made again).');
  }
  return out;
}

/** Progress printer over `term`. `now` and `intervalMs` exist for tests (default Date.now, 100 ms). */
export function createTextProgress(term: Terminal, opts: { now?: () => number; intervalMs?: number } = {}): ProgressView {
  const now = opts.now ?? Date.now;
  const c = palette(term.color);
  const running = new Map<string, Running>();
  const errorsShown = new Map<string, Set<string>>();
  let liveLines = 0;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const liveBlock = (): string[] =>
    [...running.values()]
      .sort((a, b) => (a.address === b.address ? a.index - b.index : a.address < b.address ? -1 : 1))
      .map((r) => `${c.cyan(SPINNER[frame % SPINNER.length]!)} ${r.address} ${r.summary} (${formatDuration(now() - r.startedAt)})`)
      .map((l) => l.slice(0, Math.max(20, term.width - 1)));

  /** Rewrites the live block (TTY), after printing `permanent` lines above it, in a single write. */
  function render(permanent: string[]): void {
    if (!term.isTTY) {
      if (permanent.length > 0) term.out.write(permanent.join('\n') + '\n');
      return;
    }
    const live = closed ? [] : liveBlock();
    let s = liveLines > 0 ? `\x1b[${liveLines}A\r\x1b[J` : '';
    for (const l of [...permanent, ...live]) s += l + '\n';
    liveLines = live.length;
    if (s !== '') term.out.write(s);
    if (running.size > 0 && !closed && !timer) {
      timer = setInterval(() => ((frame += 1), render([])), opts.intervalMs ?? 100);
      timer.unref();
    } else if ((running.size === 0 || closed) && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  const key = (address: string, index: number) => `${address}#${index}`;
  const label = (address: string, index: number, summary?: string) =>
    `${address}: ${summary ?? running.get(key(address, index))?.summary ?? `operation ${index + 1}`}`;
  const noteError = (address: string, error: string) => {
    const seen = errorsShown.get(address) ?? new Set<string>();
    const fresh = !seen.has(error);
    seen.add(error);
    errorsShown.set(address, seen);
    return fresh;
  };

  function lines(e: EngineEvent): string[] {
    switch (e.type) {
      case 'refresh_start':
        return [`Reading the live state of ${plural(e.resources, 'resource')}`];
      case 'refresh_complete':
        return [`Read the live state of ${plural(e.resources, 'resource')}${e.requests === undefined ? '' : ` (${plural(e.requests, 'API request')})`}`];
      case 'apply_start':
        return [`Applying ${plural(e.changes, 'change')} (${plural(e.operations, 'operation')})`];
      case 'change_start':
        return [];
      case 'operation_start':
        running.set(key(e.address, e.index), { address: e.address, index: e.index, summary: e.summary, startedAt: now(), lastReportedMs: 0 });
        return term.isTTY ? [] : [`${label(e.address, e.index, e.summary)}: started`];
      case 'action_progress': {
        const k = key(e.address, e.index);
        if (!running.has(k)) running.set(k, { address: e.address, index: e.index, summary: `operation ${e.index + 1}`, startedAt: now() - e.elapsedMs, lastReportedMs: 0 });
        const r = running.get(k)!;
        if (term.isTTY || e.elapsedMs - r.lastReportedMs < STILL_RUNNING_EVERY_MS) return [];
        r.lastReportedMs = e.elapsedMs;
        return [`${label(e.address, e.index)}: still running (action ${e.actionId}, ${formatDuration(e.elapsedMs)})`];
      }
      case 'operation_complete':
        running.delete(key(e.address, e.index));
        return [`${label(e.address, e.index, e.summary)}: ${c.green('done')} (${formatDuration(e.elapsedMs)})`];
      case 'operation_errored':
        running.delete(key(e.address, e.index));
        noteError(e.address, e.error);
        return [`${label(e.address, e.index, e.summary)}: ${c.red('failed')}: ${oneBlock(e.error)}`];
      case 'operation_retry':
        return [`${label(e.address, e.index, e.summary)}: ${c.yellow('answer lost')} (${oneBlock(e.reason)}) and not found by name; sending it again in ${formatDuration(e.delayMs)} (attempt ${e.attempt})`];
      case 'change_complete':
        return [`${e.address}: ${c.green(own(PAST, e.action) ?? e.action)}${e.id === undefined ? '' : ` (id ${e.id})`}`];
      case 'change_errored':
        return [`${e.address}: ${c.red(`${e.action} failed`)}${noteError(e.address, e.error) ? `: ${oneBlock(e.error)}` : ''}`];
      case 'change_skipped':
        return [`${e.address}: ${c.yellow('skipped')}: ${e.reason}`];
      case 'apply_interrupting':
        return interruptingLines(e, c);
      case 'apply_summary':
        return summaryLines(e, c);
    }
  }

  return {
    event(e) {
      if (!closed) render(lines(e));
    },
    close() {
      if (closed) return;
      closed = true;
      render([]);
    },
  };
}
