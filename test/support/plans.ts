// Fixture plan builders for view tests: fixed createdAt, fingerprint and ids, so rendered output
// is byte-for-byte stable. The shapes follow what the planner and the ITCare provider emit.
import { PLAN_FORMAT_VERSION, summarize, type Change, type ChangeAction, type Operation, type Plan } from '../../src/engine/plan.js';
import { Secret } from '../../src/core/secret.js';

export const FIXED_CREATED_AT = '2025-01-15T10:00:00.000Z';
export const FIXED_FINGERPRINT = 'sha256:5f1c2a9e0b7d4c3f8a6e1d2b9c0f7a4e3d2c1b0a9f8e7d6c5b4a39281706f5e4';
/** The plaintext behind every Secret of these fixtures: it must never appear in any rendered output. */
export const SECRET_VALUE = 'Hunter2-never-print-me';

export function op(o: Partial<Operation> & Pick<Operation, 'method' | 'path' | 'summary'>): Operation {
  return { async: false, irreversible: false, role: 'update', ...o };
}

export function change(c: Partial<Change> & { address: string; action: ChangeAction }): Change {
  const [kind, name] = c.address.split('/') as [string, string];
  const base: Change = { address: c.address, kind, name, provider: 'itcare', action: c.action, diff: [], operations: [], dependsOn: [] };
  const out = { ...base, ...c };
  if (out.operations.some((o) => o.irreversible)) out.irreversible = true;
  return out;
}

export function planOf(changes: Change[], extra: Partial<Plan> = {}): Plan {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    stack: 'orders-qa',
    createdAt: FIXED_CREATED_AT,
    liveFingerprint: FIXED_FINGERPRINT,
    manifests: ['manifests/orders.yaml', 'manifests/stack.yaml'],
    mode: 'plan',
    changes,
    summary: summarize(changes),
    ...extra,
  };
}

export function unchanged(address: string, id: number): Change {
  return change({ address, action: 'no-op', id });
}

const REDIS = '/itcare/databases/redis';

export function redisCreate(): Change {
  const spec = {
    serviceId: 46922, name: 'orders-cache', nodeSizing: '2cpu4gb', diskSize: 40, redisVersion: '6.2.5',
    networkId: 1234511, instanceCount: 1, persistenceMode: 'PERSISTENT', admPassword: new Secret(SECRET_VALUE),
    monitoringEnabled: true, onCallSupervision: false,
  };
  return change({
    address: 'Redis/orders-cache',
    action: 'create',
    diff: [
      ...Object.entries(spec).filter(([k]) => k !== 'name').map(([k, v]) => ({ op: 'add' as const, path: `/${k}`, value: v })),
      { op: 'add', path: '/tags', value: { app: 'orders', team: 'checkout' } },
      { op: 'add', path: '/patchParty', value: { excluded: false, patchGroup: '2' } },
    ],
    operations: [
      op({ method: 'POST', path: REDIS, body: { ...spec, area: 'EB-QA', region: 'EB' }, async: true, role: 'create', summary: 'create Redis orders-cache (2cpu4gb, 1 node)' }),
      op({ method: 'PUT', path: '/itcare/compute/resources/${ref:self}/tags', body: [{ key: 'app', value: 'orders' }, { key: 'caretaker-stack', value: 'orders-qa' }, { key: 'team', value: 'checkout' }], summary: 'set tags app, caretaker-stack, team' }),
      op({ method: 'PATCH', path: `${REDIS}/\${ref:self}`, body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '2' } } }, async: true, summary: 'include in patch party (group 2)' }),
    ],
  });
}

export function tagsCreate(): Change {
  return change({
    address: 'Tags/orders-cache-tags',
    action: 'create',
    diff: [
      { op: 'add', path: '/resource', value: { ref: 'Redis/orders-cache' } },
      { op: 'add', path: '/tags', value: { 'cost-center': 'cc-1234', 'app.kubernetes.io/name': 'orders' } },
    ],
    operations: [
      op({ method: 'POST', path: '/itcare/compute/resources/${ref:Redis/orders-cache}/tags', body: [{ key: 'app.kubernetes.io/name', value: 'orders' }, { key: 'cost-center', value: 'cc-1234' }], summary: 'add tags app.kubernetes.io/name, cost-center' }),
    ],
    dependsOn: ['Redis/orders-cache'],
  });
}

