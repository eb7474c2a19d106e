// `caretaker validate`: schema, references and interpolation syntax; never touches the network and
// needs no secret: an unset ${env:…} variable is a warning here (it stays an error for plan and apply).
import { validateCompleteMessage } from '../../views/json/messages.js';
import type { GlobalOptions } from '../context.js';
import { announceRead, manifestPaths, openSession } from '../session.js';
import { loadWithPolicies } from '../selection.js';

export async function validateCommand(paths: string[], flags: { json?: boolean; jsonInto?: string; policy?: string[] }, global: GlobalOptions): Promise<number> {
  const s = openSession(global, flags.json ? 'json' : 'text', { jsonInto: flags.jsonInto });
  const { set, warnings, rules } = await loadWithPolicies(s, manifestPaths(paths), flags.policy, { missingEnv: 'warning' });
  announceRead(s, set);
  if (warnings.length > 0) s.views.diagnostics.diagnostics(warnings);
  const policyNote = rules.length > 0 ? `, ${rules.length} policy rule(s)` : '';
  const line = `Success: ${set.resources.length} resource(s)${policyNote} and stack "${set.stack.name}" in ${set.files.length} file(s) are valid` +
    (warnings.length > 0 ? ` (${warnings.length} warning(s)).` : '.');
  if (s.views.json) {
    s.views.json.write(validateCompleteMessage({ stack: set.stack.name, resources: set.resources.length, files: set.files.length, warnings: warnings.length }));
  }
  if (s.format !== 'json') s.terminal.out.write(line + '\n');
  return 0;
}
