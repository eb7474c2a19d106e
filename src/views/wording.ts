// Words shared by the human views: action symbols and phrases, plural forms, durations and the
// plan summary line, so that text and Markdown say exactly the same thing.
import type { Change, ChangeAction, Plan, PlanSummary, PolicyOverride, PolicyResult } from '../engine/plan.js';
import { compareAddress } from '../core/address.js';
import { formatPath } from './values.js';

type Acting = Exclude<ChangeAction, 'no-op'>;

export const SYMBOL: Record<Acting, string> = { create: '+', update: '~', replace: '-/+', delete: '-', release: '.' };

export const PHRASE: Record<Acting, string> = {
  create: 'will be created',
  update: 'will be updated in place',
  replace: 'must be replaced',
  delete: 'will be destroyed',
  release: 'will be released (no longer managed; the resource is kept)',
};

export const LEGEND: Record<Acting, string> = {
  create: 'create',
  update: 'update in place',
  replace: 'replace (destroy, then create)',
  delete: 'destroy',
  release: 'release (stop managing it; the resource is kept)',
};

export const ACTING_ORDER: readonly Acting[] = ['create', 'update', 'replace', 'delete', 'release'];

/** `1 error`, `2 errors`; `word` must be the singular. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** `0.4s`, `8.2s`, `12s`, `1m20s`, `1h02m`. */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 10_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)}s`;
  const s = Math.floor(safe / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `Plan: 1 to create, 1 to update, 0 to replace, 0 to destroy, 3 unchanged.` (`, 1 to release` only when there is one). */
export function summaryLine(s: PlanSummary): string {
  const release = s.release ? `, ${s.release} to release` : '';
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to destroy${release}, ${s.noop} unchanged.`;
}

/** The changes that do something, sorted by address. */
export function actingChanges(plan: Plan): (Change & { action: Acting })[] {
  return plan.changes
    .filter((c): c is Change & { action: Acting } => c.action !== 'no-op')
    .sort((a, b) => compareAddress(a.address, b.address));
}

export function irreversibleCount(plan: Plan): number {
  return actingChanges(plan).reduce((n, c) => n + c.operations.filter((o) => o.irreversible).length, 0);
}

/** `3 operations cannot be undone` (no trailing period; callers add their own markup). */
export function irreversibleWarning(n: number): string {
  return `${plural(n, 'operation')} cannot be undone`;
}

/** Why a change happens, as one sentence fragment; undefined when the action speaks for itself. */
export function reasonText(c: Change, stack: string): string | undefined {
  if (c.reason === 'prune') return `prune: owned by stack ${stack} and no longer in the manifests`;
  if (c.reason === 'destroy') return `destroy: owned by stack ${stack}`;
  if (c.reason) return c.reason;
  if (c.action === 'replace') {
    const forcing = c.diff.filter((d) => d.forcesReplace).map((d) => formatPath(d.path));
    if (forcing.length > 0) return `replace: ${forcing.join(', ')} cannot be changed in place`;
  }
  return undefined;
}

/** `waits for 1 action already in progress (900011)` when the resource has pending actions. */
export function pendingText(c: Change): string | undefined {
  const ids = c.pendingActions ?? [];
  if (ids.length === 0) return undefined;
  return `waits for ${plural(ids.length, 'action')} already in progress (${ids.join(', ')})`;
}

/**
 * `Note: Redis/orders-cache spec.networkId: not returned by the API (live value unknown): not compared,
 * no operation`, one per unknown field of the plan, in address order.
 */
export function unknownFieldNotes(changes: readonly Change[]): string[] {
  return changes.flatMap((c) => (c.unknownFields ?? []).map((p) =>
    `Note: ${c.address} spec.${formatPath(p)}: not returned by the API (live value unknown): not compared, no operation`));
}

/** `No drift: 5 resources match the manifests.` */
export function noDriftLine(total: number): string {
  return `No drift: ${plural(total, 'resource')} ${total === 1 ? 'matches' : 'match'} the manifests.`;
}

/** `2 of 5 resources differ from the manifests.` */
export function driftCountLine(drifted: number, total: number): string {
  return `${drifted} of ${plural(total, 'resource')} ${drifted === 1 ? 'differs' : 'differ'} from the manifests.`;
}

