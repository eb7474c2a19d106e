import { copyFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diagnostics.js';
import { Secret, isSecret } from '../../../src/core/secret.js';
import { UnsetSecret } from '../../../src/core/unset-secret.js';
import { loadDesiredState } from '../../../src/engine/desired.js';
import { createSchemaRegistry, defaultSchemaDir } from '../../../src/schema/registry.js';
import { testdir, type TestDir } from '../manifest/testdir.js';

const fixtures = fileURLToPath(new URL('../../fixtures/manifests/', import.meta.url));
const registry = createSchemaRegistry();
const ENV = { ORDERS_REDIS_PASSWORD: 'Redis-Pass#2024', BUILD_ID: '1234' };

let t: TestDir | undefined;
afterEach(() => t?.remove());

const STACK = `
apiVersion: caretaker/v1
kind: Stack
metadata:
  name: orders-qa
spec:
  defaults:
    serviceId: 46922
    region: EB
    area: EB-QA
    networkId: 1234511
    tags: { team: checkout }
`;

const redisDoc = (name: string, extra = '') => `
apiVersion: caretaker/v1
kind: Redis
metadata:
  name: ${name}
spec:
  nodeSizing: 2cpu4gb
  diskSize: 40
  redisVersion: 6.2.5
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: Test123@2022${extra}
`;

async function run(files: Record<string, string>, env: Record<string, string> = {}, reg = registry) {
  t = testdir(files);
  const r = await loadDesiredState(['.'], { cwd: t.dir, env, registry: reg });
  return { ...r, lines: r.diagnostics.map(formatDiagnostic) };
}

describe('loadDesiredState: a valid set', () => {
  it('builds the ManifestSet of the quickstart-like fixture', async () => {
    const cwd = path.join(fixtures, 'quickstart-like');
    const r = await loadDesiredState(['.'], { cwd, env: ENV });
    expect(r.diagnostics).toEqual([]);
    const set = r.set!;
    expect(set.files).toEqual(['postgresql.yaml', 'redis.yaml', 'stack.yaml']);
    // The origin (repository and folder) depends on where the checkout lives: test/unit/manifest/origin.test.ts covers it.
    const { origin: _origin, ...stack } = set.stack;
    expect(stack).toEqual({
      name: 'orders-qa', provider: { itcare: { endpoint: 'https://api.cegedim.cloud' } },
      defaults: { serviceId: 46922, region: 'EB', area: 'EB-QA', networkId: 1234511, monitoringEnabled: true, tags: { team: 'checkout' } },
      prune: false, changeReference: 'RFC1234', file: 'stack.yaml',
    });
    expect(set.resources.map((x) => [x.address, x.provider, x.file])).toEqual([
      ['PostgreSQL/ordersdb', 'itcare', 'postgresql.yaml'],
      ['Redis/orderscache', 'itcare', 'redis.yaml'],
    ]);
    const [pg, redis] = set.resources;
    // Defaults merged under the spec; resource values win (PostgreSQL sets its own area and monitoring).
    expect(redis!.spec).toMatchObject({ serviceId: 46922, region: 'EB', area: 'EB-QA', networkId: 1234511, monitoringEnabled: true });
    expect(pg!.spec).toMatchObject({ serviceId: 46922, region: 'EB', area: 'EB-QB', monitoringEnabled: false });
    expect(JSON.parse(JSON.stringify(redis!.spec.tags))).toEqual({ team: 'checkout', app: 'orders', build: '1234' });
    expect(redis!.lifecycle).toEqual({ preventDestroy: true, ignoreChanges: ['/nodeSizing', '/tags/build'] });
    expect(pg!.lifecycle).toEqual({ preventDestroy: false, ignoreChanges: [] });
    expect(redis!.references).toEqual([]);
  });

  it('keeps every interpolated value as a Secret that serialises as (sensitive)', async () => {
    const r = await loadDesiredState(['.'], { cwd: path.join(fixtures, 'quickstart-like'), env: ENV });
    const [pg, redis] = r.set!.resources;
    expect(isSecret(redis!.spec.admPassword)).toBe(true);
    expect((redis!.spec.admPassword as Secret).reveal()).toBe('Redis-Pass#2024');
    expect((pg!.spec.admPassword as Secret).reveal()).toBe('Pg-Secret#2024!');
    expect(JSON.stringify(redis!.spec)).toContain('"admPassword":"(sensitive)"');
    expect(JSON.stringify(r.set, (k, v: unknown) => (k === 'sourceMap' ? undefined : v))).not.toMatch(/Redis-Pass|Pg-Secret/);
    // A value marked ${public:…} is declared not secret: it stays a plain string (it goes into a tag).
    expect((redis!.spec.tags as Record<string, unknown>).build).toBe('1234');
  });

  it('refuses a secret interpolated into a field anyone can read back (a tag), naming the rule', async () => {
    const r = await run({ 'stack.yaml': STACK, 'redis.yaml': redisDoc('cacheone') + '  tags:\n    apikey: ${env:APIKEY}\n' }, { APIKEY: 'Rotate#Secret-OLD1' });
    expect(r.set).toBeUndefined();
    expect(r.lines.join('\n')).toMatch(/redis\.yaml:\d+:\d+: an interpolated value would be stored in tags\.apikey, which anyone can read back through the API/);
    expect(r.lines.join('\n')).not.toContain('Rotate#Secret-OLD1');
  });

  it('keeps an interpolated stack default secret and valid after the merge', async () => {
    const stack = STACK.replace('region: EB', 'region: ${env:REGION}').replace('networkId: 1234511', 'networkId: 1234511\n    vmPrefix: ${env:PREFIX}');
    const r = await run({ 'stack.yaml': stack, 'redis.yaml': redisDoc('orderscache') }, { REGION: 'ET', PREFIX: 'PEB' });
    // Values this short cannot be scrubbed from output (issue 24): in fields that are no password, a warning.
    expect(r.lines).toEqual([
      "stack.yaml:8:13: warning: value too weak to protect: the interpolated value is shorter than 8 characters, so caretaker could not keep it out of its output without rewriting its own text; it is not scrubbed: mark it ${public:env:NAME} if it is no secret, or use a stronger one",
      "stack.yaml:11:15: warning: value too weak to protect: the interpolated value is shorter than 8 characters, so caretaker could not keep it out of its output without rewriting its own text; it is not scrubbed: mark it ${public:env:NAME} if it is no secret, or use a stronger one",
    ]);
    expect((r.set!.resources[0]!.spec.region as Secret).reveal()).toBe('ET');
    expect((r.set!.resources[0]!.spec.vmPrefix as Secret).reveal()).toBe('PEB');
  });

  it('accepts the README quickstart in examples/', async () => {
    const cwd = fileURLToPath(new URL('../../../', import.meta.url));
    const env = { ORDERS_REDIS_PASSWORD: 'Redis-Pass#2024', ORDERS_PG_PASSWORD: 'Pg-Secret#2024!' };
    const r = await loadDesiredState(['examples/quickstart'], { cwd, env, registry });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.set!.files.every((f) => f.startsWith('examples/quickstart/'))).toBe(true);
  });

  it('reads a Stack document with no spec fields besides defaults', async () => {
    const r = await run({ 'all.yaml': STACK + '---' + redisDoc('cacheone') + '---' + redisDoc('cachetwo') });
    expect(r.lines).toEqual([]);
    expect(r.set!.resources.map((x) => x.address)).toEqual(['Redis/cacheone', 'Redis/cachetwo']);
    expect(r.set!.stack.prune).toBe(false);
  });
});

