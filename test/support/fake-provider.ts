// A fake provider built from function fields (like Crossplane's ExternalClientFns): tests override
// only what they need; the defaults describe a tiny in-memory API with immediate actions.
import type { FieldPolicy } from '../../src/schema/policy.js';
import type { ActionRef, ActionStatus, DesiredResource, ExecuteResult, KindHandler, Observation, Provider } from '../../src/engine/provider.js';
import type { Operation } from '../../src/engine/plan.js';
import type { ResourceManifest } from '../../src/manifest/types.js';
import type { PlanInput } from '../../src/engine/planner.js';

export function policy(over: Partial<FieldPolicy> = {}): FieldPolicy {
  return {
    kind: 'Thing', provider: 'fake', sensitive: ['/password'], writeOnly: ['/password'], immutable: ['/size'],
    unordered: ['/zones'], caseInsensitive: ['/mode'], notSensitive: [], maps: ['/tags'], ...over,
  };
}

export function manifest(kind: string, name: string, spec: Record<string, unknown>, over: Partial<ResourceManifest> = {}): ResourceManifest {
  return {
    kind, name, address: `${kind}/${name}`, provider: 'fake', spec,
    lifecycle: { preventDestroy: false, ignoreChanges: [] }, references: [], file: 'test.yaml',
    sourceMap: { rangeOf: () => undefined, keyRangeOf: () => undefined }, ...over,
  };
}

export interface FakeWorld {
  live: Map<string, { id: number; spec: Record<string, unknown>; owner?: string }>;
  calls: Operation[];
  polls: ActionRef[][];
  nextId: number;
}

export function fakeHandler(kind: string, world: FakeWorld, fns: Partial<KindHandler> = {}): KindHandler {
  return {
    kind,
    async observe(d: DesiredResource): Promise<Observation> {
      const x = world.live.get(d.address);
      return x ? { exists: true, id: x.id, spec: x.spec, owner: x.owner } : { exists: false, spec: {} };
    },
    async listOwned(stack) {
      return [...world.live].filter(([a, x]) => a.startsWith(kind + '/') && x.owner === stack).map(([a, x]) => ({
        kind, name: a.slice(kind.length + 1), id: x.id, observation: { exists: true, id: x.id, spec: x.spec, owner: x.owner },
      }));
    },
    createOperations(d) {
      return [
        { method: 'POST', path: `/things/${d.name}`, body: { kind: d.kind, name: d.name, ...d.spec }, async: true, irreversible: false, summary: `create ${d.address}`, role: 'create' },
        { method: 'PUT', path: '/things/${ref:self}/tags', body: {}, async: false, irreversible: false, summary: 'tag', role: 'update' },
      ];
    },
    updateOperations(d, _o, diff) {
      return diff.map((x) => ({ method: 'PATCH', path: `/things/${d.name}`, body: { path: x.path }, async: true, irreversible: false, summary: `set ${x.path}`, role: 'update' }));
    },
    deleteOperations(address, o) {
      return [{ method: 'DELETE', path: `/things/${o.id}`, async: true, irreversible: true, summary: `delete ${address}`, role: 'delete' }];
    },
    ...fns,
  };
}

/** A provider whose execute() records calls and mutates `world` (creates get the ownership tag). */
export function fakeProvider(world: FakeWorld, kinds: string[], over: Partial<Provider> & { handlers?: Record<string, Partial<KindHandler>>; stack?: string } = {}): Provider {
  const handlers = new Map(kinds.map((k) => [k, fakeHandler(k, world, over.handlers?.[k])]));
  return {
    name: 'fake',
    kinds: () => kinds,
    handler: (k) => handlers.get(k),
    async execute(op): Promise<ExecuteResult> {
      world.calls.push(op);
      if (op.method === 'POST') {
        const { kind, name, ...spec } = op.body as { kind: string; name: string } & Record<string, unknown>;
        world.live.set(`${kind}/${name}`, { id: world.nextId++, spec, owner: over.stack ?? 'stack' });
      }
      if (op.method === 'DELETE') {
        for (const [a, x] of world.live) if (op.path === `/things/${x.id}`) world.live.delete(a);
      }
      return { actions: op.async ? [{ id: `act-${world.calls.length}` }] : [], finished: [] };
    },
    async pollActions(refs): Promise<Map<string, ActionStatus>> {
      world.polls.push(refs);
      return new Map(refs.map((r) => [r.id, { id: r.id, state: 'SUCCESS' as const }]));
    },
    ...over,
  };
}

export function world(): FakeWorld {
  return { live: new Map(), calls: [], polls: [], nextId: 100 };
}

/** A planner input over fake handlers of a fresh world: nothing live, plan mode; `over` replaces fields. */
export function planInput(over: Partial<PlanInput>): PlanInput {
  const w = world();
  return {
    stack: 'stack', resources: [], observations: new Map(), owned: [], policy: () => policy(),
    handler: (_p, kind) => fakeHandler(kind, w), providerOf: () => 'fake', mode: 'plan', prune: false,
    createdAt: '2026-01-01T00:00:00.000Z', liveFingerprint: 'sha256:x', ...over,
  };
}
