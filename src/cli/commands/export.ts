// `caretaker export --service ID`: live resources -> manifests (a Stack and one file per resource).
// Refuses to overwrite an existing file unless --force; writes nothing when anything is refused.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitError } from '../../core/errors.js';
import { checkKindNames, exportService } from '../../engine/export.js';
import { createSchemaRegistry } from '../../schema/registry.js';
import { renderExportSummary, renderExportedDocument } from '../../views/yaml/export.js';
import { exportCompleteMessage } from '../../views/json/messages.js';
import type { GlobalOptions } from '../context.js';
import { openSession, withRuntime } from '../session.js';

export interface ExportFlags {
  service?: string;
  kind?: string[];
  name?: string[];
  out?: string;
  adopt?: boolean;
  force?: boolean;
  stack?: string;
  json?: boolean;
  jsonInto?: string;
}

export async function exportCommand(flags: ExportFlags, global: GlobalOptions): Promise<number> {
  const serviceId = Number(flags.service);
  if (!flags.service || !Number.isSafeInteger(serviceId) || serviceId <= 0) throw new ExitError(1, `--service must be an ITCare service id (a whole number from 1 to 9007199254740991), got ${flags.service ?? 'nothing'}`);
  if (flags.stack !== undefined && !/^[a-z0-9-]{2,40}$/.test(flags.stack)) throw new ExitError(1, `--stack must match [a-z0-9-]{2,40} (got ${flags.stack})`);
  const s = openSession(global, flags.json ? 'json' : 'text', { jsonInto: flags.jsonInto });
  const registry = createSchemaRegistry();
  const dir = resolve(s.cwd, flags.out ?? '.');
  // Kinds are checked before any network call, against the kinds the providers can export.
  const kinds = flags.kind ?? [];
  const known = registry.kinds().filter((k) => k !== 'Stack' && k !== 'Policy' && registry.policy(k).provider === 'itcare');
  try {
    checkKindNames(kinds, known);
  } catch (err) {
    throw new ExitError(1, (err as Error).message);
  }
  const result = await withRuntime(s, undefined, (rt) =>
    exportService(rt.providers, registry, { serviceId, kinds, names: flags.name, adopt: flags.adopt === true, stack: flags.stack }),
  );
  const existing = result.documents.map((d) => join(dir, d.file)).filter((f) => existsSync(f));
  if (existing.length > 0 && !flags.force) {
    throw new ExitError(1, `refusing to overwrite ${existing.length} existing file(s) (use --force): ${existing.join(', ')}`);
  }
  mkdirSync(dir, { recursive: true });
  for (const d of result.documents) writeFileSync(join(dir, d.file), renderExportedDocument(d), 'utf8');
  if (s.views.json) {
    s.views.json.write(exportCompleteMessage({
      stack: result.stack, serviceId: result.serviceId, directory: flags.out ?? '.',
      files: result.documents.map((d) => ({ file: d.file, address: d.address })),
      secrets: result.secrets, untagged: result.untagged, skipped: result.skipped, problems: result.problems,
    }));
  }
  if (s.format !== 'json') s.terminal.out.write(renderExportSummary(result, flags.out ?? '.', flags.adopt === true));
  return 0;
}