describe('loadDesiredState: every error at once', () => {
  it('reports every problem of every file, sorted, with file:line:col, and returns no set', async () => {
    const weak = 'weakpassword';
    const r = await loadDesiredState(['.'], { cwd: path.join(fixtures, 'broken'), env: { WEAK_PASSWORD: weak } });
    expect(r.set).toBeUndefined();
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'kinds.yaml:1:13: apiVersion: must be "caretaker/v1" (got "caretaker/v2")',
      'kinds.yaml:2:7: unknown kind "Rediss"; did you mean "Redis"?',
      'malformed.yaml:5:1: yaml: flow sequence in block collection must be sufficiently indented and end with a ]',
      'postgresql.yaml:9:13: spec.topology: must be one of STANDALONE, HA (got "cluster")',
      // (postgresql.yaml:12:16 reads a missing ${file:…} into admPassword, sent only at create: not an
      // error of the manifests but of a plan that would send it, issue 24)
      'redis.yaml:5:1: spec.nodeSizing: required field is missing',
      'redis.yaml:7:3: unknown field "nodeSizng" in spec; did you mean "nodeSizing"?',
      'redis.yaml:9:18: spec.instanceCount: must be <= 3 (got 4)',
      'redis.yaml:11:16: spec.admPassword: does not meet the password rule: 12 to 20 characters with at least one lowercase letter, one uppercase letter, one digit and one special character among !@#&()–{}:;\',?/*~$^+=<> (the dash is U+2013, not \'-\')',
      'redis.yaml:13:12: environment variable BUILD_ID is not set',
      'redis.yaml:18:9: duplicate resource Redis/orderscache: same kind, serviceId and name as the one at redis.yaml:4',
      'stack.yaml:8:5: unknown field "regoin" in spec.defaults: no kind has it; did you mean "region"?',
      'stack.yaml:11:15: spec.diskSize: must be >= 40 (got 20) (from the stack defaults, merged into Redis/orderscache)',
      'stack.yaml:12:20: spec.changeReference: must be at most 10 characters (got 13)',
    ]);
    expect(JSON.stringify(r.diagnostics)).not.toContain(weak);
    const codes = new Set(r.diagnostics.map((d) => d.code));
    expect(codes).toEqual(new Set(['schema', 'unknown-kind', 'yaml', 'interpolation', 'unknown-field', 'duplicate']));
    expect(r.diagnostics.find((d) => d.code === 'duplicate')).toMatchObject({ address: 'Redis/orderscache', path: '/metadata/name' });
  });
});

