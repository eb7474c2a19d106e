import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/secret.js';
import { formatPath, formatRefPath, formatValue } from '../../../src/views/values.js';

describe('formatValue', () => {
  const cases: Record<string, { reason: string; args: unknown; want: string }> = {
    string: { reason: 'strings are quoted', args: '2cpu4gb', want: '"2cpu4gb"' },
    number: { reason: 'numbers as is', args: 40, want: '40' },
    boolean: { reason: 'booleans as is', args: false, want: 'false' },
    nullValue: { reason: 'null is explicit', args: null, want: 'null' },
    absent: { reason: 'undefined is an absent field', args: undefined, want: '(absent)' },
    secret: { reason: 'a Secret never prints its value', args: new Secret('pw'), want: '(sensitive)' },
    redacted: { reason: 'an already-redacted value is not quoted', args: '(sensitive)', want: '(sensitive)' },
    refPlaceholder: { reason: 'a whole placeholder is an id known after apply', args: '${ref:Redis/a}', want: '(known after apply: id of Redis/a)' },
    refObject: { reason: 'a manifest reference object too', args: { ref: 'KubernetesCluster/web' }, want: '(known after apply: id of KubernetesCluster/web)' },
    embeddedRef: { reason: 'a placeholder inside a string stays short', args: 'x-${ref:Redis/a}', want: '"x-{id of Redis/a}"' },
    list: { reason: 'lists inline', args: ['a', 1, new Secret('pw')], want: '["a", 1, (sensitive)]' },
    object: { reason: 'objects inline with odd keys quoted', args: { a: 1, 'b.c': 'x' }, want: '{ a: 1, "b.c": "x" }' },
    emptyObject: { reason: 'empty object', args: {}, want: '{}' },
  };
  it.each(Object.entries(cases))('%s', (_n, { args, want }) => {
    expect(formatValue(args)).toBe(want);
  });

  it('resolves ${ref:self} to the change address', () => {
    expect(formatValue('${ref:self}', 'Redis/a')).toBe('(known after apply: id of Redis/a)');
    expect(formatRefPath('/itcare/compute/resources/${ref:self}/tags', 'Redis/a')).toBe('/itcare/compute/resources/{id of Redis/a}/tags');
  });
});

describe('formatPath', () => {
  const cases: Record<string, { reason: string; args: string; want: string }> = {
    top: { reason: 'a top-level field', args: '/nodeSizing', want: 'nodeSizing' },
    nested: { reason: 'dotted', args: '/tags/team', want: 'tags.team' },
    index: { reason: 'list index in brackets', args: '/urls/0/path', want: 'urls[0].path' },
    oddKey: { reason: 'keys with dots or slashes are quoted', args: '/tags/app.kubernetes.io~1name', want: 'tags["app.kubernetes.io/name"]' },
    root: { reason: 'the empty pointer', args: '', want: '(whole spec)' },
  };
  it.each(Object.entries(cases))('%s', (_n, { args, want }) => {
    expect(formatPath(args)).toBe(want);
  });
});
