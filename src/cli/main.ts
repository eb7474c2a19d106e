#!/usr/bin/env node
// Entry point of the caretaker binary: run the program; one top-level catch turns failures into
// exit codes — expected errors as one line without a stack, bugs with their stack and a request to report.
import { CaretakerError, DiagnosticsError, ExitError, InternalError } from '../core/errors.js';
import { formatDiagnostic } from '../core/diagnostics.js';
import { scrubText } from '../core/secret.js';
import { buildProgram } from './program.js';

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
    // commander has already printed help, the version or the usage error.
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 1;
  }
  if (err instanceof ExitError) {
    if (err.message) writeErr(`Error: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof DiagnosticsError) {
    for (const d of err.diagnostics) writeErr(formatDiagnostic(d) + '\n');
    return 1;
  }
  if (err instanceof CaretakerError && !(err instanceof InternalError)) {
    writeErr(`Error: ${err.message}\n`);
    return 1;
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
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
