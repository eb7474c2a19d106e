import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../../src/core/secret.js';
import { memoryTerminal, processTerminal, resolveColor, ScrubbingStream } from '../../../src/views/terminal.js';

describe('resolveColor', () => {
  const cases: Record<string, { reason: string; args: [boolean | undefined, NodeJS.ProcessEnv, boolean]; want: boolean }> = {
    tty: { reason: 'colour on an interactive terminal', args: [undefined, {}, true], want: true },
    pipe: { reason: 'no colour into a pipe or file', args: [undefined, {}, false], want: false },
    noColorFlag: { reason: '--no-color wins over everything', args: [false, { FORCE_COLOR: '1' }, true], want: false },
    noColorEnv: { reason: 'NO_COLOR (non-empty) disables colour', args: [true, { NO_COLOR: '1' }, true], want: false },
    emptyNoColor: { reason: 'an empty NO_COLOR is ignored', args: [undefined, { NO_COLOR: '' }, true], want: true },
    noColorOverForce: { reason: 'NO_COLOR wins over FORCE_COLOR', args: [undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, false], want: false },
    forceColor: { reason: 'FORCE_COLOR enables colour without a TTY (CI logs)', args: [undefined, { FORCE_COLOR: '1' }, false], want: true },
    forceColorZero: { reason: 'FORCE_COLOR=0 disables it even on a TTY', args: [undefined, { FORCE_COLOR: '0' }, true], want: false },
    dumb: { reason: 'TERM=dumb has no colour', args: [undefined, { TERM: 'dumb' }, true], want: false },
  };
  it.each(Object.entries(cases))('%s', (_n, { args, want }) => {
    expect(resolveColor(...args)).toBe(want);
  });
});

describe('terminals', () => {
  it('memoryTerminal captures writes synchronously, per stream', () => {
    const term = memoryTerminal({ isTTY: true, color: true, width: 100 });
    term.out.write('a');
    term.out.write('b\n');
    term.err.write('e\n');
    expect(term.stdout()).toBe('ab\n');
    expect(term.stderr()).toBe('e\n');
    expect([term.isTTY, term.color, term.width]).toEqual([true, true, 100]);
  });

  it('memoryTerminal defaults to a plain 80-column pipe', () => {
    const term = memoryTerminal();
    expect([term.isTTY, term.color, term.width]).toEqual([false, false, 80]);
  });

  it('processTerminal writes to the process streams through the secret scrubber and honours --no-color', () => {
    const term = processTerminal({ color: false });
    expect(term.out).toBeInstanceOf(ScrubbingStream);
    expect(term.err).toBeInstanceOf(ScrubbingStream);
    expect(term.color).toBe(false);
    expect(term.width).toBeGreaterThan(0);
  });
});

describe('ScrubbingStream', () => {
  it('replaces every registered secret before forwarding', async () => {
    registerSecret('Scrub#Me-Passw0rd');
    const sink = memoryTerminal();
    const s = new ScrubbingStream(sink.out);
    await new Promise<void>((done) => s.write('password Scrub#Me-Passw0rd rejected\n', () => done()));
    expect(sink.stdout()).toBe('password (sensitive) rejected\n');
  });
});
