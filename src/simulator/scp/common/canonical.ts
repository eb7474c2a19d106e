// The canonical query of a server that rebuilds the query before checking the signature (an option of
// the simulator, `scpCanonicalQuery`): the raw query parsed as Go's url.ParseQuery does, then encoded as
// the official SDK sends it (Go's url.Values.Encode(), then `%5B`/`%5D` back to `[`/`]` in keys).
// Written here from Go's documented net/url rules; the simulator shares no code with the providers.

const UPPER_HEX = '0123456789ABCDEF';

/** Go's url.QueryEscape on the UTF-8 bytes: A-Z a-z 0-9 - _ . ~ kept, a space as `+`, the rest %XX. */
function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += '%' + UPPER_HEX[byte >> 4] + UPPER_HEX[byte & 0xf];
  }
  return out;
}

/** Go's url.QueryUnescape: `+` is a space, %XX a byte; undefined for a malformed escape. */
function queryUnescape(s: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '+') bytes.push(0x20);
    else if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The canonical form of a raw query (without `?`), or undefined when it cannot be parsed (a bad `%`
 * escape, a `;` that Go refuses). Pairs are split on `&`, then on the first `=`; keys are sorted by
 * their bytes, the values of one key keep their order.
 */
export function canonicalQuery(raw: string): string | undefined {
  const values = new Map<string, string[]>();
  for (const part of raw.split('&')) {
    if (part === '') continue;
    if (part.includes(';')) return undefined;
    const eq = part.indexOf('=');
    const key = queryUnescape(eq === -1 ? part : part.slice(0, eq));
    const value = queryUnescape(eq === -1 ? '' : part.slice(eq + 1));
    if (key === undefined || value === undefined) return undefined;
    const list = values.get(key) ?? [];
    list.push(value);
    values.set(key, list);
  }
  const keys = [...values.keys()].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  const pairs: string[] = [];
  for (const key of keys) {
    const k = queryEscape(key).split('%5B').join('[').split('%5D').join(']');
    for (const v of values.get(key)!) pairs.push(`${k}=${queryEscape(v)}`);
  }
  return pairs.join('&');
}

/** `scheme://host/path?query` with its query in canonical form (no query stays none); undefined when unparsable. */
export function withCanonicalQuery(absoluteUrl: string): string | undefined {
  const q = absoluteUrl.indexOf('?');
  if (q === -1) return absoluteUrl;
  const canonical = canonicalQuery(absoluteUrl.slice(q + 1));
  if (canonical === undefined) return undefined;
  return canonical === '' ? absoluteUrl.slice(0, q) : `${absoluteUrl.slice(0, q)}?${canonical}`;
}
