// Every local file caretaker writes (saved plans, exports, the run journal, the simulator's state,
// reports) goes through here: written to a temporary file beside the target, flushed, then renamed,
// so a full disk or a crash never leaves a truncated file; a failure is one FileWriteError naming the
// path and the cause in words (read-only, missing folder, not a folder, disk full).
import * as nodeFs from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, relative, isAbsolute, resolve } from 'node:path';
import { CaretakerError } from './errors.js';

/** An error to be thrown when a local file cannot be written; `reason` says why in words. */
export class FileWriteError extends CaretakerError {
  readonly path: string;
  readonly reason: string;
  /** The system's error code (`EROFS`, `ENOSPC`, `ENOTDIR`…), when there is one. */
  readonly errno?: string;
  constructor(path: string, reason: string, errno?: string, options?: { cause?: unknown }) {
    super('ERR_FILE_WRITE', `cannot write ${path}: ${reason}`, options);
    this.path = path;
    this.reason = reason;
    if (errno) this.errno = errno;
  }
}

/** The file-system calls the writer uses: `node:fs` by default, a fake in tests (to inject ENOSPC…). */
export interface AtomicIo {
  mkdirSync(dir: string, opts: { recursive: true }): unknown;
  openSync(file: string, flags: string, mode?: number): number;
  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
  statSync(file: string, opts: { throwIfNoEntry: false }): { isDirectory(): boolean } | undefined;
}

export interface WriteOptions {
  /** File mode of a new file (e.g. 0o600 for a saved plan). Default 0o666 minus the umask. */
  mode?: number;
  /**
   * fsync the data before the rename (default true): a saved plan or an export survives a power cut
   * whole. Files rewritten after every call (the journal, the simulator's state) pass false.
   */
  durable?: boolean;
  /** Create the parent folders (default false: a missing folder is an error that names it). */
  mkdir?: boolean;
  /** Directory that printed paths are relative to (default: the process's working directory). */
  cwd?: string;
  io?: AtomicIo;
}

const defaultIo: AtomicIo = nodeFs as unknown as AtomicIo;

/** `path` as the user would type it: relative to cwd when inside it. */
function shown(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** The first ancestor of `file` that exists but is not a folder (the cause of an ENOTDIR). */
function fileInTheWay(file: string, io: AtomicIo): string | undefined {
  const chain: string[] = [];
  for (let d = dirname(file); !chain.includes(d); d = dirname(d)) chain.unshift(d);
  try {
    for (const d of chain) {
      const info = io.statSync(d, { throwIfNoEntry: false });
      if (!info) return undefined;
      if (!info.isDirectory()) return d;
    }
  } catch {
    // unreadable on the way: the generic wording says enough
  }
  return undefined;
}

/** The cause of a failed write, in words (the code in brackets for a search engine). */
export function writeFailure(err: unknown, file: string, cwd: string, io: AtomicIo = defaultIo): FileWriteError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const at = shown(file, cwd);
  const folder = shown(dirname(file), cwd);
  let reason: string;
  switch (code) {
    case 'EROFS': reason = 'the file system is read-only (EROFS)'; break;
    case 'EACCES': case 'EPERM': reason = `permission denied (${code})`; break;
    case 'ENOSPC': reason = 'no space left on the device: the disk is full (ENOSPC)'; break;
    case 'EDQUOT': reason = 'disk quota exceeded (EDQUOT)'; break;
    case 'ENOENT': reason = `folder ${folder} does not exist (ENOENT)`; break;
    case 'EISDIR': reason = 'it is a folder (EISDIR)'; break;
    case 'EEXIST': // mkdir of a folder whose name a file already has
    case 'ENOTDIR': {
      const blocker = fileInTheWay(file, io);
      reason = blocker ? `${shown(blocker, cwd)} is a file, not a folder` : `a part of the path is not a folder (${code})`;
      break;
    }
    default: reason = code ?? (err instanceof Error ? err.message : String(err));
  }
  return new FileWriteError(at, reason, code, { cause: err });
}

let counter = 0;

/** Writes `data` into a new temporary file beside `file`; returns its path. Removes it on failure. */
function writeTemp(file: string, data: string | Uint8Array, opts: WriteOptions, io: AtomicIo): string {
  const tmp = `${file}.${process.pid}.${++counter}.tmp`;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd: number | undefined;
  try {
    fd = io.openSync(tmp, 'wx', opts.mode ?? 0o666);
    for (let off = 0; off < bytes.length; ) off += io.writeSync(fd, bytes, off, bytes.length - off);
    if (opts.durable !== false) io.fsyncSync(fd);
    io.closeSync(fd);
    fd = undefined;
    return tmp;
  } catch (err) {
    if (fd !== undefined) {
      try {
        io.closeSync(fd);
      } catch {
        // already failing: the first error is the one to report
      }
    }
    removeQuietly(tmp, io);
    throw err;
  }
}

function removeQuietly(file: string, io: AtomicIo): void {
  try {
    io.unlinkSync(file);
  } catch {
    // never created, or already gone
  }
}

/**
 * Writes `file` atomically: a temporary file in the same folder, flushed (unless `durable: false`),
 * then renamed over the target. Readers see the old content or the new, never a part; a failure
 * leaves the old file and no temporary file, and throws a FileWriteError naming path and cause.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, opts: WriteOptions = {}): void {
  writeFilesAtomic([{ file, data }], opts);
}

/**
 * Writes several files: every temporary file first, then the renames, so a full disk or a bad path
 * found on the last file leaves none of them written. A target that is a folder fails before any rename.
 */
export function writeFilesAtomic(files: ReadonlyArray<{ file: string; data: string | Uint8Array }>, opts: WriteOptions = {}): void {
  const io = opts.io ?? defaultIo;
  const cwd = opts.cwd ?? process.cwd();
  const temps: Array<{ tmp: string; file: string }> = [];
  let current = '';
  try {
    for (const f of files) {
      current = resolve(cwd, f.file);
      if (opts.mkdir) io.mkdirSync(dirname(current), { recursive: true });
      if (io.statSync(current, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      temps.push({ tmp: writeTemp(current, f.data, opts, io), file: current });
    }
    for (const t of temps) {
      current = t.file;
      io.renameSync(t.tmp, t.file);
      t.tmp = '';
    }
  } catch (err) {
    for (const t of temps) if (t.tmp) removeQuietly(t.tmp, io);
    throw writeFailure(err, current, cwd, io);
  }
}

/**
 * Refuses, before any work, a destination whose folder does not exist or that is a folder: a run that
 * would end by writing it (a drift history, metrics, a report) fails first. `what` names the file in
 * the message (`the history file`, `the metrics file`).
 */
export async function checkDestination(file: string, cwd: string, what: string): Promise<void> {
  const abs = resolve(cwd, file);
  const dir = await stat(dirname(abs)).catch(() => undefined);
  if (!dir?.isDirectory()) throw new FileWriteError(`${what} ${file}`, `folder ${dirname(file)} does not exist (create it first)`);
  if ((await stat(abs).catch(() => undefined))?.isDirectory()) throw new FileWriteError(`${what} ${file}`, 'it is a directory');
}
