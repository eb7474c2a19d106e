// Completion (issue 24 item 7): commands, each command's flags once, flag values (formats, kinds,
// addresses of the manifests in the current folder), files only where a path is expected.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { complete, renderCandidates, type CompletionSources } from '../../../src/cli/completion.js';

const program = buildProgram({ code: 0 });
const asked: string[][] = [];
const sources: CompletionSources = {
  kinds: () => ['Cluster', 'Redis', 'Thing'],
  addresses: async (paths) => (asked.push(paths), ['Redis/orderscache', 'Thing/a']),
};
const run = (...words: string[]) => complete(program, words, sources);

describe('complete', () => {
  const cases: Record<string, { reason: string; words: string[]; want: { values: string[]; files?: boolean } }> = {
    Commands: { reason: 'the first word is a command (never the hidden __complete)', words: [''], want: { values: ['apply', 'completion', 'destroy', 'drift', 'export', 'list', 'plan', 'report', 'schema', 'show', 'simulator', 'validate'] } },
    CommandPrefix: { reason: 'a prefix narrows', words: ['dr'], want: { values: ['drift'] } },
    AfterGlobalFlag: { reason: 'a global flag and its value come before the command', words: ['--endpoint', 'https://x', 'pl'], want: { values: ['plan'] } },
    Format: { reason: 'drift --format offers its formats, not files', words: ['drift', '--format', ''], want: { values: ['text', 'json', 'markdown'] } },
    Target: { reason: '--target offers the addresses of the manifests', words: ['plan', '--target', ''], want: { values: ['Redis/orderscache', 'Thing/a'] } },
    Kind: { reason: '--kind offers kinds', words: ['export', '--kind', ''], want: { values: ['Cluster', 'Redis', 'Thing'] } },
    KindAgain: { reason: '--kind takes several kinds', words: ['export', '--kind', 'Redis', ''], want: { values: ['Cluster', 'Redis', 'Thing'] } },
    Schema: { reason: 'schema takes a kind', words: ['schema', 'Re'], want: { values: ['Redis'] } },
    Shell: { reason: 'completion takes a shell', words: ['completion', ''], want: { values: ['bash', 'zsh'] } },
    Paths: { reason: 'manifest paths are files', words: ['plan', ''], want: { values: [], files: true } },
    Out: { reason: '-o is a path', words: ['plan', '-o', ''], want: { values: [], files: true } },
    PolicyFile: { reason: '--policy is a file', words: ['apply', '--policy', ''], want: { values: [], files: true } },
    Exclude: { reason: '--exclude offers the addresses too', words: ['drift', '--exclude', ''], want: { values: ['Redis/orderscache', 'Thing/a'] } },
    ServiceId: { reason: 'an id has nothing to complete, and export takes no path', words: ['export', '--service', ''], want: { values: [] } },
    ExportPositional: { reason: 'export takes no positional path', words: ['export', ''], want: { values: [] } },
    History: { reason: 'drift --history is a file', words: ['drift', '--history', ''], want: { values: [], files: true } },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => expect(await run(...c.words), c.reason).toEqual(c.want));

  it('lists each flag of a command once, --help included once', async () => {
    const r = await run('drift', '--');
    expect(r.values.filter((v) => v === '--help')).toHaveLength(1);
    expect(new Set(r.values).size).toBe(r.values.length);
    expect(r.values).toContain('--format');
    expect(r.values).not.toContain('--action-timeout');
  });

  it('reads addresses from the paths already on the line', async () => {
    asked.length = 0;
    await run('apply', 'stacks/orders', '--target', '');
    expect(asked).toEqual([['stacks/orders']]);
  });

  it('prints one value a line, or :files to let the shell complete file names', () => {
    expect(renderCandidates({ values: ['a', 'b'] })).toBe('a\nb\n');
    expect(renderCandidates({ values: [], files: true })).toBe(':files\n');
  });
});
