// Calls as the ITCare docs write them (issue 13): each test pins the exact HTTP call or the plan-time
// refusal a doc line asks for. Line numbers are the raw seed docs' (../shared/seeds/001_…, 004_…).
import { describe, expect, it } from 'vitest';
import type { FieldDiff } from '../../../../../src/engine/plan.js';
import type { Observation } from '../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../support/fake-http.js';
import { refusal } from '../../../../support/refusal.js';
import { PG_ID, REDIS_ID, ctx, observed, pgDesired, pgDetail, pgWorld, redisDesired, redisDetail } from '../fixtures.js';

const provider = createItcareProvider({ http: fakeHttp() });
const redis = provider.handler('Redis')!;
const pg = provider.handler('PostgreSQL')!;
const d = (path: string, value: unknown, op: FieldDiff['op'] = 'replace'): FieldDiff => ({ op, path, value });
const withRaw = (o: Observation, detail: Record<string, unknown>): Observation => ({ ...o, raw: { detail } });

describe('item 2: a patch group only on a farm of one member (001:5759, 15847, 17735)', () => {
  it('refuses a patch group on a 3-instance Redis at create, quoting the rule', () => {
    const err = refusal(() => redis.createOperations(redisDesired({ instanceCount: 3, patchParty: { excluded: false, patchGroup: '2' } }), ctx()));
    expect(err.message).toContain('only allowed when the farm has one member');
    expect(err.message).toContain('3 members');
  });

  it('refuses a patch group on an HA PostgreSQL at update', () => {
    const live = withRaw(observed(PG_ID, { topology: 'HA', patchParty: { excluded: false } }), pgDetail({ topology: 'HA', nodeCount: 2 }));
    const want = pgDesired({ topology: 'HA', patchParty: { excluded: false, patchGroup: '1' } });
    expect(refusal(() => pg.updateOperations(want, live, [d('/patchParty/patchGroup', '1', 'add')], ctx())).message).toContain('only allowed when the farm has one member');
  });

  it('never re-sends a live group on a multi-member farm: the PATCH carries no patchGroup', () => {
    const live = withRaw(observed(REDIS_ID, { instanceCount: 3, patchParty: { excluded: true, exclusionReason: 'x', patchGroup: '2' } }), redisDetail({ nodeCount: 3 }));
    const ops = redis.updateOperations(redisDesired({ instanceCount: 3, patchParty: { excluded: false } }), live, [d('/patchParty/excluded', false)], ctx());
    expect(ops.map((o) => o.body)).toEqual([{ operation: 'update_patch_party', options: { patchParty: { excluded: false } } }]);
  });

  it('still re-sends the live group on a one-member farm (the docs allow it there)', () => {
    const live = withRaw(observed(REDIS_ID, { instanceCount: 1, patchParty: { excluded: true, exclusionReason: 'x', patchGroup: '2' } }), redisDetail());
    const ops = redis.updateOperations(redisDesired({ patchParty: { excluded: false } }), live, [d('/patchParty/excluded', false)], ctx());
    expect(ops[0]!.body).toEqual({ operation: 'update_patch_party', options: { patchParty: { excluded: false, patchGroup: '2' } } });
  });

  it('counts the replica an enable_ha in the same change adds', () => {
    const live = withRaw(observed(PG_ID, { topology: 'STANDALONE', postgreVersion: '13', patchParty: { excluded: false } }), pgDetail({ nodeCount: 1 }));
    const want = pgDesired({ topology: 'HA', ha: { replicationLag: 50 }, patchParty: { excluded: false, patchGroup: '1' } });
    refusal(() => pg.updateOperations(want, live, [d('/topology', 'HA'), d('/patchParty/patchGroup', '1', 'add')], ctx()));
  });
});

describe('item 5: bodies as documented', () => {
  it('start and stop are {"operation": …} with no options (001:5703-5719)', async () => {
    const running = observed(REDIS_ID, { state: 'stopped' });
    const [start] = redis.updateOperations(redisDesired({ state: 'running' }), running, [d('/state', 'running')], ctx());
    expect(start!.body).toEqual({ operation: 'start' });
    const [stop] = redis.updateOperations(redisDesired({ state: 'stopped' }), observed(REDIS_ID, { state: 'running' }), [d('/state', 'stopped')], ctx());
    expect(stop!.body).toEqual({ operation: 'stop' });
    const path = `/itcare/databases/redis/${REDIS_ID}`;
    const http = fakeHttp({ [`PATCH ${path}`]: { status: 202, body: { id: 77, status: 'IN_PROGRESS' } } });
    await createItcareProvider({ http }).execute(stop!);
    expect(http.calls[0]).toMatchObject({ method: 'PATCH', path, body: { operation: 'stop' } });
    expect(http.calls[0]!.body).not.toHaveProperty('options');
  });
});



