// `caretaker export --service ID`: live resources -> manifests (a Stack and one file per resource).
// Refuses to overwrite an existing file unless --force; writes nothing when anything is refused.
import { hasOwn } from '../../core/dict.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitError } from '../../core/errors.js';
import { writeFilesAtomic } from '../../core/files.js';
import { checkKindNames, exportService } from '../../engine/export.js';
import { createSchemaRegistry } from '../../schema/registry.js';
import { renderExportSummary, renderExportedDocument } from '../../views/yaml/export.js';
import { exportCompleteMessage } from '../../views/json/messages.js';
import type { GlobalOptions } from '../context.js';
import { openSession, withRuntime } from '../session.js';
import { providerFactories } from '../../providers/index.js';

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
  /** commander's `--no-protect`: false when given. */
  protect?: boolean;
}

/**
 * The providers an export reads: those of the kinds asked for (schema `x-provider`), else ITCare's (the
 * default kinds are a service's). `--service` is needed exactly when ITCare is read.
 */
function exportScope(flags: ExportFlags, registry: ReturnType<typeof createSchemaRegistry>): { uses: Set<string>; serviceId?: number; kinds: string[] } {
  const kinds = flags.kind ?? [];
  // Kinds are checked before any network call, against the kinds of the providers caretaker has.
  const known = registry.kinds().filter((k) => k !== 'Stack' && k !== 'Policy' && hasOwn(providerFactories, registry.policy(k).provider));
  try {
    checkKindNames(kinds, known);
  } catch (err) {
    throw new ExitError(1, (err as Error).message);
  }
  const uses = new Set(kinds.length > 0 ? kinds.map((k) => registry.policy(k).provider) : ['itcare']);
  if (!uses.has('itcare')) {
    if (flags.service !== undefined) throw new ExitError(1, `--service is an ITCare service id, and none of the kinds asked for (${kinds.join(', ')}) is an ITCare kind: leave it out`);
    return { uses, kinds };
  }
  return { uses, serviceId: serviceIdOf(flags.service), kinds };
}

function serviceIdOf(service: string | undefined): number {
  const serviceId = Number(service);
  if (!service || !Number.isSafeInteger(serviceId) || serviceId <= 0) throw new ExitError(1, `--service must be an ITCare service id (a whole number from 1 to 9007199254740991), got ${service ?? 'nothing'}`);
  return serviceId;
}

export async function exportCommand(flags: ExportFlags, global: GlobalOptions): Promise<number> {
  if (flags.service !== undefined) serviceIdOf(flags.service);
  if (flags.stack !== undefined && !/^[a-z0-9-]{2,40}$/.test(flags.stack)) throw new ExitError(1, `--stack must match [a-z0-9-]{2,40} (got ${flags.stack})`);
  const s = openSession(global, flags.json ? 'json' : 'text', { jsonInto: flags.jsonInto });
  const registry = createSchemaRegistry();
  const { uses, serviceId, kinds } = exportScope(flags, registry);
  const dir = resolve(s.cwd, flags.out ?? '.');
  const result = await withRuntime(s, undefined, (rt) =>
    exportService(rt.providers, registry, { serviceId, kinds, names: flags.name, adopt: flags.adopt === true, stack: flags.stack, protect: flags.protect !== false }),
  { uses });
  const existing = result.documents.map((d) => join(dir, d.file)).filter((f) => existsSync(f));
  if (existing.length > 0 && !flags.force) {
    throw new ExitError(1, `refusing to overwrite ${existing.length} existing file(s) (use --force): ${existing.join(', ')}`);
  }
  // All or nothing: every file is written beside its target first, then all are renamed into place.
  writeFilesAtomic(result.documents.map((d) => ({ file: join(dir, d.file), data: renderExportedDocument(d) })), { mkdir: true, cwd: s.cwd });
  if (s.views.json) {
    s.views.json.write(exportCompleteMessage({
      stack: result.stack, serviceId: result.serviceId, directory: flags.out ?? '.',
      files: result.documents.map((d) => ({ file: d.file, address: d.address })),
      secrets: result.secrets, untagged: result.untagged, skipped: result.skipped, problems: result.problems, protected: result.protected,
    }));
  }
  if (s.format !== 'json') s.terminal.out.write(renderExportSummary(result, flags.out ?? '.', flags.adopt === true));
  return 0;
}
