// `caretaker report FILE... [-o FILE]`: the fleet page (views/html/fleet.ts) from many stacks' drift
// outputs and histories. No network. A bad input is one error naming the file; nothing is written then.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkDestination, writeFileAtomic } from '../../core/files.js';
import { ExitError } from '../../core/errors.js';
import { buildFleet } from '../../engine/fleet.js';
import { renderFleetHtml } from '../../views/html/fleet.js';
import type { GlobalOptions } from '../context.js';
import { openSession } from '../session.js';

export async function reportCommand(files: string[], flags: { out?: string }, global: GlobalOptions): Promise<number> {
  const s = openSession(global, 'text');
  if (flags.out) await checkDestination(flags.out, s.cwd, 'the report');
  const inputs: Array<{ file: string; text: string }> = [];
  for (const file of files) {
    try {
      inputs.push({ file, text: await readFile(resolve(s.cwd, file), 'utf8') });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ExitError(1, `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'read error')}`);
    }
  }
  const page = renderFleetHtml(buildFleet(inputs, new Date()));
  if (flags.out) {
    writeFileAtomic(flags.out, page, { cwd: s.cwd });
    s.views.message(`Fleet report of ${inputs.length} file(s) written to ${flags.out} (${page.length.toLocaleString('en-US')} characters).`);
  } else {
    s.terminal.out.write(page);
  }
  return 0;
}
