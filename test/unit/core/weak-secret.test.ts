// Values too weak to protect (issue 24 item 6): the scrubber never registers a value it cannot tell
// from caretaker's own words, so it never rewrites them in a message; interpolation refuses such a
// value where it is written, without printing it.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../../src/core/diagnostics.js';
import { SecretScrubber } from '../../../src/core/secret.js';
import { tooWeakToProtect } from '../../../src/core/weak-secret.js';
import { interpolate } from '../../../src/manifest/interpolate.js';
import { parseManifestText } from '../../../src/manifest/load.js';

describe('tooWeakToProtect', () => {
  const cases: Record<string, { reason: string; value: string; want: string | undefined }> = {
    Short: { reason: 'fewer than 8 characters occur by chance in any text', value: 'one', want: 'shorter than 8 characters' },
    SevenChars: { reason: 'the limit is 8', value: 'Ab1!xyz', want: 'shorter than 8 characters' },
    OwnWord: { reason: 'a word of the password rule caretaker prints', value: 'character', want: "a plain word that caretaker's own messages use" },
    OwnWordCase: { reason: 'case does not make it another word', value: 'Uppercase', want: "a plain word that caretaker's own messages use" },
    OtherWord: { reason: 'a word caretaker never writes can be protected', value: 'zanzibarquux', want: undefined },
    Password: { reason: 'a real password', value: 'Sup3r$ecret!!', want: undefined },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => expect(tooWeakToProtect(c.value), c.reason).toBe(c.want));
});

describe('the scrubber and weak values', () => {
  it('never registers a weak value, so caretaker\'s own text keeps its words', () => {
    const s = new SecretScrubber();
    s.add('character');
    s.add('one');
    s.add('Sup3r$ecret!!');
    const rule = 'at least one lowercase letter, one uppercase letter, one digit and one special character';
    expect(s.scrub(rule)).toBe(rule);
    expect(s.scrub('the API echoed Sup3r$ecret!! back')).toBe('the API echoed (sensitive) back');
  });

  it('interpolation refuses it at the string\'s position, without printing it', () => {
    const diags: Diagnostic[] = [];
    const [doc] = parseManifestText('kind: Redis\nspec:\n  admPassword: ${env:PW}\n', 'r.yaml', diags);
    const r = interpolate(doc!.value, { env: { PW: 'character' }, baseDir: '/nonexistent', sourceMap: doc!.sourceMap });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "r.yaml:3:16: value too weak to protect: the interpolated value is a plain word that caretaker's own messages use, so caretaker could not keep it out of its output without rewriting its own text; use a stronger secret (at least 8 characters, not a plain word)",
    ]);
    const ok = interpolate(doc!.value, { env: { PW: 'Sup3r$ecret!!' }, baseDir: '/nonexistent', sourceMap: doc!.sourceMap });
    expect(ok.diagnostics).toEqual([]);
  });
});
