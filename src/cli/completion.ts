// `caretaker completion bash|zsh`: a completion script generated from the commander program itself,
// so every command and flag is completed without a hand-kept list.
import type { Command } from 'commander';

interface Spec {
  name: string;
  flags: string[];
}

function specs(program: Command): { global: string[]; commands: Spec[] } {
  const flagsOf = (c: Command) => c.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)).concat('--help');
  return {
    global: flagsOf(program),
    commands: program.commands.map((c) => ({ name: c.name(), flags: flagsOf(c) })),
  };
}

export function bashCompletion(program: Command): string {
  const { global, commands } = specs(program);
  const cases = commands.map((c) => `    ${c.name}) opts="${[...c.flags, ...global].join(' ')}" ;;`).join('\n');
  return `# caretaker bash completion. Install: caretaker completion bash > /etc/bash_completion.d/caretaker
# or: source <(caretaker completion bash)
_caretaker() {
  local cur cmd opts i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${global.join(' ')}" -- "$cur"));
    else COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(' ')}" -- "$cur")); fi
    return 0
  fi
  case "$cmd" in
${cases}
    *) opts="${global.join(' ')}" ;;
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur"));
  else COMPREPLY=($(compgen -f -- "$cur")); fi
  return 0
}
complete -o filenames -F _caretaker caretaker
`;
}

export function zshCompletion(program: Command): string {
  const { global, commands } = specs(program);
  const cmdList = commands.map((c) => {
    const d = program.commands.find((x) => x.name() === c.name)?.description() ?? '';
    return `    '${c.name}:${d.replace(/'/g, `'\\''`).replace(/:/g, '\\:')}'`;
  }).join('\n');
  const cases = commands.map((c) => `      ${c.name}) _arguments '*:file:_files' ${[...c.flags, ...global].map((f) => `'${f}'`).join(' ')} ;;`).join('\n');
  return `#compdef caretaker
# caretaker zsh completion. Install: caretaker completion zsh > "\${fpath[1]}/_caretaker"
# or: source <(caretaker completion zsh)
_caretaker() {
  local -a commands
  commands=(
${cmdList}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
if [[ "$funcstack[1]" == "_caretaker" ]]; then _caretaker "$@"; else compdef _caretaker caretaker; fi
`;
}