describe('loadDesiredState: the stack', () => {
  it('reports a missing Stack (without a position) and returns no set', async () => {
    const complete = '\n  serviceId: 1\n  region: EB\n  area: EB-QA\n  networkId: 2\n';
    const r = await run({ 'redis.yaml': redisDoc('orderscache', complete) });
    expect(r.set).toBeUndefined();
    expect(r.lines).toEqual([
      'no Stack document found: exactly one document of kind Stack is required',
    ]);
  });

  it('reports a missing Stack together with the resources\' own errors', async () => {
    const r = await run({ 'redis.yaml': redisDoc('orderscache') + '  diskSize: 1\n' });
    expect(r.lines).toEqual([
      'redis.yaml:12:3: duplicate key "diskSize"',
      'no Stack document found: exactly one document of kind Stack is required',
    ]);
  });

  it('reports a second Stack at its kind, naming the first', async () => {
    const r = await run({ 'a.yaml': STACK, 'b.yaml': redisDoc('orderscache') + '---' + STACK });
    expect(r.lines).toEqual(['b.yaml:14:7: a second Stack document: exactly one is allowed (the first is at a.yaml:1)']);
  });

  it('locates errors of merged defaults in the stack file, once per resource that receives them', async () => {
    const stack = STACK.replace('tags: { team: checkout }', 'tags: { caretaker-stack: mine }\n    instanceCount: 9');
    const r = await run({ 'stack.yaml': stack, 'redis.yaml': redisDoc('cacheone').replace('  instanceCount: 1\n', '') });
    expect(r.lines).toEqual([
      'stack.yaml:11:13: spec.tags: key "caretaker-stack" is reserved for caretaker\'s ownership tag (from the stack defaults, merged into Redis/cacheone)',
      'stack.yaml:12:20: spec.instanceCount: must be <= 3 (got 9) (from the stack defaults, merged into Redis/cacheone)',
    ]);
  });

  it('lets a resource value win over a default without reporting the default', async () => {
    const stack = STACK.replace('networkId: 1234511', 'networkId: 1234511\n    diskSize: 20');
    const r = await run({ 'stack.yaml': stack, 'redis.yaml': redisDoc('cacheone') });
    expect(r.lines).toEqual([]);
    expect(r.set!.resources[0]!.spec.diskSize).toBe(40);
  });

  it('reports an ignoreChanges entry naming no field of the kind', async () => {
    const r = await run({ 'stack.yaml': STACK, 'redis.yaml': redisDoc('cacheone') + 'lifecycle:\n  ignoreChanges: [spec.nodeSizng]\n' });
    expect(r.lines).toEqual(['redis.yaml:13:19: lifecycle.ignoreChanges: unknown field "nodeSizng" in spec; did you mean "nodeSizing"?']);
  });
});

