// Issue 20 item 1: no manifest key can remove a resource from the desired set in silence. The keys
// `__proto__`, `constructor` and `prototype` are file:line:col errors wherever they are written, and a
// document that yields no name is always a diagnostic.
import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diagnostics.js';
import { loadDesiredState } from '../../../src/engine/desired.js';
import { expandString } from '../../../src/manifest/interpolate.js';
import { createSchemaRegistry, defaultSchemaDir } from '../../../src/schema/registry.js';
import { testdir, type TestDir } from '../manifest/testdir.js';

const registry = createSchemaRegistry();
let t: TestDir | undefined;
afterEach(() => t?.remove());

const STACK = 'apiVersion: caretaker/v1\nkind: Stack\nmetadata:\n  name: orders-qa\nspec:\n  defaults:\n    serviceId: 46922\n    region: EB\n    area: EB-QA\n    networkId: 1234511\n';
/** A valid Redis; `meta`, `top`, `spec` and `tags` are extra YAML lines at those places (2-space indented where nested). */
const redis = (name: string, x: { top?: string; meta?: string; spec?: string; tags?: string } = {}) =>
  `apiVersion: caretaker/v1\nkind: Redis\n${x.top ?? ''}metadata:\n  name: ${name}\n${x.meta ?? ''}spec:\n  nodeSizing: 2cpu4gb\n  diskSize: 40\n` +
  `  redisVersion: 6.2.5\n  instanceCount: 1\n  persistenceMode: PERSISTENT\n  admPassword: Test123@2022x\n${x.spec ?? ''}  tags:\n    app: orders\n${x.tags ?? ''}`;

async function run(files: Record<string, string>, reg = registry) {
  t = testdir(files);
  const r = await loadDesiredState(['.'], { cwd: t.dir, env: {}, registry: reg });
  return { ...r, lines: r.diagnostics.map(formatDiagnostic) };
}

describe('hostile keys in manifests', () => {
  it('refuses `__proto__: {}` under metadata at its position (it used to drop the resource, which prune then deleted)', async () => {
    const r = await run({ 'stack.yaml': STACK, 'a.yaml': redis('cacheone'), 'b.yaml': redis('cachetwo', { meta: '  __proto__: {}\n' }) });
    expect(r.set).toBeUndefined();
    expect(r.lines).toEqual(['b.yaml:5:3: key "__proto__" is not allowed: __proto__, constructor and prototype are reserved names in caretaker manifests']);
  });

  const places: Record<string, { x: Parameters<typeof redis>[1]; at: string }> = {
    'top level': { x: { top: '__proto__: {kind: Stack}\n' }, at: '3:1' },
    'spec': { x: { spec: '  constructor: 1\n' }, at: '12:3' },
    'tags (a key the API may carry is still refused in a manifest)': { x: { tags: '    prototype: x\n' }, at: '14:5' },
    'a quoted key in a flow map': { x: { tags: '    more: {"__proto__": y}\n' }, at: '14:12' },
  };
  it.each(Object.entries(places))('refuses a reserved key in %s', async (_where, c) => {
    const r = await run({ 'stack.yaml': STACK, 'a.yaml': redis('cacheone', c.x) });
    expect(r.set).toBeUndefined();
    expect(r.lines).toEqual([expect.stringMatching(new RegExp(`^a\\.yaml:${c.at}: key "(__proto__|constructor|prototype)" is not allowed`))]);
  });

  it('refuses an alias key that resolves to a reserved name, where the alias is written', async () => {
    const r = await run({ 'stack.yaml': STACK, 'a.yaml': redis('cacheone', { top: 'x-keys: [&k __proto__]\n', tags: '    *k : y\n' }) });
    expect(r.set).toBeUndefined();
    expect(r.lines).toContain('a.yaml:15:5: key "__proto__" is not allowed: __proto__, constructor and prototype are reserved names in caretaker manifests');
  });

  it('reads ${env:constructor} as an unset variable, never as a member of the environment object', () => {
    expect(expandString('${env:constructor}', {}, '/tmp').problems).toEqual(['environment variable constructor is not set']);
    expect(expandString('${env:toString}', { PATH: '/bin' }, '/tmp').problems).toEqual(['environment variable toString is not set']);
  });
});

describe('a document that yields no resource', () => {
  // A kind whose schema does not require metadata.name (as a future or third-party schema might not).
  const widgetSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://caretaker.dev/schemas/widget.json',
    'x-provider': 'test',
    type: 'object',
    required: ['apiVersion', 'kind', 'spec'],
    properties: { apiVersion: { const: 'caretaker/v1' }, kind: { const: 'Widget' }, metadata: {}, spec: {} },
  };
  let schemas: TestDir | undefined;
  afterEach(() => schemas?.remove());
  function widgetRegistry() {
    schemas = testdir({ 'widget.schema.json': JSON.stringify(widgetSchema) });
    for (const f of readdirSync(defaultSchemaDir())) copyFileSync(path.join(defaultSchemaDir(), f), path.join(schemas.dir, f));
    return createSchemaRegistry(schemas.dir);
  }

  const docs: Record<string, { doc: string; want: string }> = {
    'no metadata': { doc: 'apiVersion: caretaker/v1\nkind: Widget\nspec: {}\n', want: 'w.yaml:1:1: metadata.name: must be a string; this Widget document yields no resource' },
    'a metadata without a name': { doc: 'apiVersion: caretaker/v1\nkind: Widget\nmetadata: {label: x}\nspec: {}\n', want: 'w.yaml:3:11: metadata.name: must be a string; this Widget document yields no resource' },
    'a name that is not a string': { doc: 'apiVersion: caretaker/v1\nkind: Widget\nmetadata: {name: [a]}\nspec: {}\n', want: 'w.yaml:3:11: metadata.name: must be a string; this Widget document yields no resource' },
    'a spec that is not a mapping': { doc: 'apiVersion: caretaker/v1\nkind: Widget\nmetadata: {name: abcde}\nspec: 3\n', want: 'w.yaml:4:7: spec: must be a mapping; this Widget document yields no resource' },
  };
  it.each(Object.entries(docs))('is a diagnostic even when the schema says nothing: %s', async (_n, c) => {
    const r = await run({ 'stack.yaml': STACK, 'w.yaml': c.doc }, widgetRegistry());
    expect(r.set).toBeUndefined();
    expect(r.lines).toEqual([c.want]);
  });
});
