// Files caretaker replaces as a whole (drift history, metrics, accepted manifests, the fleet page):
// the destination is checked before any work, and written to a temporary file in the same folder
// that is renamed over it, so a reader or a crash never sees half a file.
import { randomBytes } from 'node:crypto';
import { stat, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CaretakerError } from './errors.js';

/** An error to be thrown when an output file cannot be written (missing folder, a directory in the way). */
export class OutputFileError extends CaretakerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_OUTPUT_FILE', message, options);
  }
}

/**
 * Refuses, before any work, a destination whose folder does not exist or that is a directory.
 * `what` names the file in the message (`the history file`, `--metrics`).
 */
export async function checkDestination(file: string, cwd: string, what: string): Promise<void> {
  const abs = resolve(cwd, file);
  const dir = await stat(dirname(abs)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new OutputFileError(`cannot write ${what} ${file}: folder ${dirname(file)} does not exist (create it first)`);
  if ((await stat(abs).catch(() => undefined))?.isDirectory()) throw new OutputFileError(`cannot write ${what} ${file}: it is a directory`);
}

/**
 * Writes `text` to `file` atomically: a temporary file beside it, then a rename. On failure the
 * temporary file is removed and `file` is left as it was. `mode` applies to a new file.
 */
export async function writeFileAtomic(file: string, text: string, opts: { cwd?: string; mode?: number; what?: string } = {}): Promise<void> {
  const abs = resolve(opts.cwd ?? process.cwd(), file);
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { mode: opts.mode ?? 0o644, flag: 'wx' });
    await rename(tmp, abs);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new OutputFileError(`cannot write ${opts.what ?? 'the file'} ${file}: ${reason}`, { cause: err });
  }
}
