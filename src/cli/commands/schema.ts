// `caretaker schema [KIND]`: list the kinds, or print one kind's JSON Schema (for editors).
import { distance } from 'fastest-levenshtein';
import { ExitError } from '../../core/errors.js';
import { createSchemaRegistry } from '../../schema/registry.js';
import type { GlobalOptions } from '../context.js';
import { openSession } from '../session.js';

export async function schemaCommand(kind: string | undefined, global: GlobalOptions): Promise<number> {
  const s = openSession(global, 'text');
  const registry = createSchemaRegistry();
  if (!kind) {
    for (const k of registry.kinds()) {
      const schema = registry.schema(k) as { description?: string };
      s.views.message(`${k.padEnd(18)} ${schema.description?.split('\n')[0] ?? ''}`.trimEnd());
    }
    return 0;
  }
  const match = registry.kinds().find((k) => k.toLowerCase() === kind.toLowerCase());
  if (!match) {
    const best = registry.kinds().map((k) => [k, distance(k.toLowerCase(), kind.toLowerCase())] as const).sort((a, b) => a[1] - b[1])[0];
    const hint = best && best[1] <= 3 ? `; did you mean "${best[0]}"?` : '';
    throw new ExitError(1, `unknown kind "${kind}"${hint} (known: ${registry.kinds().join(', ')})`);
  }
  s.terminal.out.write(JSON.stringify(registry.schema(match), null, 2) + '\n');
  return 0;
}