/** What a drifted resource looks like from the live side, as a sentence fragment. */
export function driftStatus(c: Change, stack: string): string {
  if (c.action === 'create') return 'missing: in the manifests but not found live';
  if (c.action === 'delete') return `not in the manifests: live resource owned by stack ${stack}`;
  if (c.action === 'replace') return 'differs from its manifest (needs replacement)';
  if (c.action === 'release') return 'to be released (lifecycle.release)';
  return 'differs from its manifest';
}

/** `Warning: Redis/x: …` for every advisory note of the plan, in address order. */
export function changeNotes(changes: readonly Change[]): string[] {
  return changes.flatMap((c) => (c.notes ?? []).map((n) => `Warning: ${c.address}: ${n}`));
}

/**
 * What the API said about operation `i` (1-based) before any write, as short fragments:
 * `dry run: accepted`, `dry run: rejected: <message>`, `not available: <cause>`…
 */
export function checkText(c: Change, i: number): string[] {
  const k = c.checks?.find((x) => x.operation === i);
  if (!k) return [];
  const out: string[] = [];
  if (k.dryRun === 'accepted') out.push('dry run: accepted');
  else if (k.dryRun === 'rejected') out.push(`dry run: REJECTED: ${k.message ?? 'no message'}`);
  else if (k.dryRun === 'header-ignored') out.push(`dry run: NOT VALIDATED, the server did not echo the dry-run header: ${k.message ?? 'it may have executed the call'}`);
  else if (k.dryRun === 'not-checked') out.push(`dry run: not checked: ${k.message ?? 'not sent'}`);
  if (k.availability === 'available') out.push('available');
  else if (k.availability === 'unavailable') out.push(`NOT AVAILABLE: ${k.cause ?? 'no cause given'}`);
  else if (k.availability === 'unknown') out.push(`availability unknown: ${k.cause ?? 'no information'}`);
  return out;
}

/** `no-database-replace (platform-rules, policies/platform.yaml:7): Redis/orders-cache: replacing a database loses its data` */
export function policyResultLine(r: PolicyResult): string {
  return `${r.rule} (${r.policy}, ${r.source})${r.address ? `: ${r.address}` : ''}: ${r.message}`;
}

/** The plan's policy results in the order a reviewer reads them: overridden denies, denies, warnings. */
export function policyGroups(plan: Plan): { overridden: PolicyResult[]; denied: PolicyResult[]; warned: PolicyResult[] } {
  const all = plan.policyResults ?? [];
  return {
    overridden: all.filter((r) => r.effect === 'deny' && r.overridden),
    denied: all.filter((r) => r.effect === 'deny' && !r.overridden),
    warned: all.filter((r) => r.effect === 'warn'),
  };
}

/** `rule irreversible-needs-override overridden by alice: the resize is planned with the DBA team` */
export function overrideLine(o: PolicyOverride): string {
  return `rule ${o.rule} overridden by ${o.actor}: ${o.reason}`;
}

/** `Excluded (--exclude): Redis/a (update), LoadBalancer/b (update; depends on KubernetesCluster/k)`, or undefined. */
export function excludedNote(plan: Plan): string | undefined {
  const x = plan.excluded ?? [];
  if (x.length === 0) return undefined;
  const items = x.map((e) => `${e.address} (${e.action}${e.dependsOn ? `; depends on excluded ${e.dependsOn}` : ''})`);
  return `Excluded (--exclude ${(plan.excludes ?? []).join(', ')}): ${plural(x.length, 'change')} left out: ${items.join(', ')}.`;
}

/** Why a change touches a resource of another manifest set, or undefined. */
export function foreignOriginText(c: Change, plan: Plan): string | undefined {
  if (!c.foreignOrigin) return undefined;
  const allowed = plan.allowForeignOrigin ? 'taken over with --allow-foreign-origin' : 'apply refuses it without --allow-foreign-origin';
  return `created from another manifest set: ${c.foreignOrigin} (this one: ${plan.origin ?? 'unknown'}); ${allowed}`;
}
