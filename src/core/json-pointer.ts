// RFC 6901 JSON pointers, shared by source maps, diffs and schema errors.

export function escapeSegment(s: string): string {
  // Almost every key has neither character: no new string then.
  if (!s.includes('~') && !s.includes('/')) return s;
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + escapeSegment(String(s))).join('');
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer.slice(1).split('/').map(unescapeSegment);
}

export function getAt(value: unknown, pointer: string): unknown {
  let cur: unknown = value;
  for (const seg of fromPointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    // Own properties only: a pointer segment `constructor` finds no inherited member.
    cur = Object.prototype.hasOwnProperty.call(cur, seg) ? (cur as Record<string, unknown>)[seg as never] : undefined;
  }
  return cur;
}

/** Dotted form for messages: `/spec/tags/app` → `spec.tags.app`. */
export function toDotted(pointer: string): string {
  return fromPointer(pointer).join('.');
}
