// Per-command help (issue 24 item 7): each command's help names only the variables it reads and only
// its own flags (or global ones), with at least two examples that use only those flags.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { commandHelp, envOf } from '../../../src/cli/help.js';

const program = buildProgram({ code: 0 });
const commands = program.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
const flags = (names: string[]) => new Set(names.flatMap((n) => {
  const c = program.commands.find((x) => x.name() === n)!;
  return [...c.options, ...program.options].flatMap((o) => [o.long, o.short]).filter(Boolean) as string[];
}));

describe('per-command help', () => {
  it.each(commands.map((c) => c.name()))('%s: variables and at least two examples, with only its own flags', (name) => {
    const text = commandHelp(name);
    expect(text).toContain('Environment variables:');
    const examples = (text.split('Examples:')[1] ?? '').split('\n').filter((l) => l.startsWith('  $ '));
    expect(examples.length, name).toBeGreaterThanOrEqual(2);
    // Every flag the variables table names belongs to this command; every flag of an example to the
    // caretaker command of its part of the line (an example may chain `plan … && caretaker apply …`).
    const own = flags([name]);
    for (const f of text.split('Examples:')[0]!.match(/(?<![\w-])--[a-z][\w-]*/g) ?? []) expect(own.has(f), `${name}: ${f}`).toBe(true);
    for (const part of examples.flatMap((l) => l.split(/;|&&|\||>/))) {
      const cmd = /caretaker (\w+)/.exec(part)?.[1];
      if (!cmd) continue;
      const known = flags([cmd]);
      for (const f of part.match(/(?<![\w-])--?[a-z][\w-]*/g) ?? []) expect(known.has(f), `${name}: ${f} in "${part.trim()}"`).toBe(true);
    }
  });

  it('plan and drift do not list what only apply and destroy have', () => {
    for (const name of ['plan', 'drift']) {
      expect(envOf(name), name).not.toContain('CARETAKER_ACTION_TIMEOUT');
      expect(commandHelp(name), name).not.toMatch(/--request-timeout|--action-timeout|CARETAKER_POLL_MS/);
    }
    expect(envOf('apply')).toContain('CARETAKER_ACTION_TIMEOUT');
    expect(envOf('show')).toEqual(['NO_COLOR']);
  });
});
