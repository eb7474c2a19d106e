// `caretaker validate`: schema, references and interpolation; never touches the network.
import type { GlobalOptions } from '../context.js';
import { announceRead, loadOrExit, openSession } from '../session.js';

export async function validateCommand(paths: string[], global: GlobalOptions): Promise<number> {
  const s = openSession(global, 'text');
  const { set } = await loadOrExit(s, paths);
  announceRead(s, set);
  s.views.message(`Success: ${set.resources.length} resource(s) and stack "${set.stack.name}" in ${set.files.length} file(s) are valid.`);
  return 0;
}
