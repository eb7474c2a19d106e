import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import { diffSpec } from '../../../../../../src/engine/diff.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { createSchemaRegistry } from '../../../../../../src/schema/registry.js';
import { page } from '../../../../../support/fake-http.js';
import {
  APP01, APP02, APP03, LB, LB_ID, SID, URL, lbDesired, lbDetail, lbHttp, lbItem, liveMember, liveUrl, type LbWorld,
} from './fixtures.js';

const handler = (w: LbWorld = {}, more = {}) => {
  const http = lbHttp(w, more);
  return { http, lb: createItcareProvider({ http }).handler('LoadBalancer')! };
};
const policy = createSchemaRegistry().policy('LoadBalancer');

async function refusal(p: Promise<unknown>): Promise<RefusedError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(RefusedError);
  expect((err as RefusedError).code).toBe('ERR_REFUSED');
  return err as RefusedError;
}

/** A live LB with two extra URLs, three pool members and bot defense on. */
const world: LbWorld = {
  detail: lbDetail({
    botDefenseEnabled: true,
    securityProfile: { template: 'Strict', enforcement: 'blocking', whiteList: [{ ip: '10.0.3.41' }, { ip: '10.0.3.40' }] },
    parentResource: { id: 777, path: '/compute/containers/kubernetes', name: 'web' },
  }),
  urls: [liveUrl(11, URL), liveUrl(12, 'API.cegedim.com', { monitoringOnCallEnabled: true }), liveUrl(13, 'old.cegedim.com')],
  members: [liveMember(APP01, 'PEB4APP01'), liveMember(APP02, 'peb4app02.vm', { port: 443, state: 'Disabled' }), liveMember(APP03, 'PEB4APP03')],
  tags: [{ tagKey: 'caretaker-stack', tagValue: 'web-qa' }, { tagKey: 'app', tagValue: 'web' }],
  resources: { PEB4APP02: [{ id: APP02, name: 'PEB4APP02' }] },
};
const desired = lbDesired({
  networkId: 4242, certificateName: 'WILDCARD_cegedim.com', monitoringEnabled: true, onCallSupervision: false, state: 'running',
  tags: { app: 'web' }, cluster: { ref: 'KubernetesCluster/web' },
  botDefense: { enabled: true, template: 'strict', whitelist: ['10.0.3.40', '10.0.3.41'] },
  urls: [{ name: 'api.cegedim.com', onCallSupervision: true, setUpDNSEnabled: true }],
  members: [{ name: 'PEB4APP01', port: 80 }, { name: 'PEB4APP02', port: 443, state: 'disabled' }],
});