describe('item 4: enable_ha has its own replicationLag, 1..500 (001:15810 vs 001:15481)', () => {
  const standalone = () => observed(PG_ID, { topology: 'STANDALONE', postgreVersion: '13', allowedReplicationLag: 2048 });

  it('sends ha.replicationLag, so a create lag above 500 still lets HA be enabled', async () => {
    const want = pgDesired({ topology: 'HA', allowedReplicationLag: 2048, ha: { replicationLag: 50 } });
    const ops = pg.updateOperations(want, standalone(), [d('/topology', 'HA')], ctx({ changeReference: 'RFC1' }));
    expect(ops.map((o) => o.body)).toEqual([{ operation: 'enable_ha', options: { replicationLag: 50, changeReference: 'RFC1' } }]);
    const path = `/itcare/databases/postgresql/${PG_ID}`;
    const http = fakeHttp({ [`PATCH ${path}`]: { status: 202, body: { id: 5, status: 'IN_PROGRESS' } } });
    await createItcareProvider({ http }).execute(ops[0]!);
    expect(http.calls[0]).toMatchObject({ method: 'PATCH', path, body: { operation: 'enable_ha', options: { replicationLag: 50, changeReference: 'RFC1' } } });
  });

  it('without ha.replicationLag, refuses a create lag outside 1..500 and says which field to set', () => {
    const err = refusal(() => pg.updateOperations(pgDesired({ topology: 'HA', allowedReplicationLag: 2048 }), standalone(), [d('/topology', 'HA')], ctx()));
    expect(err.message).toContain('"the replicationLag must be between 1 and 500"');
    expect(err.message).toContain('spec.ha.replicationLag');
  });

  it('never puts ha in the create body', () => {
    const [create] = pg.createOperations(pgDesired({ topology: 'HA', ha: { replicationLag: 50 } }), ctx());
    expect(create!.body).not.toHaveProperty('ha');
  });
});

describe('item 6: the PostgreSQL GET has area (001:15636), and it is compared', () => {
  it('reads area from the GET, in the spec spelling when equal without case', async () => {
    const http = pgWorld();
    const obs = await createItcareProvider({ http }).handler('PostgreSQL')!.observe(pgDesired({ area: 'eb-qa' }));
    expect(obs.spec.area).toBe('eb-qa');
    const other = await createItcareProvider({ http: pgWorld({}) }).handler('PostgreSQL')!.observe(pgDesired({ area: 'EB-PROD' }));
    expect(other.spec.area).toBe('EB-QA');
  });
});

describe('item 6 + 8: the area of a PostgreSQL whose GET omits it is unknown, never a replace', () => {
  it('leaves area out of the observed spec when the GET has none', async () => {
    const http = pgWorld({ [`GET /itcare/databases/postgresql/${PG_ID}`]: { body: { ...pgDetail(), area: undefined } } });
    const obs = await createItcareProvider({ http }).handler('PostgreSQL')!.observe(pgDesired({ area: 'EB-QA' }));
    expect(obs.spec).not.toHaveProperty('area');
  });
});

describe('item 7: stated preconditions, refused at plan time in the docs words', () => {
  it('install_extension needs PostgreSQL 15 or later (001:24425), at create and at update', () => {
    expect(refusal(() => pg.createOperations(pgDesired({ postgreVersion: '14', extensions: { mydb: ['citext'] } }), ctx())).message)
      .toContain('from version 15');
    const live = observed(PG_ID, { postgreVersion: '13', extensions: { mydb: [] } });
    expect(refusal(() => pg.updateOperations(pgDesired({ extensions: { mydb: ['citext'] } }), live, [d('/extensions/mydb/0', 'citext', 'add')], ctx())).message)
      .toContain('this instance is PostgreSQL 13');
  });

  it('an upgrade to 15 in the same change allows the install (the upgrade runs first)', () => {
    const live = observed(PG_ID, { postgreVersion: '14', extensions: { mydb: [] } });
    const ops = pg.updateOperations(pgDesired({ postgreVersion: '15', extensions: { mydb: ['citext'] } }), live, [d('/postgreVersion', '15'), d('/extensions/mydb/0', 'citext', 'add')], ctx());
    expect(ops.map((o) => (o.body as { operation: string }).operation)).toEqual(['upgrade', 'install_extension']);
  });

  it('tls needs PostgreSQL 13 or later (001:24487)', () => {
    expect(refusal(() => pg.createOperations(pgDesired({ postgreVersion: '12', tls: true }), ctx())).message).toContain('"is only available from version 13"');
    expect(pg.createOperations(pgDesired({ postgreVersion: '12', tls: false }), ctx())[0]!.method).toBe('POST');
  });
});

