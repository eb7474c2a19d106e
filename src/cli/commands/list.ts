// `caretaker list [PATH...] [--json] [--unowned]`: what the stack owns, live, with the ids and the
// endpoints the API returns (like `terraform state list` and its outputs); reads only, needs no secret.
import { list } from '../../index.js';
import { resourceListMessage } from '../../views/json/messages.js';
import { renderListText } from '../../views/text/list.js';
import type { GlobalOptions } from '../context.js';
import { loadOrExit, openSession, withRuntime } from '../session.js';

export async function listCommand(paths: string[], flags: { json?: boolean; unowned?: boolean }, global: GlobalOptions): Promise<number> {
  const s = openSession(global, flags.json ? 'json' : 'text');
  const { set, registry } = await loadOrExit(s, paths);
  const listing = await withRuntime(s, set, (rt) => list(set, registry, { providers: rt.providers, unowned: flags.unowned === true }));
  if (s.views.json) s.views.json.write(resourceListMessage(listing));
  else s.terminal.out.write(renderListText(listing, { color: s.terminal.color }));
  return 0;
}