describe('loadDesiredState: documents and kinds', () => {
  const cases: Record<string, { reason: string; doc: string; want: string[] }> = {
    NotAMapping: { reason: 'a document must be a mapping', doc: '- a\n- b\n', want: ['x.yaml:1:1: document must be a mapping with apiVersion, kind, metadata and spec'] },
    NoKind: { reason: 'kind is required', doc: 'apiVersion: caretaker/v1\nmetadata: {name: abcde}\n', want: ['x.yaml:1:1: kind: required field is missing'] },
    KindCase: { reason: 'kinds are case-sensitive, with a hint', doc: 'apiVersion: caretaker/v1\nkind: redis\n', want: ['x.yaml:2:7: unknown kind "redis"; did you mean "Redis"?'] },
    FarKind: { reason: 'no hint for an unrelated kind', doc: 'apiVersion: caretaker/v1\nkind: Database\n', want: ['x.yaml:2:7: unknown kind "Database"'] },
    NoApiVersion: { reason: 'apiVersion is required', doc: 'kind: Nope\n', want: ['x.yaml:1:1: apiVersion: must be "caretaker/v1"', 'x.yaml:1:7: unknown kind "Nope"'] },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    const r = await run({ 'stack.yaml': STACK, 'x.yaml': c.doc });
    expect(r.lines, c.reason).toEqual(c.want);
  });

  it('lists the known kinds in the detail of an unknown kind', async () => {
    const r = await run({ 'stack.yaml': STACK, 'x.yaml': 'apiVersion: caretaker/v1\nkind: Nope\n' });
    expect(r.diagnostics[0]).toMatchObject({ code: 'unknown-kind', detail: expect.stringMatching(/^known kinds: (\w+, )*PostgreSQL, (\w+, )*Redis, (\w+, )*Stack(, \w+)*$/) });
  });
});

