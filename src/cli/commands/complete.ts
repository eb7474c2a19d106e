// `caretaker __complete -- WORDS…` (hidden): what may complete the last word, one value a line, for
// the scripts of `caretaker completion`. Addresses come from the manifests of the current folder (or
// the paths already on the line); reading them is best-effort and never prints an error.
import type { Command } from 'commander';
import { loadDocuments } from '../../manifest/load.js';
import { createSchemaRegistry } from '../../schema/registry.js';
import { complete, renderCandidates } from '../completion.js';

/** Kinds besides the Stack document, for `--kind` and `schema`. */
function kinds(): string[] {
  return createSchemaRegistry(undefined, { lazy: true }).kinds().filter((k) => k !== 'Stack').sort();
}

/** `Kind/name` of every resource document under `paths` (`.` when none), sorted; nothing on any problem. */
async function addresses(paths: string[], cwd: string): Promise<string[]> {
  try {
    const loaded = await loadDocuments(paths.length > 0 ? paths : ['.'], { cwd });
    const out = new Set<string>();
    for (const d of loaded.documents) {
      const v = d.value as { kind?: unknown; metadata?: { name?: unknown } } | null;
      if (typeof v?.kind === 'string' && v.kind !== 'Stack' && typeof v.metadata?.name === 'string') out.add(`${v.kind}/${v.metadata.name}`);
    }
    return [...out].sort();
  } catch {
    return [];
  }
}

export async function completeCommand(program: Command, words: string[]): Promise<number> {
  const candidates = await complete(program, words.length > 0 ? words : [''], { kinds, addresses: (paths) => addresses(paths, process.cwd()) });
  process.stdout.write(renderCandidates(candidates));
  return 0;
}
