import { describe, expect, it } from 'vitest';
import { code, html, text } from '../../../../src/views/markdown/escape.js';

describe('markdown escaping', () => {
  const cases: Record<string, { reason: string; args: [fn: (s: string) => string, input: string]; want: string }> = {
    plainCode: { reason: 'simple inline code', args: [code, 'nodeSizing'], want: '`nodeSizing`' },
    pipeInCode: { reason: 'a pipe must not end the table cell', args: [code, 'a|b'], want: '`a\\|b`' },
    backtickInCode: { reason: 'a longer fence around backticks', args: [code, 'a`b'], want: '``a`b``' },
    edgeBacktick: { reason: 'padding when the value starts with a backtick', args: [code, '`x'], want: '`` `x ``' },
    htmlSummary: { reason: 'markup in <summary> is shown, not parsed', args: [html, '<b>&"'], want: '&lt;b&gt;&amp;&quot;' },
    inlineText: { reason: 'emphasis and links are neutralised; -> stays readable', args: [text, 'a_b *c* [d] -> e'], want: 'a\\_b \\*c\\* \\[d\\] -> e' },
  };
  it.each(Object.entries(cases))('%s', (_n, { args: [fn, input], want }) => {
    expect(fn(input)).toBe(want);
  });
});