export function redisUpdate(): Change {
  const id = 500059535;
  return change({
    address: 'Redis/sessions',
    action: 'update',
    id,
    diff: [
      { op: 'replace', path: '/nodeSizing', from: '2cpu4gb', value: '4cpu8gb' },
      { op: 'replace', path: '/monitoringEnabled', from: false, value: true },
      { op: 'replace', path: '/onCallSupervision', from: false, value: true },
      { op: 'replace', path: '/patchParty', from: { excluded: true, exclusionReason: 'freeze' }, value: { excluded: false, patchGroup: '3' } },
      { op: 'add', path: '/tags/team', value: 'checkout' },
      { op: 'remove', path: '/tags/old', from: 'x' },
    ],
    operations: [
      op({ method: 'PATCH', path: `${REDIS}/${id}`, body: { operation: 'resize', options: { sizing: '4cpu8gb' } }, async: true, irreversible: true, summary: 'resize 2cpu4gb -> 4cpu8gb' }),
      op({ method: 'PATCH', path: `${REDIS}/${id}`, body: { operation: 'update_monitoring', options: { state: true, on_call: true } }, async: true, summary: 'monitoring on, on-call on' }),
      op({ method: 'PATCH', path: `${REDIS}/${id}`, body: { operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '3' } } }, async: true, summary: 'include in patch party (group 3)' }),
      op({ method: 'PUT', path: `/itcare/compute/resources/${id}/tags`, body: [{ key: 'app', value: 'orders' }, { key: 'caretaker-stack', value: 'orders-qa' }, { key: 'team', value: 'checkout' }], summary: 'set tags app, caretaker-stack, team (remove old)' }),
    ],
    pendingActions: ['900011'],
  });
}

export function redisReplace(): Change {
  const id = 500059536;
  return change({
    address: 'Redis/orders-cache',
    action: 'replace',
    id,
    reason: 'replace: diskSize is immutable',
    diff: [
      { op: 'replace', path: '/diskSize', from: 40, value: 80, forcesReplace: true },
      { op: 'replace', path: '/nodeSizing', from: '2cpu4gb', value: '4cpu8gb' },
    ],
    operations: [
      op({ method: 'DELETE', path: `${REDIS}/${id}`, async: true, irreversible: true, role: 'delete', summary: 'delete Redis orders-cache' }),
      op({ method: 'POST', path: REDIS, body: { name: 'orders-cache', diskSize: 80, nodeSizing: '4cpu8gb', admPassword: new Secret(SECRET_VALUE) }, async: true, role: 'create', summary: 'create Redis orders-cache (4cpu8gb, 1 node)' }),
      op({ method: 'PUT', path: '/itcare/compute/resources/${ref:self}/tags', body: [{ key: 'caretaker-stack', value: 'orders-qa' }], summary: 'set tags caretaker-stack' }),
    ],
  });
}

export function redisDelete(name: string, id: number, reason: 'prune' | 'destroy'): Change {
  return change({
    address: `Redis/${name}`,
    action: 'delete',
    id,
    reason,
    operations: [op({ method: 'DELETE', path: `${REDIS}/${id}`, async: true, irreversible: true, role: 'delete', summary: `delete Redis ${name}` })],
  });
}

export const redisPrune = (): Change => redisDelete('old-cache', 500059999, 'prune');

export function postgresCreateWithSecrets(): Change {
  const secret = new Secret(SECRET_VALUE);
  return change({
    address: 'PostgreSQL/orders-db',
    action: 'create',
    diff: [
      { op: 'add', path: '/admPassword', value: secret },
      { op: 'add', path: '/instanceCount', value: 1 },
      { op: 'add', path: '/comment', value: new Secret(`interpolated ${SECRET_VALUE}`) },
      { op: 'add', path: '/extensions', value: ['pgcrypto', 'postgis'] },
    ],
    operations: [
      op({ method: 'POST', path: '/itcare/databases/postgresql', body: { name: 'orders-db', admPassword: secret, comment: new Secret(`interpolated ${SECRET_VALUE}`), instanceCount: 1 }, async: true, role: 'create', summary: 'create PostgreSQL orders-db (1 node)' }),
    ],
  });
}

export const createOnlyPlan = (): Plan => planOf([tagsCreate(), redisCreate()]);
export const updatePlan = (): Plan =>
  planOf([redisUpdate(), unchanged('Redis/orders-cache', 500059536), unchanged('PostgreSQL/orders-db', 500070001), unchanged('LoadBalancer/web', 500080001)]);
export const replacePlan = (): Plan => planOf([redisReplace()]);
export const prunePlan = (): Plan => planOf([redisPrune(), unchanged('Redis/orders-cache', 500059536)]);
export const destroyPlan = (): Plan =>
  planOf([redisDelete('orders-cache', 500059536, 'destroy'), redisDelete('sessions', 500059535, 'destroy')], { mode: 'destroy' });
export const secretPlan = (): Plan => planOf([postgresCreateWithSecrets()]);
export const noopPlan = (): Plan => planOf([unchanged('Redis/orders-cache', 500059536), unchanged('Redis/sessions', 500059535), unchanged('LoadBalancer/web', 500080001)]);
export const mixedPlan = (): Plan =>
  planOf([redisPrune(), redisUpdate(), tagsCreate(), redisCreate(), unchanged('LoadBalancer/web', 500080001)]);
