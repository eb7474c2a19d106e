// `plan --override RULE --reason TEXT` (DESIGN §3): checked before any request (the rule must exist, a
// reason is required), recorded in the plan with who ran it, and honoured only by `apply PLANFILE`.
import { userInfo } from 'node:os';
import { CaretakerError } from '../../core/errors.js';
import { suggest } from '../../schema/suggest.js';
import type { PolicyOverride } from '../plan.js';
import type { PolicyRule } from './rules.js';

/** Who runs this: `CARETAKER_ACTOR` (a CI sets it to the reviewer or the pipeline's user), else the user name. */
export function actorOf(env: Record<string, string | undefined>): string {
  const fromEnv = env.CARETAKER_ACTOR?.trim();
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The override records for `rules` named on the command line. Throws (code ERR_OVERRIDE) when a name
 * matches no rule of the run's policies (with a did-you-mean) or when the reason is missing.
 */
export function makeOverrides(
  names: readonly string[], reason: string | undefined, rules: readonly PolicyRule[], actor: string, at: string,
): PolicyOverride[] {
  if (names.length === 0) {
    if (reason !== undefined) throw new CaretakerError('ERR_OVERRIDE', '--reason only makes sense with --override RULE');
    return [];
  }
  const problems: string[] = [];
  const known = [...new Set(rules.map((r) => r.name))].sort();
  for (const n of names) {
    if (known.includes(n)) continue;
    const hint = suggest(n, known);
    const list = known.length === 0 ? ' (no policy is loaded: give --policy FILE or a Policy document)' : hint ? `; did you mean "${hint}"?` : ` (rules: ${known.join(', ')})`;
    problems.push(`--override ${JSON.stringify(n)}: no rule of the policies has this name${list}`);
  }
  if (reason === undefined || reason.trim() === '') problems.push('--override needs --reason TEXT: why the rule may be broken this time (it is recorded in the saved plan)');
  if (problems.length > 0) throw new CaretakerError('ERR_OVERRIDE', problems.join('\n'));
  return [...new Set(names)].sort().map((rule) => ({ rule, reason: reason!.trim(), actor, at }));
}
