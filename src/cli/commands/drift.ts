// `caretaker drift`: a plan rendered as a drift report; exit 0 in sync, 2 drift, 1 error.
// `--json` is an alias of `--format json`. Owned resources missing from the manifests are a note.
import { ExitError } from '../../core/errors.js';
import { hasChanges } from '../../engine/plan.js';
import { plan } from '../../index.js';
import type { ViewFormat } from '../../views/view.js';
import type { GlobalOptions } from '../context.js';
import { missingOwnedNote } from '../notes.js';
import { loadOrExit, manifestPaths, openSession, withRuntime } from '../session.js';

export async function driftCommand(paths: string[], flags: { format?: string; json?: boolean }, global: GlobalOptions): Promise<number> {
  if (flags.json && flags.format && flags.format !== 'text' && flags.format !== 'json') {
    throw new ExitError(1, `--json conflicts with --format ${flags.format}`);
  }
  const format = (flags.json ? 'json' : (flags.format ?? 'text')) as ViewFormat;
  if (!['text', 'json', 'markdown'].includes(format)) throw new ExitError(1, `--format must be text, json or markdown (got ${flags.format})`);
  const s = openSession(global, format);
  const { set, registry } = await loadOrExit(s, paths);
  const p = await withRuntime(s, set, (rt) => plan(set, registry, { providers: rt.providers, manifestPaths: manifestPaths(paths) }));
  s.views.drift.drift(p);
  const note = missingOwnedNote(p);
  if (note) s.views.message(note);
  return hasChanges(p) ? 2 : 0;
}
