// The library API's planner input (src/index.ts planInputFor): what `plan` and the re-planner share.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { planInputFor } from '../../src/index.js';
import { InternalError } from '../../src/core/errors.js';
import { buildPlan } from '../../src/engine/planner.js';
import type { ManifestSet } from '../../src/manifest/types.js';
import { createSchemaRegistry } from '../../src/schema/registry.js';
import { fakeProvider, world } from '../support/fake-provider.js';
import { testdir, type TestDir } from './manifest/testdir.js';

const set: ManifestSet = {
  stack: { name: 'shop', provider: {}, defaults: {}, prune: true, changeReference: 'CHG-1', file: 'stack.yaml' },
  resources: [], files: ['stack.yaml'], documentCount: 1,
};

describe('planInputFor', () => {
  let schemas: TestDir | undefined;
  afterEach(() => schemas?.remove());

  /** A registry of one kind, Widget, whose schema says `x-provider: test`. */
  function widgetRegistry() {
    schemas = testdir({});
    writeFileSync(path.join(schemas.dir, 'widget.schema.json'), JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema', 'x-provider': 'test', type: 'object',
      properties: { kind: { const: 'Widget' }, spec: { type: 'object' } },
    }));
    return createSchemaRegistry(schemas.dir);
  }

  const fields = { resources: [], observations: new Map(), mode: 'plan' as const, prune: true, createdAt: 'now', liveFingerprint: 'x' };

  it('plans an owned resource the manifests no longer mention through the provider its kind\'s schema names', () => {
    const providers = new Map([['test', fakeProvider(world(), ['Widget'])]]);
    const owned = [{ kind: 'Widget', name: 'old', id: 5, observation: { exists: true, id: 5, spec: {}, owner: 'shop' } }];
    const input = planInputFor(set, widgetRegistry(), providers, { ...fields, owned });
    expect(input.providerOf('Widget')).toBe('test');
    const plan = buildPlan(input);
    expect(plan.changes).toMatchObject([{ address: 'Widget/old', action: 'delete', provider: 'test', reason: 'prune' }]);
  });

  it('refuses a kind without a schema instead of assuming a provider', () => {
    const input = planInputFor(set, widgetRegistry(), new Map(), { ...fields, owned: [] });
    expect(() => input.providerOf('Gadget')).toThrow(InternalError);
    expect(() => input.providerOf('Gadget')).toThrow('no schema for kind Gadget');
  });

  it('takes the stack\'s name and change reference from the manifests, unless the caller gives the stack', () => {
    const registry = widgetRegistry();
    expect(planInputFor(set, registry, new Map(), { ...fields, owned: [] })).toMatchObject({ stack: 'shop', changeReference: 'CHG-1' });
    expect(planInputFor(set, registry, new Map(), { ...fields, owned: [], stack: 'from-the-plan' }).stack).toBe('from-the-plan');
  });
});
