// Policy documents -> rules: those of the manifest set (validated with the set) and the files given with
// `--policy` / `CARETAKER_POLICY` (an organisation's rules kept outside the manifests). Every problem is a
// diagnostic with its file:line:col, reported with the others before any network call.
import { delimiter } from 'node:path';
import { error, type Diagnostic } from '../../core/diagnostics.js';
import { loadDocuments } from '../../manifest/load.js';
import { isPlainObject } from '../../manifest/stack.js';
import type { ManifestDocument } from '../../manifest/types.js';
import type { SchemaRegistry } from '../../schema/registry.js';
import { issuesToDiagnostics } from '../../schema/validate.js';
import { POLICY_KIND, compilePolicyDocument, duplicateRules, type PolicyRule } from './rules.js';

/** The rules of one Policy document: schema problems first; the rules are compiled only when the document is valid. */
export function policyDocumentRules(doc: ManifestDocument, registry: SchemaRegistry): { rules: PolicyRule[]; diagnostics: Diagnostic[] } {
  const map = doc.sourceMap;
  const issues = registry.validate(POLICY_KIND, doc.value);
  const schemaDiags = issuesToDiagnostics(issues, (ptr, atKey) => (atKey ? map.keyRangeOf(ptr) : map.rangeOf(ptr)));
  // A rule with neither or both of deny/warn is said by the compiler, in plainer words than the schema's.
  const compiled = compilePolicyDocument(doc, isPlainObject(doc.value) ? doc.value : {});
  return { rules: schemaDiags.length > 0 ? [] : compiled.rules, diagnostics: [...schemaDiags, ...compiled.diagnostics] };
}

/** Policy files named by `CARETAKER_POLICY` (several separated like PATH entries), then by `--policy`, each once. */
export function policyFiles(flags: readonly string[] | undefined, env: Record<string, string | undefined>): string[] {
  const fromEnv = (env.CARETAKER_POLICY ?? '').split(delimiter).map((s) => s.trim()).filter((s) => s !== '');
  return [...new Set([...fromEnv, ...(flags ?? [])])];
}

/**
 * Reads policy files (YAML, one or more `kind: Policy` documents each). A missing file, a YAML error, a
 * document of another kind, a schema problem or a rule that does not compile is a diagnostic.
 */
export async function loadPolicyFiles(files: readonly string[], opts: { cwd: string; registry: SchemaRegistry }): Promise<{ rules: PolicyRule[]; diagnostics: Diagnostic[] }> {
  if (files.length === 0) return { rules: [], diagnostics: [] };
  const loaded = await loadDocuments([...files], { cwd: opts.cwd });
  const diagnostics = [...loaded.diagnostics];
  const rules: PolicyRule[] = [];
  for (const doc of loaded.documents) {
    const kind = isPlainObject(doc.value) ? doc.value.kind : undefined;
    if (kind !== POLICY_KIND) {
      diagnostics.push(error('policy', `a policy file holds only Policy documents (apiVersion: caretaker/v1, kind: Policy); this one is ${typeof kind === 'string' ? JSON.stringify(kind) : 'not a Policy'}`, {
        path: '/kind', range: doc.sourceMap.rangeOf(kind === undefined ? '' : '/kind'),
      }));
      continue;
    }
    const r = policyDocumentRules(doc, opts.registry);
    rules.push(...r.rules);
    diagnostics.push(...r.diagnostics);
  }
  return { rules, diagnostics };
}

/** All the rules of a run: the set's and the files', with duplicate names reported. */
export function combineRules(...groups: ReadonlyArray<readonly PolicyRule[]>): { rules: PolicyRule[]; diagnostics: Diagnostic[] } {
  const rules = groups.flat();
  return { rules, diagnostics: duplicateRules(rules) };
}
