// Secrets whose source is missing (UnsetSecret, in fields sent only at create): an error at their
// file:line:col when the plan sends them (a create, a replace, an operation that carries one), else
// one note saying which variables or files a create would need. Pure: reads the plan and the manifests.
import { error, type Diagnostic } from '../core/diagnostics.js';
import { findUnsetSecrets, type UnsetSecret } from '../core/unset-secret.js';
import type { ManifestSet } from '../manifest/types.js';
import type { Plan } from './plan.js';

/** `/spec/admPassword` → `spec.admPassword`; `/spec/defaults/admPassword` → `spec.defaults.admPassword`. */
function fieldOf(pointer: string): string {
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

/**
 * One error per missing secret that a planned call would send, at the string's position, naming the
 * change that sends it. Empty when the plan sends none (then apply needs none of them).
 */
export function unsetSecretsSent(p: Plan): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of p.changes) {
    const seen = new Set<UnsetSecret>();
    for (const o of c.operations) for (const u of findUnsetSecrets(o.body)) seen.add(u);
    for (const u of seen) {
      const what = `the ${c.action} of ${c.address}`;
      out.push(error('interpolation', `${u.source.problems.join(', ')}: ${what} sends ${fieldOf(u.source.pointer)}; set it, or leave this change out (--target)`, {
        address: c.address, path: u.source.pointer, ...(u.source.range ? { range: u.source.range } : {}),
      }));
    }
  }
  return out;
}

/**
 * The note for missing secrets (`undefined` when there are none): which variables or files a create
 * (or replace) would need, said once for the whole run. With the plan that will be sent, those it
 * sends are left out (they are errors); without one (drift sends nothing), every one is named.
 */
export function unsetSecretsNote(set: ManifestSet, p?: Plan): string | undefined {
  const sent = new Set<UnsetSecret>();
  for (const c of p?.changes ?? []) for (const op of c.operations) for (const u of findUnsetSecrets(op.body)) sent.add(u);
  const needs = new Map<string, string[]>();
  for (const r of set.resources) {
    for (const u of findUnsetSecrets(r.spec)) {
      if (sent.has(u)) continue;
      for (const problem of u.source.problems) {
        const what = problem.replace(/^environment variable (\S+) is not set$/, '$1').replace(/^environment variable (\S+) is empty$/, '$1 (empty)').replace(/^file not found: (.*)$/, '${file:$1}');
        needs.set(what, [...(needs.get(what) ?? []), r.address]);
      }
    }
  }
  if (needs.size === 0) return undefined;
  const list = [...needs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([what, addresses]) => `${what} (${[...new Set(addresses)].join(', ')})`);
  const n = needs.size === 1 ? '1 secret is' : `${needs.size} secrets are`;
  return `Note: ${n} not set; this run does not send ${needs.size === 1 ? 'it' : 'them'}, but a create or replace would need ${needs.size === 1 ? 'it' : 'them'}: ${list.join(', ')}`;
}
