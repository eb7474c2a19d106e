#!/usr/bin/env node
// Entry point of the caretaker binary: run the program; one top-level catch turns failures into
// exit codes — expected errors as one line without a stack, bugs with their stack and a request to report.
import { CaretakerError, DiagnosticsError, ExitError, InternalError } from '../core/errors.js';
import { formatDiagnostic } from '../core/diagnostics.js';
import { scrubText } from '../core/secret.js';
import { buildProgram, CARETAKER_VERSION } from './program.js';
import { activeSession } from './session.js';
import { createJsonStream, setStreamVersion, type JsonStream } from '../views/json/stream.js';
import { processTerminal } from '../views/terminal.js';

// A closed stdout (`caretaker plan | head -1`) ends the run quietly: further output is dropped and
// the exit code stays the command's own. Any other stream error is reported once on stderr.
let stdoutClosed = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') {
    stdoutClosed = true;
    return;
  }
  process.stderr.write(`Error: cannot write to stdout: ${err.code ?? err.message}\n`);
  process.exitCode = 1;
});
process.stderr.on('error', () => undefined);
const write = process.stdout.write.bind(process.stdout) as (...a: unknown[]) => boolean;
process.stdout.write = ((...a: unknown[]) => (stdoutClosed ? true : write(...a))) as typeof process.stdout.write;

setStreamVersion(CARETAKER_VERSION);

/** `--json` or `--format json` on the command line: errors go to stdout as diagnostics too. */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === '--json' || a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
}

/** The JSON stream errors are reported on: the running command's, or a new one (version line first). */
function errorStream(): JsonStream | undefined {
  const s = activeSession();
  if (s) return s.views.json;
  return wantsJson(process.argv.slice(2)) ? createJsonStream(processTerminal({ color: false })) : undefined;
}

/** In a JSON run, an error is also a `diagnostic` line on stdout, so a CI log parser sees every failure. */
function jsonError(code: string, summary: string): void {
  errorStream()?.diagnostics([{ severity: 'error', code, summary }]);
}

async function main(argv: string[]): Promise<number> {
  const result = { code: 0 };
  const program = buildProgram(result).exitOverride();
  try {
    await program.parseAsync(argv);
    return result.code;
  } catch (err) {
    return report(err);
  }
}

/** Error output, scrubbed of every registered secret like all other output. */
function writeErr(text: string): void {
  process.stderr.write(scrubText(text));
}

function report(err: unknown): number {
  const e = err as { code?: string; exitCode?: number };
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) {
    // commander has already printed help, the version or the usage error (on stderr).
    const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help';
    if (!ok) jsonError('ERR_USAGE', (err as Error).message.replace(/^error: /, ''));
    return ok ? 0 : 1;
  }
  if (err instanceof ExitError) {
    if (err.message) {
      writeErr(`Error: ${err.message}\n`);
      jsonError(err.code, err.message);
    }
    return err.exitCode;
  }
  if (err instanceof DiagnosticsError) {
    for (const d of err.diagnostics) writeErr(formatDiagnostic(d) + '\n');
    errorStream()?.diagnostics(err.diagnostics);
    return 1;
  }
  if (err instanceof CaretakerError && !(err instanceof InternalError)) {
    writeErr(`Error: ${err.message}\n`);
    jsonError(err.code, err.message);
    return 1;
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  jsonError('ERR_INTERNAL', `internal error (a bug in caretaker; please report it): ${err instanceof Error ? err.message : String(err)}`);
  writeErr(`Internal error (a bug in caretaker; please report it with this output):\n${stack}\n`);
  return 1;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = report(err);
  },
);
