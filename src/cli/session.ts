// What every command shares: the terminal and views, loading manifests (diagnostics rendered, exit 1),
// and a runtime of providers that is always closed, with the simulator banner on the first line.
import { relative, resolve } from 'node:path';
import { CaretakerError, ExitError, DiagnosticsError } from '../core/errors.js';
import type { ManifestSet } from '../manifest/types.js';
import type { SchemaRegistry } from '../schema/registry.js';
import { loadManifests, type PolicyRule } from '../index.js';
import { createViews, type ViewFormat, type Views } from '../views/view.js';
import { fileOutput, processTerminal, type Terminal } from '../views/terminal.js';
import { createRuntime, type GlobalOptions, type Runtime } from './context.js';

export interface Session {
  global: GlobalOptions;
  terminal: Terminal;
  views: Views;
  format: ViewFormat;
  env: Record<string, string | undefined>;
  cwd: string;
}

let active: Session | undefined;

/**
 * The session of one command. `jsonInto` (`--json-into FILE`, text and Markdown runs): the JSON stream
 * also goes to FILE, opened now, before anything else happens; `--json` and `--json-into` together are
 * refused (the stream has one destination).
 */
export function openSession(global: GlobalOptions, format: ViewFormat, opts: { jsonInto?: string } = {}): Session {
  const terminal = processTerminal({ color: global.color });
  if (opts.jsonInto !== undefined && format === 'json') {
    active = { global, terminal, views: createViews(format, terminal), format, env: process.env, cwd: process.cwd() };
    throw new ExitError(1, '--json-into writes the JSON stream to a file while the terminal keeps the human output; with --json the stream is stdout: use one of them');
  }
  let jsonInto: NodeJS.WritableStream | undefined;
  if (opts.jsonInto !== undefined) {
    try {
      jsonInto = fileOutput(resolve(process.cwd(), opts.jsonInto));
    } catch (err) {
      active = { global, terminal, views: createViews(format, terminal), format, env: process.env, cwd: process.cwd() };
      throw new CaretakerError('ERR_JSON_INTO', `cannot write --json-into ${opts.jsonInto}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  active = { global, terminal, views: createViews(format, terminal, { jsonInto }), format, env: process.env, cwd: process.cwd() };
  return active;
}

/** The session of the running command, for the top-level error report (a JSON run reports errors as diagnostics). */
export function activeSession(): Session | undefined {
  return active;
}

/** Loads and validates; on input errors renders every diagnostic and exits 1 before any network call. */
export async function loadOrExit(s: Session, paths: string[]): Promise<{ set: ManifestSet; registry: SchemaRegistry; policies: PolicyRule[] }> {
  try {
    return await loadManifests(paths.length > 0 ? paths : ['.'], { cwd: s.cwd, env: s.env });
  } catch (err) {
    if (err instanceof DiagnosticsError) {
      s.views.diagnostics.diagnostics(err.diagnostics);
      throw new ExitError(1);
    }
    throw err;
  }
}

/** The providers a manifest set uses: the schema `x-provider` of its resources' kinds (never a kind's name). */
export function providersUsed(set: ManifestSet): Set<string> {
  return new Set(set.resources.map((r) => r.provider));
}

/**
 * Runs `fn` with providers for the stack; announces the simulator, or each API the run uses, first;
 * always closes. Only the providers the set uses (or `opts.uses`, for a run without a set) need settings.
 */
export async function withRuntime<T>(
  s: Session, set: ManifestSet | undefined, fn: (rt: Runtime) => Promise<T>,
  opts: { maxInFlight?: number; dryRunHonoured?: readonly string[]; requestTimeoutMs?: number; writes?: boolean; uses?: ReadonlySet<string> } = {},
): Promise<T> {
  const rt = await createRuntime({
    writes: opts.writes,
    maxInFlight: opts.maxInFlight,
    dryRunHonoured: opts.dryRunHonoured,
    requestTimeoutMs: opts.requestTimeoutMs,
    global: s.global,
    env: s.env,
    cwd: s.cwd,
    uses: opts.uses ?? (set ? providersUsed(set) : new Set()),
    stackEndpoint: set?.stack.provider.itcare?.endpoint,
    stackEndpoints: { scp: set?.stack.provider.scp?.endpoint },
    onAttempt: s.global.verbose
      ? (a) => s.terminal.err.write(`http: ${a.method} ${a.path} -> ${a.status ?? a.error ?? '?'} (${a.ms} ms, attempt ${a.attempt})\n`)
      : undefined,
  });
  const out = s.format === 'text' ? s.terminal.out : s.terminal.err;
  if (rt.simulator) {
    // Named after the APIs the run uses (`ITCare`, `SCP Cache Store`, both); a run that uses none keeps ITCare's.
    const names = rt.apis.map((a) => a.label.replace(/ API$/, ''));
    const what = names.length === 0 ? 'ITCare' : names.join(' and ');
    out.write(`Using the embedded ${what} simulator at ${rt.simulator.url} (no credentials needed; state in ${relative(s.cwd, `${s.cwd}/.caretaker/simulator.json`)})\n`);
  } else {
    for (const api of rt.apis) out.write(`Using the ${api.label} at ${api.endpoint}\n`);
  }
  if (set) announceRead(s, set);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** How many files and documents were read: a manifest the loader could not see is never silent. */
export function announceRead(s: Session, set: ManifestSet): void {
  const line = `Read ${set.files.length} manifest file(s), ${set.documentCount} document(s): stack "${set.stack.name}", ${set.resources.length} resource(s).\n`;
  (s.format === 'text' ? s.terminal.out : s.terminal.err).write(line);
}

export function manifestPaths(paths: string[]): string[] {
  return paths.length > 0 ? paths : ['.'];
}
