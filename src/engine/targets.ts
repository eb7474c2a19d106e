// Resource selection (`--target`, `--exclude` and their `-file` forms), checked before any network call:
// each entry is a `Kind/name` address or a pattern with `*` (and `?`) globs in either part, and must
// match at least one resource of the manifests (addresses are case-sensitive); a did-you-mean otherwise.
import picomatch from 'picomatch';
import { CaretakerError } from '../core/errors.js';
import { parseAddress } from '../core/address.js';
import { suggest } from '../schema/suggest.js';

const ADDRESS = /^[A-Z][A-Za-z0-9]*\/[^\s/]+$/;
const PATTERN = /^[A-Za-z*?][A-Za-z0-9*?]*\/[^\s/]+$/;

/** What a plan is restricted to: `targets` (and what they depend on), minus `excludes` (and what depends on them). */
export interface Selection {
  targets?: readonly string[];
  excludes?: readonly string[];
}

/** True when the entry holds a glob character: it is matched as a pattern, not compared as an address. */
export function isPattern(entry: string): boolean {
  return /[*?]/.test(entry);
}

/**
 * A predicate over addresses for these entries: exact addresses compare equal, patterns match with
 * picomatch (`*` never crosses the `/` between kind and name; only `*` and `?` are special).
 */
export function addressMatcher(entries: readonly string[]): (address: string) => boolean {
  const exact = new Set(entries.filter((e) => !isPattern(e)));
  const globs = entries.filter(isPattern).map((e) =>
    picomatch(e, { dot: true, nobrace: true, noextglob: true, nonegate: true, noglobstar: true, nobracket: true }));
  return (address) => exact.has(address) || globs.some((m) => m(address));
}

/** One problem line for an entry of `flag` that matches no address of `known`, with a did-you-mean. */
function noMatch(flag: string, entry: string, known: readonly string[]): string {
  const kinds = [...new Set(known.map((a) => parseAddress(a)?.kind ?? ''))].sort();
  const quoted = `${flag} ${JSON.stringify(entry)}`;
  const sameButCase = known.find((k) => k !== entry && k.toLowerCase() === entry.toLowerCase());
  if (sameButCase) return `${quoted} matches no resource: addresses are case-sensitive; did you mean "${sameButCase}"?`;
  if (!(isPattern(entry) ? PATTERN : ADDRESS).test(entry) || (!isPattern(entry) && !parseAddress(entry))) {
    const hint = suggest(entry, known);
    const dym = hint ? `; did you mean "${hint}"?` : known.length > 0 && known.length <= 12 ? ` (addresses: ${known.join(', ')})` : '';
    return `${quoted} is not a resource address: expected Kind/name or a pattern such as Kind/* or */name-*${known[0] === undefined ? '' : `, e.g. ${known[0]}`}${dym}`;
  }
  const slash = entry.indexOf('/');
  const [kind, name] = [entry.slice(0, slash), entry.slice(slash + 1)];
  const kindNote = isPattern(kind) || kinds.includes(kind) ? '' : ` (the manifests have no ${kind}; kinds: ${kinds.join(', ')})`;
  let hint: string | undefined;
  if (!isPattern(kind) && !kinds.includes(kind)) {
    const k = suggest(kind, kinds);
    if (k) hint = `${k}/${name}`;
  } else if (!isPattern(entry)) hint = suggest(entry, known);
  else {
    // a pattern close to a real name: compare without its globs
    const bare = suggest(entry.replace(/[*?]/g, ''), known);
    if (bare) hint = bare;
  }
  const dym = hint ? `; did you mean "${hint}"?` : known.length > 0 && known.length <= 12 ? ` (addresses: ${known.join(', ')})` : '';
  return `${quoted} matches no resource of the manifests${kindNote}${dym}`;
}

/**
 * Throws one error (code ERR_TARGET) listing every entry that matches nothing, and refuses exclusions
 * that leave no resource of the manifests selected. `known` are the manifests' addresses.
 */