describe('LoadBalancer observe', () => {
  it('finds the LB by url within the service and normalises it, sub-lists keyed like the spec', async () => {
    const { http, lb } = handler(world);
    const obs = await lb.observe(desired);
    expect(obs).toMatchObject({ exists: true, id: LB_ID, owner: 'web-qa' });
    expect(obs.spec).toEqual({
      serviceId: SID, networkId: 4242, certificateName: 'WILDCARD_cegedim.com',
      monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: false, state: 'running', tags: { app: 'web' },
      botDefense: { enabled: true, template: 'strict', mode: 'blocking', whitelist: ['10.0.3.40', '10.0.3.41'] },
      cluster: 777,
      // The primary URL is left out; API.cegedim.com takes the spec's spelling and only the fields it manages.
      urls: [{ name: 'api.cegedim.com', onCallSupervision: true }, { name: 'old.cegedim.com' }],
      // PEB4APP02 is matched through the resources lookup (its pool name differs); PEB4APP03 is live-only.
      members: [{ name: 'PEB4APP01', port: 80 }, { name: 'PEB4APP02', port: 443, state: 'disabled' }, { name: 'PEB4APP03', port: 80, state: 'enabled' }],
    });
    expect(obs.lookups).toEqual({
      memberIds: { PEB4APP01: APP01, PEB4APP02: APP02, PEB4APP03: APP03 },
      memberNetworks: {}, poolNetworks: [],
      memberStates: { PEB4APP01: 'enabled', PEB4APP02: 'disabled', PEB4APP03: 'enabled' },
      urlIds: { 'api.cegedim.com': 12, 'old.cegedim.com': 13 },
      urlMonitoring: {
        'api.cegedim.com': { monitoringEnabled: true, onCallSupervision: true },
        'old.cegedim.com': { monitoringEnabled: true, onCallSupervision: false },
      },
    });
    expect(http.calls[0]).toMatchObject({ method: 'GET', path: '/itcare/networking/loadbalancers', query: { services: SID, names: URL } });
    expect(http.callKeys().sort()).toEqual([
      'GET /itcare/actions', 'GET /itcare/compute/resources', 'GET /itcare/compute/resources/500080001/tags',
      'GET /itcare/networking/loadbalancers', `GET ${LB}`, `GET ${LB}/members`, `GET ${LB}/urls`,
    ]);
  });

  it('converges: the engine diff of the observation is readable by name and empty once in sync', async () => {
    const { lb } = handler(world);
    const obs = await lb.observe(desired);
    const diff = diffSpec(desired.spec, obs.spec, { policy, resolveRef: () => 777 });
    expect(diff.map((d) => `${d.op} ${d.path}`)).toEqual(['remove /members/PEB4APP03', 'remove /urls/old.cegedim.com']);
    const synced = { ...desired.spec, urls: [...(desired.spec.urls as unknown[]), { name: 'old.cegedim.com' }],
      members: [...(desired.spec.members as unknown[]), { name: 'PEB4APP03', port: '80' }] };
    const again = await lb.observe({ ...desired, spec: synced });
    expect(diffSpec(synced, again.spec, { policy, resolveRef: () => 777 })).toEqual([]);
  });

  it('reads no sub-list the spec does not manage, and matches pool members by name without a lookup', async () => {
    const { http, lb } = handler(world);
    const obs = await lb.observe(lbDesired({ members: [{ name: 'peb4app01', port: 8080 }] }));
    expect(obs.spec.members).toEqual([
      { name: 'PEB4APP03', port: 80, state: 'enabled' }, { name: 'peb4app01', port: 80 }, { name: 'peb4app02.vm', port: 443, state: 'disabled' },
    ]);
    expect(obs.spec.urls).toBeUndefined();
    expect(obs.spec.cluster).toBe(777);
    expect(http.callKeys()).not.toContain(`GET ${LB}/urls`);
    expect(http.callKeys()).not.toContain('GET /itcare/compute/resources');
  });

  it('keys a member given by ref by its ref: the live member of that name echoes it, and the diff is empty once in sync', async () => {
    const { http, lb } = handler({ members: [liveMember(APP01, 'PEB4APP01'), liveMember(APP03, 'PEB4APP03')] });
    const spec = { members: [{ ref: 'VirtualMachine/PEB4APP01', port: 80 }, { ref: 'VirtualMachine/PEB4APP02', port: 80 }] };
    const obs = await lb.observe(lbDesired(spec));
    expect(obs.spec.members).toEqual([{ name: 'PEB4APP03', port: 80, state: 'enabled' }, { ref: 'VirtualMachine/PEB4APP01', port: 80 }]);
    // Each VM is looked up by its name in the LB's service (PEB4APP02 may not exist yet; PEB4APP01 falls back to the pool).
    expect(http.calls.filter((c) => c.path === '/itcare/compute/resources').map((c) => c.query?.names).sort()).toEqual(['PEB4APP01', 'PEB4APP02']);
    const diff = diffSpec(lbDesired(spec).spec, obs.spec, { policy });
    expect(diff.map((d) => `${d.op} ${d.path}`)).toEqual(['remove /members/PEB4APP03', 'add /members/VirtualMachine~1PEB4APP02']);
  });

  it('shows a pool member that still holds a replaced VM\'s old id as a member to remove, beside the VM to add', async () => {
    const { lb } = handler({ members: [liveMember(APP01, 'PEB4APP01')], resources: { PEB4APP01: [{ id: APP03, name: 'PEB4APP01' }] } });
    const spec = { members: [{ ref: 'VirtualMachine/PEB4APP01', port: 80 }] };
    const obs = await lb.observe(lbDesired(spec));
    const diff = diffSpec(lbDesired(spec).spec, obs.spec, { policy });
    expect(diff.map((d) => `${d.op} ${d.path}`)).toEqual(['remove /members/PEB4APP01', 'add /members/VirtualMachine~1PEB4APP01']);
    expect(obs.lookups).toMatchObject({ memberIds: { 'VirtualMachine/PEB4APP01': APP03, PEB4APP01: APP01 } });
  });

  it('keys a member pinned by id by its spec name, and renames a live-only member that shares it', async () => {
    const { lb } = handler({ members: [liveMember(APP01, 'PEB4APP01'), liveMember(APP02, 'PEB4APP09')] });
    const obs = await lb.observe(lbDesired({ members: [{ name: 'PEB4APP09', id: APP01, port: 80 }] }));
    expect(obs.spec.members).toEqual([{ name: 'PEB4APP09', id: APP01, port: 80 }, { name: `PEB4APP09 (${APP02})`, port: 80, state: 'enabled' }]);
  });

  it('returns exists:false with the member ids and networks resolved for the create body (004:1764-1799)', async () => {
    const net = { id: 4242, ipAddress: '10.0.0.1', cidr: '10.0.0.0/24', name: 'QA' };
    const { http, lb } = handler(
      { exists: false, resources: { PEB4APP01: [{ id: APP01, name: 'PEB4APP01' }, { id: 9, name: 'PEB4APP011' }] } },
      { [`GET /itcare/compute/instances/${APP01}/networks`]: { body: net }, 'GET /itcare/networking/loadbalancers/protocols': { body: [{ name: 'HTTP' }] } },
    );
    const obs = await lb.observe(lbDesired({ members: [{ name: 'PEB4APP01', port: 80 }, { name: 'GHOST01', port: 80 }] }));
    expect(obs).toEqual({ exists: false, spec: {}, lookups: {
      memberIds: { PEB4APP01: APP01 }, memberNetworks: { PEB4APP01: { id: 4242, ipAddress: '10.0.0.1' } }, poolNetworks: [],
      memberStates: {}, urlIds: {}, urlMonitoring: {},
    } });
    expect(http.calls.filter((c) => c.path === '/itcare/compute/resources').map((c) => c.query)).toEqual(
      expect.arrayContaining([expect.objectContaining({ services: SID, names: 'PEB4APP01' }), expect.objectContaining({ services: SID, names: 'GHOST01' })]),
    );
  });

  it('looks a member up in its own service when it names one', async () => {
    const { http, lb } = handler({ exists: false });
    await lb.observe(lbDesired({ members: [{ name: 'PEB4APP01', serviceId: 46923, port: 80 }] }));
    expect(http.calls.filter((c) => c.path === '/itcare/compute/resources').at(-1)).toMatchObject({ path: '/itcare/compute/resources', query: { services: 46923, names: 'PEB4APP01' } });
  });

  it('matches the url without case or scheme, and ignores other services and other names', async () => {
    const items = [lbItem({ id: 1, name: 'url.cegedim.com.old' }), lbItem({ id: 2, serviceId: 1 }), lbItem({ id: LB_ID, name: 'HTTPS://URL.cegedim.com' })];
    const { lb } = handler({}, { 'GET /itcare/networking/loadbalancers': page(items) });
    expect((await lb.observe(lbDesired())).id).toBe(LB_ID);
  });

  it('reads bot defense off as {enabled: false}, and a member state in any case', async () => {
    const { lb } = handler({ detail: lbDetail({ botDefenseEnabled: false, securityProfile: { template: 'strict' }, status: 'INACTIVE' }) });
    const obs = await lb.observe(lbDesired());
    expect(obs.spec).toMatchObject({ botDefense: { enabled: false }, state: 'stopped' });
    expect(obs.spec.cluster).toBeUndefined();
  });

  it('refuses two live LBs with the same url, duplicate list names and the primary url in spec.urls', async () => {
    const two = page([lbItem({ id: 1 }), lbItem({ id: 2 })]);
    expect((await refusal(handler({}, { 'GET /itcare/networking/loadbalancers': two }).lb.observe(lbDesired()))).message).toMatch(/2 live load balancers/);
    const { lb } = handler();
    const dupMembers = lbDesired({ members: [{ name: 'A1', port: 80 }, { name: 'a1', port: 81 }] });
    expect((await refusal(lb.observe(dupMembers))).message).toBe('spec.members lists a1 twice');
    const primary = lbDesired({ urls: [{ name: `https://${URL}` }] });
    expect((await refusal(lb.observe(primary))).message).toMatch(/must not list the primary URL url\.cegedim\.com/);
  });
});