describe('loadDesiredState: references', () => {
  // A kind with references, dropped next to the project's schemas (adding a kind = adding a file).
  const widgetSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://caretaker.dev/schemas/widget.json',
    'x-provider': 'test',
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: { const: 'caretaker/v1' },
      kind: { const: 'Widget' },
      metadata: { type: 'object', properties: { name: { type: 'string' } } },
      spec: {
        type: 'object',
        additionalProperties: false,
        properties: {
          serviceId: { type: 'integer' },
          deps: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['ref'], properties: { ref: { type: 'string' } } } },
        },
      },
    },
  };
  let schemas: TestDir | undefined;
  afterEach(() => schemas?.remove());
  function widgetRegistry() {
    schemas = testdir({ 'widget.schema.json': JSON.stringify(widgetSchema) });
    for (const f of readdirSync(defaultSchemaDir())) copyFileSync(path.join(defaultSchemaDir(), f), path.join(schemas.dir, f));
    return createSchemaRegistry(schemas.dir);
  }
  const widget = (name: string, deps: string[]) =>
    `apiVersion: caretaker/v1\nkind: Widget\nmetadata:\n  name: ${name}\nspec:\n  deps:${deps.length ? '\n' : ' []\n'}${deps.map((d) => `    - ref: ${d}\n`).join('')}`;

  it('records references with their positions and the kind\'s provider', async () => {
    const r = await run({ 'stack.yaml': STACK, 'a.yaml': widget('a', ['Widget/b', 'Redis/cacheone']), 'b.yaml': widget('b', []), 'r.yaml': redisDoc('cacheone') }, {}, widgetRegistry());
    expect(r.lines).toEqual([]);
    const a = r.set!.resources.find((x) => x.address === 'Widget/a')!;
    expect(a.provider).toBe('test');
    expect(a.spec.serviceId).toBe(46922);
    expect(a.references).toEqual([
      { target: 'Widget/b', pointer: '/deps/0', range: { file: 'a.yaml', start: { line: 7, col: 12 }, end: { line: 7, col: 20 } } },
      { target: 'Redis/cacheone', pointer: '/deps/1', range: { file: 'a.yaml', start: { line: 8, col: 12 }, end: { line: 8, col: 26 } } },
    ]);
  });

  it('reports a dangling reference at the ref, with did-you-mean', async () => {
    const r = await run({ 'stack.yaml': STACK, 'a.yaml': widget('a', ['Redis/cacheon']), 'r.yaml': redisDoc('cacheone') }, {}, widgetRegistry());
    expect(r.lines).toEqual(['a.yaml:7:12: reference to Redis/cacheon: no such resource in the manifests; did you mean "Redis/cacheone"?']);
  });

  it('reports a reference cycle listing it', async () => {
    const r = await run({ 'stack.yaml': STACK, 'a.yaml': widget('a', ['Widget/b']), 'b.yaml': widget('b', ['Widget/c']), 'c.yaml': widget('c', ['Widget/a']) }, {}, widgetRegistry());
    expect(r.lines).toEqual(['a.yaml:7:12: reference cycle: Widget/a -> Widget/b -> Widget/c -> Widget/a']);
    expect(r.set).toBeUndefined();
  });
});

describe('loadDesiredState: interpolation errors', () => {
  it('reports a missing variable once, without a cascade of schema errors at the same field', async () => {
    const stack = STACK.replace('spec:\n', 'spec:\n  provider:\n    itcare:\n      endpoint: ${env:ENDPOINT}\n');
    const r = await run({ 'stack.yaml': stack, 'redis.yaml': redisDoc('cacheone').replace('Test123@2022', '${env:PW}') });
    // PW feeds admPassword, sent only at create: it waits for a plan that sends it, and its empty
    // stand-in breaks no password rule either (no cascade).
    expect(r.lines).toEqual([
      'stack.yaml:8:17: environment variable ENDPOINT is not set',
    ]);
    expect(r.diagnostics.every((d) => d.code === 'interpolation')).toBe(true);
    const strict = await loadDesiredState(['.'], { cwd: t!.dir, env: {}, deferWriteOnly: false });
    expect(strict.diagnostics.map(formatDiagnostic)).toEqual([
      'redis.yaml:11:16: environment variable PW is not set',
      'stack.yaml:8:17: environment variable ENDPOINT is not set',
    ]);
  });

  it('reports a missing file relative to the manifest directory', async () => {
    const r = await run({ 'stack.yaml': STACK, 'sub/redis.yaml': redisDoc('cacheone').replace('Test123@2022', '${file:pw.txt}') });
    // In admPassword (write-only) it is an UnsetSecret that names the file at its position.
    expect(r.lines).toEqual([]);
    expect((r.set!.resources[0]!.spec.admPassword as UnsetSecret).source).toMatchObject({
      problems: ['file not found: pw.txt'], range: { file: 'sub/redis.yaml', start: { line: 11, col: 16 } },
    });
    t?.remove();
    const ok = await run({ 'stack.yaml': STACK, 'sub/pw.txt': 'Test123@2022\n', 'sub/redis.yaml': redisDoc('cacheone').replace('Test123@2022', '${file:pw.txt}') });
    expect(ok.lines).toEqual([]);
  });
});
