// `caretaker drift`: the drift report (engine/drift.ts) of the manifests; exit 0 in sync (or only
// acknowledged drift), 2 drift, 1 error. Owned resources missing from the manifests are listed too.
import { ExitError } from '../../core/errors.js';
import { buildDriftReport } from '../../engine/drift.js';
import { checkSelection, plan } from '../../index.js';
import { readSelection, type SelectionFlags } from '../selection.js';
import type { ViewFormat } from '../../views/view.js';
import type { GlobalOptions } from '../context.js';
import { loadOrExit, manifestPaths, openSession, withRuntime } from '../session.js';
import { unsetSecretsNote } from '../../engine/unset-secrets.js';

export async function driftCommand(
  paths: string[], flags: { format?: string; json?: boolean; jsonInto?: string } & SelectionFlags, global: GlobalOptions,
): Promise<number> {
  // `--json` is an alias of `--format json`.
  if (flags.json && flags.format && flags.format !== 'text' && flags.format !== 'json') {
    throw new ExitError(1, `--json conflicts with --format ${flags.format}`);
  }
  const format = (flags.json ? 'json' : (flags.format ?? 'text')) as ViewFormat;
  if (!['text', 'json', 'markdown'].includes(format)) throw new ExitError(1, `--format must be text, json or markdown (got ${flags.format})`);
  const s = openSession(global, format, { jsonInto: flags.jsonInto });
  const selection = await readSelection(flags, s.cwd);
  const { set, registry } = await loadOrExit(s, paths);
  checkSelection(selection, set.resources.map((r) => r.address));
  const now = new Date();
  let secretsNote: string | undefined;
  const report = await withRuntime(s, set, async (rt) => {
    const p = await plan(set, registry, {
      providers: rt.providers, manifestPaths: manifestPaths(paths), prune: true, now: () => now, ...selection, refuseEmptyExclusion: false,
    });
    // Drift sends nothing: secrets a create would need are only named (once), never required.
    secretsNote = unsetSecretsNote(set);
    // caretaker's own history entries carry its OAuth2 client id: the causes are the entries after them.
    const self = global.simulator ? 'caretaker-sim' : s.env.ITCARE_CLIENT_ID;
    return buildDriftReport(p, set, { providers: rt.providers, today: now.toISOString().slice(0, 10), self });
  });
  // A JSON stream (--json, --json-into) ends with its summary, so the note comes first there; else last
  // (on stderr beside a Markdown report).
  if (secretsNote && s.views.json) s.views.message(secretsNote);
  s.views.drift.drift(report);
  if (secretsNote && !s.views.json) s.views.message(secretsNote);
  return report.drift ? 2 : 0;
}
