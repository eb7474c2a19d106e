// Notes every planning command prints next to its plan: targeting in effect, owned resources missing
// from the manifests, and the connection flags a follow-up command needs.
import { ExitError } from '../core/errors.js';
import type { Plan } from '../engine/plan.js';
import { exclusionWarning, targetingWarning } from '../engine/targets.js';
import { unsetSecretsNote, unsetSecretsSent } from '../engine/unset-secrets.js';
import type { ManifestSet } from '../manifest/types.js';
import type { GlobalOptions } from './context.js';
import type { Session } from './session.js';

/** The "N owned resources are missing from the manifests" note (a note: no change, exit code unchanged). */
export function missingOwnedNote(p: Plan): string | undefined {
  const m = p.missingOwned ?? [];
  if (m.length === 0) return undefined;
  const what = m.length === 1 ? '1 owned resource is' : `${m.length} owned resources are`;
  return `Note: ${what} missing from the manifests and left alone: ${m.join(', ')}. ` +
    '`caretaker plan --prune` previews the deletion; `caretaker apply --prune` deletes.';
}

/** The notes of a plan; with the manifests, also which missing secrets a create would need. */
export function printPlanNotes(s: Session, p: Plan, set?: ManifestSet): void {
  if (p.targets && p.targets.length > 0) s.views.message(targetingWarning(p.targets));
  if (p.excludes && p.excludes.length > 0) s.views.message(exclusionWarning(p.excludes));
  const note = missingOwnedNote(p);
  if (note) s.views.message(note);
  const secrets = set ? unsetSecretsNote(set, p) : undefined;
  if (secrets) s.views.message(secrets);
}

/**
 * Refuses, with their file:line:col and exit 1, a plan that would send a secret whose source is
 * missing (an unset `${env:…}`, an absent `${file:…}`): called before the plan is shown, saved or sent.
 */
export function refuseUnsetSecrets(s: Session, p: Plan): void {
  const sent = unsetSecretsSent(p);
  if (sent.length === 0) return;
  s.views.diagnostics.diagnostics(sent);
  throw new ExitError(1);
}

/** Global flags that select what to talk to, repeated in the hints (`--simulator`, `--endpoint URL`). */
export function connectionFlags(g: GlobalOptions): string {
  const out: string[] = [];
  if (g.simulator) out.push('--simulator');
  if (g.endpoint) out.push('--endpoint', shellQuote(g.endpoint));
  return out.length > 0 ? ' ' + out.join(' ') : '';
}

export function shellQuote(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
