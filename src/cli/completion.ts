// Shell completion: `caretaker completion bash|zsh` prints a small script that asks the CLI itself
// (`caretaker __complete -- WORDS…`) what may come next: commands, a command's own flags (each once),
// flag values (formats, kinds, addresses read from the manifests of the current folder), and files
// only where a path is expected. Everything comes from the commander program, so nothing is kept twice.
import { own } from '../core/dict.js';
import type { Command, Option } from 'commander';

/** What may complete the last word: these values, or (`files`) the shell's own file names. */
export interface Candidates {
  values: string[];
  files?: boolean;
}

/** The sources of values the program cannot know by itself (read only when a word needs them). */
export interface CompletionSources {
  /** Kinds, e.g. for `--kind` and `schema`. */
  kinds(): string[];
  /** `Kind/name` addresses of the manifests under `paths` (the current folder when none). */
  addresses(paths: string[]): Promise<string[]>;
}

/** Options whose value is a path; every other value-taking option without choices completes to nothing. */
const PATH_OPTIONS = new Set(['--out', '--state', '--target-file', '--exclude-file', '--policy', '--json-into', '--gitlab-report', '--history', '--metrics']);
/** Options whose values are kinds or addresses (by their long name, on every command that has them). */
const KIND_OPTIONS = new Set(['--kind']);
const ADDRESS_OPTIONS = new Set(['--target', '--exclude']);
/** Commands whose positional arguments are not manifest paths. */
const POSITIONAL: Record<string, 'kinds' | 'shells' | 'files' | 'none'> = { schema: 'kinds', completion: 'shells', show: 'files', export: 'none', simulator: 'none' };

const visible = (c: Command): Command[] => c.commands.filter((x) => !(x as unknown as { _hidden?: boolean })._hidden);
const flagsOf = (c: Command): string[] => c.options.filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
const optionOf = (c: Command | undefined, program: Command, flag: string): Option | undefined =>
  [...(c?.options ?? []), ...program.options].find((o) => o.long === flag || o.short === flag);
const takesValue = (o: Option | undefined): boolean => !!o && (o.required || o.optional);

/**
 * The candidates for the last of `words` (the words after `caretaker`, the last one possibly empty).
 * Pure apart from the sources' reads.
 */
export async function complete(program: Command, words: readonly string[], sources: CompletionSources): Promise<Candidates> {
  const cur = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  // The command: the first word that is not a flag nor the value of a global flag.
  let command: Command | undefined;
  const positionals: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const w = before[i]!;
    if (w.startsWith('-')) {
      if (takesValue(optionOf(command, program, w)) && !w.includes('=')) i++;
      continue;
    }
    if (!command) command = visible(program).find((c) => c.name() === w || c.aliases().includes(w));
    else positionals.push(w);
    if (!command) return { values: [] };
  }
  // A value of the flag just before (or of a variadic flag further back, `--kind Redis Post…`).
  const valueOf = flagBeingValued(before, command, program);
  if (valueOf && !cur.startsWith('-')) return valuesOf(valueOf, sources, positionals);
  const flags = [...new Set([...(command ? flagsOf(command) : []), ...flagsOf(program), '--help'])];
  if (cur.startsWith('-')) return { values: flags.filter((f) => f.startsWith(cur)).sort() };
  if (!command) return { values: visible(program).map((c) => c.name()).filter((n) => n.startsWith(cur)).sort() };
  switch (own(POSITIONAL, command.name()) ?? 'files') {
    case 'kinds': return { values: sources.kinds().filter((k) => k.startsWith(cur)) };
    case 'shells': return { values: ['bash', 'zsh'].filter((k) => k.startsWith(cur)) };
    case 'none': return { values: [] };
    default: return { values: [], files: true };
  }
}

/** The option whose value the current word is, if any. */
function flagBeingValued(before: readonly string[], command: Command | undefined, program: Command): Option | undefined {
  const prev = before.at(-1);
  if (prev?.startsWith('-') && !prev.includes('=')) {
    const o = optionOf(command, program, prev);
    return takesValue(o) ? o : undefined;
  }
  // `--kind Redis ` then more kinds: the nearest flag back, when it is variadic.
  for (let i = before.length - 1; i >= 0; i--) {
    const w = before[i]!;
    if (!w.startsWith('-')) continue;
    const o = optionOf(command, program, w);
    return o?.variadic ? o : undefined;
  }
  return undefined;
}

async function valuesOf(o: Option, sources: CompletionSources, positionals: string[]): Promise<Candidates> {
  if (o.argChoices) return { values: [...o.argChoices] };
  if (KIND_OPTIONS.has(o.long ?? '')) return { values: sources.kinds() };
  if (ADDRESS_OPTIONS.has(o.long ?? '')) return { values: await sources.addresses(positionals) };
  if (PATH_OPTIONS.has(o.long ?? '')) return { values: [], files: true };
  return { values: [] };
}

/** What `caretaker __complete` prints: `:files` alone to ask for file names, else one value a line. */
export function renderCandidates(c: Candidates): string {
  return c.files ? ':files\n' : c.values.map((v) => `${v}\n`).join('');
}

export function bashCompletion(): string {
  return `# caretaker bash completion. Install: caretaker completion bash > /etc/bash_completion.d/caretaker
# or: source <(caretaker completion bash). Completions come from caretaker itself (caretaker __complete).
_caretaker() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" out
  out=$(caretaker __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  if [[ "$out" == ":files" ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
  else
    local IFS=$'\\n'
    COMPREPLY=($(compgen -W "$out" -- "$cur"))
  fi
  return 0
}
complete -F _caretaker caretaker
`;
}

export function zshCompletion(): string {
  return `#compdef caretaker
# caretaker zsh completion. Install: caretaker completion zsh > "\${fpath[1]}/_caretaker"
# or: source <(caretaker completion zsh). Completions come from caretaker itself (caretaker __complete).
_caretaker() {
  local -a out
  out=("\${(@f)$(caretaker __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ "\${out[1]}" == ":files" ]]; then
    _files
  else
    compadd -- "\${(@)out:#}"
  fi
}
if [[ "$funcstack[1]" == "_caretaker" ]]; then _caretaker "$@"; else compdef _caretaker caretaker; fi
`;
}
