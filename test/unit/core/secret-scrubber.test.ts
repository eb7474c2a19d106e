// Issue 20 item 2: a registered secret is scrubbed in every form it may come back in (as written,
// JSON-escaped, URL-encoded, hex, base64, base64url) and as any run of 12 or more of its characters.
import { describe, expect, it } from 'vitest';
import { REDACTED, SecretScrubber, secretForms } from '../../../src/core/secret.js';

const PASSWORD = 'Pa"ss\\w0rd–<Top>=Secret';
const TOKEN = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYXJldGFrZXIiLCJleHAiOjE4OTM0NTYwMDB9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

function scrubber(...values: string[]): SecretScrubber {
  const s = new SecretScrubber();
  for (const v of values) s.add(v);
  return s;
}

describe('SecretScrubber: encodings', () => {
  const s = scrubber(PASSWORD, TOKEN);
  const b64 = (prefix: string, v: string) => Buffer.from(prefix + v, 'utf8').toString('base64');
  const cases: Record<string, string> = {
    'as written': `denied: ${PASSWORD}.`,
    'JSON-escaped (quotes, backslash)': `{"message":${JSON.stringify(`bad ${PASSWORD}`)}}`,
    'JSON-escaped twice (an escaped message inside a JSON line)': JSON.stringify({ error: JSON.stringify({ m: PASSWORD }) }),
    'JSON with \\u escapes (HTML-safe encoders)': `"${PASSWORD.replace(/[^\x20-\x7e]|[<>=]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/["\\]/g, '\\$&')}"`,
    'URL-encoded (component)': `GET /x?p=${encodeURIComponent(PASSWORD)}`,
    'URL-encoded (form)': `body: ${new URLSearchParams({ admPassword: PASSWORD }).toString()}`,
    'URL-encoded, lower-case hex': `p=${encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`,
    'hex': `dump ${Buffer.from(PASSWORD).toString('hex')} end`,
    'HEX': `dump ${Buffer.from(PASSWORD).toString('hex').toUpperCase()} end`,
    'base64 of the value': `echo ${b64('', PASSWORD)}`,
    'base64 after 1 byte (Basic id:secret)': `Authorization: Basic ${b64('u:', PASSWORD)}`,
    'base64 after 2 bytes': `x ${b64('ab', TOKEN)}`,
    'base64 of an echoed Authorization header': `you sent ${b64('Bearer ', TOKEN)}`,
    'base64url': `state=${Buffer.from(`{"t":"${TOKEN}"}`).toString('base64url')}`,
  };
  it.each(Object.entries(cases))('scrubs the secret %s', (_form, text) => {
    const out = s.scrub(text);
    expect(out).toContain(REDACTED);
    for (const secret of [PASSWORD, TOKEN]) {
      for (const form of secretForms(secret)) {
        for (let i = 0; i + 12 <= form.length; i++) expect(out).not.toContain(form.slice(i, i + 12));
      }
    }
  });
});

describe('SecretScrubber: runs of 12 characters', () => {
  const s = scrubber(TOKEN);
  it('scrubs a token cut to its first 60 %, its last 12 characters and any 12 in the middle', () => {
    expect(s.scrub(`token ${TOKEN.slice(0, Math.ceil(TOKEN.length * 0.6))}… expired`)).toBe(`token ${REDACTED}… expired`);
    expect(s.scrub(`…${TOKEN.slice(-12)}`)).toBe(`…${REDACTED}`);
    expect(s.scrub(`[${TOKEN.slice(40, 52)}]`)).toBe(`[${REDACTED}]`);
  });

  it('takes the whole run, not only the 12 characters that matched', () => {
    expect(s.scrub(`a ${TOKEN.slice(5, 70)} b`)).toBe(`a ${REDACTED} b`);
  });

  it('leaves 11 characters of a secret and ordinary text alone', () => {
    expect(s.scrub(`x${TOKEN.slice(20, 31)}y`)).toBe(`x${TOKEN.slice(20, 31)}y`);
    const text = 'Plan: 3 to create, 0 to update. eyJ is a common prefix; so is abcdefghijk.';
    expect(s.scrub(text)).toBe(text);
  });

  it('matches a value shorter than 12 characters whole only', () => {
    const short = scrubber('Zx9#qW');
    expect(short.scrub('a Zx9#qW b Zx9#q')).toBe(`a ${REDACTED} b Zx9#q`);
  });

  it('finds a run of a large file value (indexed one window in several) and extends it to its whole length', () => {
    const big = Array.from({ length: 30_000 }, (_, i) => ((i * 7919) % 65521).toString(36)).join('');
    const large = scrubber(big);
    expect(large.scrub(`<${big.slice(50_000, 50_040)}>`)).toBe(`<${REDACTED}>`);
  });

  it('merges overlapping runs of two secrets into one replacement', () => {
    const two = scrubber('AAAAbbbbCCCCdddd1', 'dddd1EEEEffffGGGG2');
    expect(two.scrub('<AAAAbbbbCCCCdddd1EEEEffffGGGG2>')).toBe(`<${REDACTED}>`);
  });

  it('indexes nothing for windows of fewer than 4 distinct characters', () => {
    const weak = scrubber('ab------------------------cd');
    expect(weak.scrub('| ------------ |')).toBe('| ------------ |');
    expect(weak.scrub('x ab------------------------cd y')).toBe(`x ${REDACTED} y`);
  });
});
