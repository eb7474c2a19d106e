// What plan, apply, destroy and drift share beyond the manifests: the selection (`--target`, `--exclude`
// and their `-file` forms) and the policies (`--policy`, CARETAKER_POLICY, the set's Policy documents),
// each read and checked before any network call.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CaretakerError, DiagnosticsError, ExitError } from '../core/errors.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { combineRules, loadManifests, loadPolicyFiles, parseSelectionFile, policyFiles, type PolicyRule } from '../index.js';
import type { ManifestSet } from '../manifest/types.js';
import { createSchemaRegistry, type SchemaRegistry } from '../schema/registry.js';
import type { Session } from './session.js';

export interface SelectionFlags {
  target?: string[];
  exclude?: string[];
  targetFile?: string;
  excludeFile?: string;
}

async function linesOf(file: string, flag: string, cwd: string): Promise<string[]> {
  try {
    return parseSelectionFile(await readFile(resolve(cwd, file), 'utf8'));
  } catch (err) {
    throw new CaretakerError('ERR_TARGET', `cannot read ${flag} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The selection of the flags: `--target` plus the lines of `--target-file`, likewise for excludes. */
export async function readSelection(flags: SelectionFlags, cwd: string): Promise<{ targets?: string[]; excludes?: string[] }> {
  const targets = [...(flags.target ?? []), ...(flags.targetFile ? await linesOf(flags.targetFile, '--target-file', cwd) : [])];
  const excludes = [...(flags.exclude ?? []), ...(flags.excludeFile ? await linesOf(flags.excludeFile, '--exclude-file', cwd) : [])];
  if (flags.targetFile && targets.length === 0) throw new CaretakerError('ERR_TARGET', `--target-file ${flags.targetFile} names no address`);
  if (flags.excludeFile && excludes.length === 0) throw new CaretakerError('ERR_TARGET', `--exclude-file ${flags.excludeFile} names no address`);
  return { ...(targets.length > 0 ? { targets } : {}), ...(excludes.length > 0 ? { excludes } : {}) };
}

/**
 * The manifest set and every rule of the run: the set's Policy documents and the files of
 * CARETAKER_POLICY and `--policy`. Every problem of both (a manifest error, a missing or non-YAML
 * policy file, a rule that does not compile, a duplicate rule name) is rendered at once as diagnostics,
 * and the run ends with exit 1 before any request.
 */
export async function loadWithPolicies(
  s: Session, paths: string[], policyFlags: readonly string[] | undefined, opts: { missingEnv?: 'error' | 'warning' } = {},
): Promise<{ set: ManifestSet; registry: SchemaRegistry; rules: PolicyRule[]; warnings: Diagnostic[] }> {
  const registry = createSchemaRegistry(undefined, { lazy: true });
  let loaded: Awaited<ReturnType<typeof loadManifests>> | undefined;
  const diagnostics: Diagnostic[] = [];
  try {
    loaded = await loadManifests(paths.length > 0 ? paths : ['.'], { cwd: s.cwd, env: s.env, registry, ...opts });
  } catch (err) {
    if (!(err instanceof DiagnosticsError)) throw err;
    diagnostics.push(...err.diagnostics);
  }
  const files = await loadPolicyFiles(policyFlags === undefined && !s.env.CARETAKER_POLICY ? [] : policyFiles(policyFlags, s.env), { cwd: s.cwd, registry });
  const all = combineRules(loaded?.policies ?? [], files.rules);
  diagnostics.push(...files.diagnostics, ...all.diagnostics);
  if (!loaded || hasErrors(diagnostics)) {
    s.views.diagnostics.diagnostics(sortDiagnostics([...diagnostics, ...(loaded?.warnings ?? [])]));
    throw new ExitError(1);
  }
  return { set: loaded.set, registry: loaded.registry, rules: all.rules, warnings: loaded.warnings };
}
