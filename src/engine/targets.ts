// `--target ADDR` checks, before any network call: every target must be a well-formed `Kind/name`
// address that names a resource of the manifests, exactly (addresses are case-sensitive).
import { CaretakerError } from '../core/errors.js';
import { parseAddress } from '../core/address.js';
import { suggest } from '../schema/suggest.js';

const ADDRESS = /^[A-Z][A-Za-z0-9]*\/[^\s/]+$/;

/** Throws one error listing every bad target, each with a did-you-mean from `known` when one is close. */
export function checkTargets(targets: readonly string[], known: readonly string[]): void {
  const problems: string[] = [];
  const kinds = [...new Set(known.map((a) => parseAddress(a)?.kind ?? ''))].sort();
  for (const t of targets) {
    const hint = suggest(t, known);
    const dym = hint ? `; did you mean "${hint}"?` : known.length > 0 && known.length <= 12 ? ` (addresses: ${known.join(', ')})` : '';
    const sameButCase = known.find((k) => k !== t && k.toLowerCase() === t.toLowerCase());
    if (known.includes(t)) continue;
    if (sameButCase) {
      problems.push(`--target ${JSON.stringify(t)} matches no resource: addresses are case-sensitive; did you mean "${sameButCase}"?`);
    } else if (!ADDRESS.test(t) || !parseAddress(t)) {
      problems.push(`--target ${JSON.stringify(t)} is not a resource address: expected Kind/name${known[0] === undefined ? '' : `, e.g. ${known[0]}`}${dym}`);
    } else {
      const kind = parseAddress(t)!.kind;
      const kindNote = kinds.includes(kind) ? '' : ` (the manifests have no ${kind}; kinds: ${kinds.join(', ')})`;
      problems.push(`--target ${JSON.stringify(t)} matches no resource of the manifests${kindNote}${dym}`);
    }
  }
  if (problems.length > 0) throw new CaretakerError('ERR_TARGET', problems.join('\n'));
}

/** The warning printed (like Terraform's) whenever a plan or apply is restricted by --target. */
export function targetingWarning(targets: readonly string[]): string {
  return (
    `Warning: resource targeting is in effect (${targets.join(', ')}). The plan may be incomplete: it holds only ` +
    'these resources and what they depend on. Use --target for exceptional situations, not routine operations.'
  );
}
