// "Did you mean" for unknown fields, kinds and reference targets: the closest candidate by edit
// distance, when it is close enough to be a likely typo.
import { distance } from 'fastest-levenshtein';

/** Largest edit distance accepted for a word of this length (short words tolerate one edit). */
function threshold(length: number): number {
  return length <= 3 ? 1 : Math.max(2, Math.floor(length / 3));
}

/**
 * The candidate closest to `word`, or undefined when none is within the typo threshold. A candidate
 * equal to `word` but for case always wins; ties go to the first candidate in sorted order.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const sorted = [...new Set(candidates)].filter((c) => c !== word).sort();
  const lower = word.toLowerCase();
  const sameCase = sorted.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of sorted) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= threshold(word.length) ? best : undefined;
}

/** `; did you mean "x"?` or an empty string: ready to append to a summary. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hint = suggest(word, candidates);
  return hint === undefined ? '' : `; did you mean "${hint}"?`;
}
