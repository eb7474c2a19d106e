import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../../src/core/diagnostics.js';
import { Secret } from '../../../src/core/secret.js';
import { parseManifestText } from '../../../src/manifest/load.js';
import { buildStack, locateMerged, mergeDefaults, selectStack } from '../../../src/manifest/stack.js';

function docs(text: string, file = 's.yaml') {
  const diags: Diagnostic[] = [];
  const out = parseManifestText(text, file, diags);
  expect(diags).toEqual([]);
  return out;
}

describe('selectStack', () => {
  it('keeps the one Stack document', () => {
    const set = docs('kind: Redis\n---\nkind: Stack\n');
    expect(selectStack(set)).toEqual({ stack: set[1], diagnostics: [] });
  });

  it('reports a missing Stack without a position', () => {
    const r = selectStack(docs('kind: Redis\n'));
    expect(r.stack).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, formatDiagnostic(d)])).toEqual([
      ['stack', 'no Stack document found: exactly one document of kind Stack is required'],
    ]);
  });

  it('reports every extra Stack at its kind, naming the first', () => {
    const set = [...docs('kind: Stack\n', 'a.yaml'), ...docs('x: 1\n---\nkind: Stack\n', 'b.yaml')];
    const r = selectStack(set);
    expect(r.stack?.file).toBe('a.yaml');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'b.yaml:3:7: a second Stack document: exactly one is allowed (the first is at a.yaml:1)',
    ]);
  });
});

describe('mergeDefaults', () => {
  const cases: Record<string, { reason: string; defaults: Record<string, unknown>; spec: Record<string, unknown>; want: Record<string, unknown> }> = {
    ResourceWins: { reason: 'a resource value wins over a default', defaults: { region: 'EB', area: 'EB-QA' }, spec: { area: 'ET-PROD' }, want: { region: 'EB', area: 'ET-PROD' } },
    DeepObjects: { reason: 'plain objects merge key by key', defaults: { tags: { team: 't', app: 'd' } }, spec: { tags: { app: 'orders' } }, want: { tags: { team: 't', app: 'orders' } } },
    ArraysReplace: { reason: 'arrays are leaves', defaults: { list: [1, 2] }, spec: { list: [3] }, want: { list: [3] } },
    NullWins: { reason: 'an explicit null in the resource wins too', defaults: { az: 'x' }, spec: { az: null }, want: { az: null } },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(mergeDefaults(c.defaults, c.spec), c.reason).toEqual(c.want);
  });

  it('keeps only accepted default keys, treats Secrets as leaves and does not modify its inputs', () => {
    const secret = new Secret('x');
    const defaults = { serviceId: 1, region: 'EB', pw: secret };
    const spec = { pw: { nested: true } };
    const out = mergeDefaults(defaults, spec, (k) => k !== 'region');
    expect(out).toEqual({ serviceId: 1, pw: { nested: true } });
    expect(mergeDefaults({ pw: secret }, {}).pw).toBe(secret);
    expect(defaults).toEqual({ serviceId: 1, region: 'EB', pw: secret });
  });
});

describe('locateMerged', () => {
  it('points at the resource for its own values and at the stack for merged defaults', () => {
    const [stack] = docs('kind: Stack\nspec:\n  defaults:\n    region: EB\n    tags:\n      team: t\n', 'stack.yaml');
    const [res] = docs('kind: Redis\nspec:\n  tags:\n    app: a\n', 'redis.yaml');
    const locate = locateMerged(res!, stack, (k) => k !== 'ignored');
    const at = (p: string, key = false) => {
      const l = locate(p, key);
      return `${l.range?.file}:${l.range?.start.line}:${l.range?.start.col}${l.fromDefaults ? ' (default)' : ''}`;
    };
    expect(at('/spec/tags/app')).toBe('redis.yaml:4:10');
    expect(at('/spec/tags/team')).toBe('stack.yaml:6:13 (default)');
    expect(at('/spec/region', true)).toBe('stack.yaml:4:5 (default)');
    expect(at('/spec/diskSize')).toBe('redis.yaml:3:3');
    expect(at('/metadata/name')).toBe('redis.yaml:1:1');
  });
});

describe('buildStack', () => {
  it('reads name, providers, defaults, prune and changeReference', () => {
    const value = {
      metadata: { name: 'orders-qa' },
      spec: { provider: { itcare: { endpoint: 'https://x' } }, defaults: { serviceId: 1 }, prune: true, changeReference: 'RFC1' },
    };
    expect(buildStack(value, 'stack.yaml')).toEqual({
      name: 'orders-qa', provider: { itcare: { endpoint: 'https://x' } }, defaults: { serviceId: 1 },
      prune: true, changeReference: 'RFC1', file: 'stack.yaml',
    });
    expect(buildStack({ metadata: { name: 'x' }, spec: {} }, 's.yaml')).toEqual({ name: 'x', provider: {}, defaults: {}, prune: false, file: 's.yaml' });
  });
});
