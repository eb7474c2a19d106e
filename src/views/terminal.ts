// The output streams, and the only module that touches process.stdout / process.stderr. Views write
// to a Terminal, so tests capture output with memoryTerminal() instead of patching the process.
import { openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { scrubText } from '../core/secret.js';

/** Where views write, and what the output device can show. */
export interface Terminal {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** stdout is an interactive terminal: live redraws are allowed. */
  isTTY: boolean;
  color: boolean;
  /** Columns of the terminal (80 when unknown); live lines are cut to fit. */
  width: number;
}

/**
 * Whether to colour output. `--no-color` (flag false) and a non-empty `NO_COLOR` disable it;
 * `FORCE_COLOR` (other than `0`/`false`) enables it; otherwise colour only on a TTY whose TERM is not `dumb`.
 */
export function resolveColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/**
 * A stream that scrubs every registered secret from what is written, then forwards it: the last line of
 * defence on every way out of the process (plans, progress, -v logs, errors, JSON).
 */
export class ScrubbingStream extends Writable {
  constructor(private readonly target: NodeJS.WritableStream) {
    super({ decodeStrings: false });
    this.on('error', () => undefined);
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.target.write(scrubText(text), (e) => done(e ?? null));
  }
  get isTTY(): boolean {
    return (this.target as { isTTY?: boolean }).isTTY === true;
  }
  get columns(): number | undefined {
    return (this.target as { columns?: number }).columns;
  }
}

/** The process's stdout/stderr. `color: false` is `--no-color`; true or absent means "when the terminal allows". */
export function processTerminal(opts: { color?: boolean }): Terminal {
  const isTTY = process.stdout.isTTY === true;
  return {
    out: new ScrubbingStream(process.stdout),
    err: new ScrubbingStream(process.stderr),
    isTTY,
    color: resolveColor(opts.color, process.env, isTTY),
    width: process.stdout.columns || 80,
  };
}

class MemoryStream extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    done();
  }
}

/** An in-memory terminal for tests: everything written is returned by `stdout()` / `stderr()`. */
export function memoryTerminal(
  opts: { isTTY?: boolean; color?: boolean; width?: number } = {},
): Terminal & { stdout(): string; stderr(): string } {
  const out = new MemoryStream({ decodeStrings: false });
  const err = new MemoryStream({ decodeStrings: false });
  return {
    out,
    err,
    isTTY: opts.isTTY ?? false,
    color: opts.color ?? false,
    width: opts.width ?? 80,
    stdout: () => out.chunks.join(''),
    stderr: () => err.chunks.join(''),
  };
}

/**
 * A file the JSON stream is written to (`--json-into FILE`): created or truncated at once (mode 0600),
 * written synchronously line by line, so that every line is on disk even when the run ends abruptly,
 * and scrubbed of every registered secret like all other output. Throws the open error (ENOENT…).
 */
export function fileOutput(file: string): NodeJS.WritableStream {
  const fd = openSync(file, 'w', 0o600);
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _enc, done) {
      try {
        writeSync(fd, scrubText(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
