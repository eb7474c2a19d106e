// `caretaker validate`: schema, references and interpolation syntax; never touches the network and
// needs no secret: an unset ${env:…} variable is a warning here (it stays an error for plan and apply).
import { DiagnosticsError, ExitError } from '../../core/errors.js';
import { loadManifests } from '../../index.js';
import { validateCompleteMessage } from '../../views/json/messages.js';
import type { GlobalOptions } from '../context.js';
import { announceRead, manifestPaths, openSession } from '../session.js';

export async function validateCommand(paths: string[], flags: { json?: boolean }, global: GlobalOptions): Promise<number> {
  const s = openSession(global, flags.json ? 'json' : 'text');
  let loaded: Awaited<ReturnType<typeof loadManifests>>;
  try {
    loaded = await loadManifests(manifestPaths(paths), { cwd: s.cwd, env: s.env, missingEnv: 'warning' });
  } catch (err) {
    if (err instanceof DiagnosticsError) {
      s.views.diagnostics.diagnostics(err.diagnostics);
      throw new ExitError(1);
    }
    throw err;
  }
  const { set, warnings } = loaded;
  announceRead(s, set);
  if (warnings.length > 0) s.views.diagnostics.diagnostics(warnings);
  const line = `Success: ${set.resources.length} resource(s) and stack "${set.stack.name}" in ${set.files.length} file(s) are valid` +
    (warnings.length > 0 ? ` (${warnings.length} warning(s)).` : '.');
  if (s.views.json) {
    s.views.json.write(validateCompleteMessage({ stack: set.stack.name, resources: set.resources.length, files: set.files.length, warnings: warnings.length }));
  } else s.views.message(line);
  return 0;
}