/**
 * The same live LB as `world`, read through the service-wide lists: LB list items have the GET's shape
 * (ITCARE-API §7.3, `urls[]` embedded) and the generic list embeds each resource's `tags[]`.
 */
function listWorld(more: Record<string, unknown> = {}) {
  const lbFull = { ...(world.detail as Record<string, unknown>), urls: world.urls };
  return lbHttp(world, {
    'GET /itcare/networking/loadbalancers': (req) => page(req.query?.names === undefined ? [lbFull] : [lbItem()]),
    'GET /itcare/compute/resources': (req) =>
      page(req.query?.names === undefined ? [{ id: LB_ID, name: URL, serviceId: SID, tags: world.tags }] : (world.resources![String(req.query.names)] ?? [])),
    ...more,
  });
}

describe('LoadBalancer observeAll (refresh from lists)', () => {
  it('observes exactly what observe does, from the service lists: no detail, tags or /urls GET per LB', async () => {
    const single = await handler(world).lb.observe(desired);
    const http = listWorld();
    const lb = createItcareProvider({ http }).handler('LoadBalancer')!;
    const all = await lb.observeAll!([desired]);
    const obs = all.get(desired.address)!;
    expect({ ...obs, raw: undefined }).toEqual({ ...single, raw: undefined });
    expect(http.callKeys().sort()).toEqual([
      'GET /itcare/actions', 'GET /itcare/compute/resources', 'GET /itcare/compute/resources',
      'GET /itcare/networking/loadbalancers', `GET ${LB}/members`,
    ]);
    expect(http.calls.find((c) => c.path === '/itcare/actions')!.query).toEqual({ serviceId: SID, statuses: 'IN_PROGRESS' });
    expect(http.calls.find((c) => c.path === '/itcare/networking/loadbalancers')!.query).toMatchObject({ services: SID, size: 2000 });
  });

  it('reads /urls only when the list item embeds no urls[], and nothing for a missing LB', async () => {
    const http = listWorld({ 'GET /itcare/networking/loadbalancers': () => page([world.detail]) });
    const lb = createItcareProvider({ http }).handler('LoadBalancer')!;
    const gone = lbDesired({}, 'gone.cegedim.com');
    const all = await lb.observeAll!([desired, gone]);
    expect(all.get(gone.address)).toMatchObject({ exists: false });
    expect((all.get(desired.address)!.spec.urls as unknown[]).length).toBe(2);
    expect(http.callKeys().filter((k) => k === `GET ${LB}/urls`)).toHaveLength(1);
  });

  it('reports running actions of the LB from the one service-wide actions read', async () => {
    const http = listWorld({ 'GET /itcare/actions': { body: [{ id: 91, status: 'IN_PROGRESS', resourceName: URL }, { id: 92, status: 'IN_PROGRESS', resourceName: 'other' }] } });
    const all = await createItcareProvider({ http }).handler('LoadBalancer')!.observeAll!([desired]);
    expect(all.get(desired.address)!.pending).toEqual([{ id: '91', serviceId: SID, resourceId: LB_ID, resourceName: URL }]);
  });

  it('refuses two live LBs with the same url, as observe does', async () => {
    const http = listWorld({ 'GET /itcare/networking/loadbalancers': page([lbDetail({ id: 1 }), lbDetail({ id: 2 })]) });
    const err = await refusal(createItcareProvider({ http }).handler('LoadBalancer')!.observeAll!([desired]));
    expect(err.message).toMatch(/2 live load balancers are named url\.cegedim\.com/);
    expect(err.address).toBe(desired.address);
  });
});

describe('LoadBalancer listOwned', () => {
  it('lists the LBs tagged with the stack, re-checking the owner on their tags', async () => {
    const items = [lbDetail(), lbDetail({ id: 2, name: 'other.cegedim.com' })];
    const http = lbHttp({}, {
      'GET /itcare/networking/loadbalancers': () => page(items),
      'GET /itcare/compute/resources/2/tags': { body: [{ tagKey: 'caretaker-stack', tagValue: 'someone-else' }] },
    });
    const lb = createItcareProvider({ http }).handler('LoadBalancer')!;
    const owned = await lb.listOwned('web-qa', { serviceIds: [SID] });
    expect(owned.map((o) => [o.kind, o.name, o.id, o.serviceId])).toEqual([['LoadBalancer', URL, LB_ID, SID]]);
    expect(http.calls[0]).toMatchObject({ query: { services: [SID], tags: 'caretaker-stack:web-qa' } });
    // The same reads as refresh: one LB list for the service, no detail GET per LB.
    expect(http.callKeys()).not.toContain(`GET ${LB}`);
  });
});
