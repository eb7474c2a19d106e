// Values too weak to protect: a secret is kept out of output by replacing its text wherever it appears,
// which is only safe for a value that cannot be mistaken for caretaker's own words. A value shorter
// than 8 characters, or a plain word that caretaker's own text uses, is refused instead of registered
// (scrubbing it would rewrite that word in every message: "one (sensitive) and one special character").
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shortest value the scrubber accepts. */
export const MIN_SECRET_LENGTH = 8;

let vocabulary: Set<string> | undefined;

/** Every file of the running program (src/*.ts or dist/*.js) and the schemas, for their words. */
function programFiles(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const roots = [join(here, '..'), join(here, '..', '..', 'schemas')];
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory() && depth < 8) walk(p, depth + 1);
      else if (/\.(ts|js|json)$/.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(p);
    }
  };
  for (const r of roots) walk(r, 0);
  return out;
}

/**
 * The words (letters only, at least MIN_SECRET_LENGTH long, lower-cased) of caretaker's own text: its
 * messages, the schemas' descriptions and rules. Read once, and only when a letters-only secret is seen.
 */
function ownWords(): Set<string> {
  if (vocabulary) return vocabulary;
  vocabulary = new Set();
  for (const f of programFiles()) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const w of text.match(/[A-Za-z]{8,}/g) ?? []) vocabulary.add(w.toLowerCase());
  }
  return vocabulary;
}

/**
 * Why `value` cannot be protected (kept out of output by the scrubber), or undefined when it can.
 * Never returns the value itself.
 */
export function tooWeakToProtect(value: string): string | undefined {
  if (value.length < MIN_SECRET_LENGTH) return `shorter than ${MIN_SECRET_LENGTH} characters`;
  if (/^[A-Za-z]+$/.test(value) && ownWords().has(value.toLowerCase())) return "a plain word that caretaker's own messages use";
  return undefined;
}