export function checkSelection(sel: Selection, known: readonly string[]): void {
  const problems: string[] = [];
  for (const t of sel.targets ?? []) if (!known.some(addressMatcher([t]))) problems.push(noMatch('--target', t, known));
  for (const x of sel.excludes ?? []) if (!known.some(addressMatcher([x]))) problems.push(noMatch('--exclude', x, known));
  if (problems.length === 0 && sel.excludes && sel.excludes.length > 0 && known.length > 0) {
    const targeted = sel.targets && sel.targets.length > 0 ? known.filter(addressMatcher(sel.targets)) : known;
    const excluded = addressMatcher(sel.excludes);
    if (targeted.every(excluded)) {
      problems.push(`the exclusions (${sel.excludes.join(', ')}) remove every resource of the manifests${sel.targets?.length ? ' that the targets select' : ''}: nothing is left to plan`);
    }
  }
  if (problems.length > 0) throw new CaretakerError('ERR_TARGET', problems.join('\n'));
}

/** Throws one error listing every bad target, each with a did-you-mean from `known` when one is close. */
export function checkTargets(targets: readonly string[], known: readonly string[]): void {
  checkSelection({ targets }, known);
}

/**
 * Reads a `--target-file` / `--exclude-file` text: one address or pattern a line; blank lines and
 * `#` comments (whole-line or trailing) are ignored.
 */
export function parseSelectionFile(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.replace(/(^|\s)#.*$/, '').trim()).filter((l) => l !== '');
}

/** The warning printed (like Terraform's) whenever a plan or apply is restricted by --target. */
export function targetingWarning(targets: readonly string[]): string {
  return (
    `Warning: resource targeting is in effect (${targets.join(', ')}). The plan may be incomplete: it holds only ` +
    'these resources and what they depend on. Use --target for exceptional situations, not routine operations.'
  );
}

/** The warning printed whenever a plan or apply leaves resources out with --exclude. */
export function exclusionWarning(excludes: readonly string[]): string {
  return (
    `Warning: resource exclusion is in effect (${excludes.join(', ')}). The plan leaves out these resources and ` +
    'everything that depends on them.'
  );
}

/** A change left out by `--exclude`: its address, what it would have done, and the excluded address it depends on. */
export interface ExcludedChange {
  address: string;
  action: string;
  /** Set when the change was left out because it depends (transitively) on this excluded address. */
  dependsOn?: string;
}

/**
 * Keeps the targeted changes and, transitively, what they depend on; then removes the excluded ones
 * and, transitively, what depends on them. Returns the kept changes (input order) and the excluded
 * ones that would have acted, sorted by address.
 */
export function selectChanges<C extends { address: string; action: string; dependsOn: string[] }>(
  changes: readonly C[], sel: Selection,
): { kept: C[]; excluded: ExcludedChange[] } {
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  let kept = [...changes];
  if (sel.targets && sel.targets.length > 0) {
    const isTarget = addressMatcher(sel.targets);
    const keep = new Set<string>();
    const stack = changes.filter((c) => isTarget(c.address)).map((c) => c.address);
    while (stack.length > 0) {
      const a = stack.pop()!;
      if (keep.has(a)) continue;
      keep.add(a);
      for (const d of byAddress.get(a)?.dependsOn ?? []) stack.push(d);
    }
    kept = kept.filter((c) => keep.has(c.address));
  }
  const excluded: ExcludedChange[] = [];
  if (sel.excludes && sel.excludes.length > 0) {
    const isExcluded = addressMatcher(sel.excludes);
    // Reverse edges: who depends on whom, over the kept changes.
    const dependents = new Map<string, string[]>();
    for (const c of kept) for (const d of c.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), c.address]);
    const out = new Map<string, string | undefined>();
    const stack: Array<[string, string | undefined]> = kept.filter((c) => isExcluded(c.address)).map((c) => [c.address, undefined]);
    while (stack.length > 0) {
      const [a, via] = stack.pop()!;
      if (out.has(a)) continue;
      out.set(a, via);
      for (const d of dependents.get(a) ?? []) stack.push([d, via ?? a]);
    }
    for (const c of kept) {
      if (!out.has(c.address) || c.action === 'no-op') continue;
      const via = out.get(c.address);
      excluded.push(via === undefined ? { address: c.address, action: c.action } : { address: c.address, action: c.action, dependsOn: via });
    }
    kept = kept.filter((c) => !out.has(c.address));
    excluded.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }
  return { kept, excluded };
}