describe('item 7: Kubernetes upgrades step through the versions ITCare lists (001:17771)', () => {
  const K8S = '/itcare/compute/containers/kubernetes';
  const k8s = provider.handler('KubernetesCluster')!;
  const live = (versions?: string[]): Observation => ({
    exists: true, id: 77, owner: 'orders-qa', spec: { serviceId: 46922, version: '1.27' }, lookups: versions === undefined ? {} : { versions },
  });
  const want = (version: string) => ({ address: 'KubernetesCluster/web', kind: 'KubernetesCluster', name: 'web', spec: { serviceId: 46922, version } });

  it('skips a minor the catalogue does not list', () => {
    const ops = k8s.updateOperations(want('1.30'), live(['1.27', '1.28', '1.30']), [d('/version', '1.30')], ctx());
    expect(ops.map((o) => [o.method, o.path, o.body])).toEqual([
      ['PATCH', `${K8S}/77`, { operation: 'upgrade', options: { version: '1.28' } }],
      ['PATCH', `${K8S}/77`, { operation: 'upgrade', options: { version: '1.30' } }],
    ]);
  });

  it('refuses a target the catalogue does not list, with the valid values', () => {
    expect(refusal(() => k8s.updateOperations(want('1.29'), live(['1.27', '1.28', '1.30']), [d('/version', '1.29')], ctx())).message)
      .toContain('upgrades from 1.27: 1.28, 1.30');
  });

  it('reads the catalogue only when the version changes, and falls back to minor steps when it cannot', async () => {
    const { fakeHttp: fh, page } = await import('../../../../support/fake-http.js');
    const base = {
      [`GET ${K8S}`]: page([{ id: 77, name: 'web', serviceId: 46922, version: '1.27' }]),
      [`GET ${K8S}/77`]: { body: { id: 77, name: 'web', serviceId: 46922, version: '1.27', topology: 'STANDARD' } },
      'GET /itcare/compute/resources/77/tags': { body: [] },
      'GET /itcare/actions': { body: [] },
    };
    const same = fh(base);
    await createItcareProvider({ http: same }).handler('KubernetesCluster')!.observe(want('1.27'));
    expect(same.callKeys()).not.toContain('GET /itcare/compute/platform/products');
    const listed = fh({ ...base, 'GET /itcare/compute/platform/products': { body: [{ productVersion: '1.28' }, { productVersion: '1.29', productIsDisabled: true }] } });
    const obs = await createItcareProvider({ http: listed }).handler('KubernetesCluster')!.observe(want('1.28'));
    expect(obs.lookups?.versions).toEqual(['1.28']);
    expect(listed.calls.find((c) => c.path === '/itcare/compute/platform/products')?.query).toEqual({ type: 'KUBERNETES' });
    const broken = fh({ ...base, 'GET /itcare/compute/platform/products': { status: 404 } });
    const fallback = await createItcareProvider({ http: broken }).handler('KubernetesCluster')!.observe(want('1.28'));
    expect(fallback.lookups?.versions).toBeUndefined();
  });
});

describe('item 5: LB update_monitoring without updateUrls means the LB and all its URLs (004:2407-2428)', () => {
  const lbh = provider.handler('LoadBalancer')!;
  const URL = 'url.cegedim.com';
  const LBP = '/itcare/networking/loadbalancers/500080001';
  const base = { serviceId: 46922, region: 'EB', healthcheck: 'CDGM', portMembers: 80, profileName: 'HTTP' };
  const want = (spec: Record<string, unknown>) => ({ address: `LoadBalancer/${URL}`, kind: 'LoadBalancer', name: URL, spec: { ...base, ...spec } });
  const live: Observation = { exists: true, id: 500080001, owner: 'orders-qa', spec: { monitoringEnabled: false, onCallSupervision: false, urls: [] }, lookups: {} };

  it('omits updateUrls when every URL of the spec has the LB monitoring', () => {
    const spec = { monitoringEnabled: true, onCallSupervision: true, urls: [{ name: 'api.cegedim.com', monitoringEnabled: true, onCallSupervision: true }] };
    const ops = lbh.updateOperations(want(spec), live, [d('/monitoringEnabled', true), d('/onCallSupervision', true)], ctx());
    const mon = ops.find((o) => o.path === LBP && (o.body as { operation: string }).operation === 'update_monitoring');
    expect(mon!.body).toEqual({ operation: 'update_monitoring', options: { state: true, on_call: true } });
  });

  it('names the primary URL only when the URLs keep settings of their own', () => {
    const spec = { monitoringEnabled: true, onCallSupervision: true };
    const [op] = lbh.updateOperations(want(spec), live, [d('/monitoringEnabled', true), d('/onCallSupervision', true)], ctx());
    expect(op!.body).toEqual({ operation: 'update_monitoring', options: { state: true, on_call: true, updateUrls: [URL] } });
  });
});
