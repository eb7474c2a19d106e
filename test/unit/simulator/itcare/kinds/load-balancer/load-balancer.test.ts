import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../../../src/simulator/start.js';
import { client, createAndWait, start, waitAction, type Client } from '../../../support.js';

const BASE = '/itcare/networking/loadbalancers';
const APP01 = 500079802;
const APP02 = 500079803;
const APP03 = 500057033; // INACTIVE
const PRD01 = 500079900; // service 46923
const SQL = 500079545; // a SQL Server, not a VM

/** A create-body member as the docs write it: `{id, network: {id, ipAddress}}` (004:1764-1772); seeded VM addresses. */
const mem = (id: number, networkId = 1234511) => ({ id, network: { id: networkId, ipAddress: `10.20.${networkId % 100}.${id % 200}` } });

function lbBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    url: 'shop.cegedim.cloud', serviceId: 46922, region: 'EB', area: 'EB-QA', networkId: 1234511, healthcheck: 'http',
    persistence: true, portMembers: 80, profileName: 'HTTP', redirectToHttps: false, setUpDNSEnabled: false,
    members: [mem(APP01), mem(APP02)], ...over,
  };
}

describe('simulator load balancers', () => {
  let sim: RunningSimulator;
  let c: Client;
  let lb: number;
  beforeAll(async () => {
    sim = await start();
    c = client(sim);
    lb = await createAndWait(c, BASE, lbBody());
  });
  afterAll(() => sim.close());

  /** Sends a 202 call and waits for its action; returns the final action. */
  async function act(p: Promise<{ status: number; body: any }>): Promise<any> {
    const res = await p;
    if (res.status !== 202) throw new Error(`answered ${res.status}: ${JSON.stringify(res.body)}`);
    return waitAction(c, res.body.id);
  }

  it('serves the protocol catalogue and the internal whitelist', async () => {
    const protocols = (await c.get(`${BASE}/protocols`)).body;
    expect(protocols.map((p: any) => p.name)).toEqual(['HTTP', 'HTTPS', 'TCP', 'MYSQL']);
    expect(protocols.find((p: any) => p.name === 'HTTPS')).toMatchObject({ isCertificateRequired: true, port: 443 });
    expect(protocols.find((p: any) => p.name === 'HTTP').isCertificateRequired).toBe(false);
    expect((await c.get(`${BASE}/internal-whitelist`)).body).toEqual(expect.arrayContaining(['10.0.0.0/8']));
  });

  it('creates an LB named after its url, with its primary url and members', async () => {
    const live = (await c.get(`${BASE}/${lb}`)).body;
    expect(live).toMatchObject({
      id: lb, name: 'shop.cegedim.cloud', status: 'ACTIVE', path: '/networking/loadbalancers', serviceId: 46922, nodeCount: 2,
      botDefenseEnabled: false, botDefenseUpdating: false, securityProfile: null, certificate: null, parentResource: null,
      network: { id: 1234511 }, protocols: [{ name: 'HTTP' }], defaultPersistence: 'cookie',
      urls: [{ name: 'shop.cegedim.cloud', status: 'ACTIVE' }],
    });
    expect(live.members.map((m: any) => [m.id, m.name, m.ipAddress])).toEqual([[APP01, 'PEB4APP01', '10.20.11.2'], [APP02, 'PEB4APP02', '10.20.11.3']]);
    expect((await c.get(`${BASE}/${lb}/members`)).body).toEqual([
      expect.objectContaining({ resourceId: APP01, name: 'PEB4APP01', port: 80, state: 'enabled', status: 'up', address: '10.20.11.2' }),
      expect.objectContaining({ resourceId: APP02, port: 80, state: 'enabled' }),
    ]);
    const item = (await c.get(`/itcare/compute/resources/${lb}`)).body;
    expect(item).toMatchObject({ name: 'shop.cegedim.cloud', path: '/networking/loadbalancers', category: 'LOAD_BALANCERS' });
  });

  it.each(Object.entries({
    'bad url': { reason: 'url pattern (must start with a letter)', over: { url: '1shop.cegedim.cloud' }, field: 'url' },
    'url with a path': { reason: 'url pattern has no "/"', over: { url: 'shop.cegedim.cloud/x' }, field: 'url' },
    'duplicate url': { reason: 'url must be unique', over: { url: 'https://SHOP.cegedim.cloud' }, field: 'url' },
    'HTTPS without certificate': { reason: 'HTTPS isCertificateRequired', over: { profileName: 'HTTPS', sslProfile: 'p' }, field: 'certificateName' },
    'HTTPS without ssl profile': { reason: 'HTTPS isCertificateRequired', over: { profileName: 'HTTPS', certificateName: 'c.crt' }, field: 'sslProfile' },
    'unknown profile': { reason: 'profileName from the catalogue', over: { profileName: 'FTP' }, field: 'profileName' },
    'missing healthcheck': { reason: 'healthcheck is Required', over: { healthcheck: undefined }, field: 'healthcheck' },
    'missing region': { reason: 'region is Required', over: { region: undefined }, field: 'region' },
    'port too large': { reason: 'a port is 0..65535', over: { portMembers: '65536' }, field: 'portMembers' },
    'unknown network': { reason: 'networkId must exist when given', over: { networkId: 4242 }, field: 'networkId' },
    'DNS on a foreign domain': { reason: 'setUpDNSEnabled needs a DNS domain', over: { url: 'url.cegedim.com', setUpDNSEnabled: true }, field: 'setUpDNSEnabled' },
    'unknown member': { reason: 'members must exist', over: { members: [{ id: 42 }] }, field: 'members[0].id' },
    'member of another service': { reason: 'same service', over: { members: [{ id: PRD01 }] }, field: 'members[0].id' },
    'member not a VM': { reason: 'members are instances', over: { members: [{ id: SQL }] }, field: 'members[0].id' },
    'member twice': { reason: 'one entry per resource', over: { members: [mem(APP01), mem(APP01)] }, field: 'members[1].id' },
    'member without its network': { reason: 'every example carries network (004:1764-1799)', over: { members: [{ id: APP01 }] }, field: 'members[0].network' },
    'member in another network': { reason: "network.id is the member's", over: { members: [mem(APP01, 1234512)] }, field: 'members[0].network.id' },
    'member with a wrong address': { reason: "ipAddress is the member's", over: { members: [{ id: APP01, network: { id: 1234511, ipAddress: '1.2.3.4' } }] }, field: 'members[0].network.ipAddress' },
  }))('refuses a create with %s', async (_name, { over, field }) => {
    const res = await c.post(BASE, lbBody({ url: 'other.cegedim.cloud', ...over }));
    expect(res).toMatchObject({ status: 400, body: { status: 'BAD_REQUEST', errorCode: 'INVALID_FIELD_VALUE', errorDesc: field } });
  });

  it('accepts HTTPS with a certificate, portMembers as a string, no members and DNS on cegedim.cloud', async () => {
    const id = await createAndWait(c, BASE, lbBody({
      url: 'secure.cegedim.cloud', profileName: 'https', certificateName: 'wildcard_cegedim.cloud', sslProfile: 'profile_wildcard',
      portMembers: '443', setUpDNSEnabled: true, members: undefined, networkId: undefined,
    }));
    expect((await c.get(`${BASE}/${id}`)).body).toMatchObject({
      protocols: [{ name: 'HTTPS' }], certificate: { certificateName: 'wildcard_cegedim.cloud' }, nodeCount: 0, network: { id: 1234511 },
    });
  });

  it('refuses members on different networks', async () => {
    const body = lbBody({ url: 'sandbox.cegedim.cloud', serviceId: 46924, members: [mem(500079950), mem(500079952, 1234512)] });
    expect((await c.post(BASE, body)).body).toMatchObject({ errorDesc: 'members[1].id' });
    const id = await createAndWait(c, BASE, { ...body, members: [mem(500079950)] });
    expect((await c.post(`${BASE}/${id}/members`, { resourceId: 500079952, port: 80 })).status).toBe(400);
    expect((await c.post(`${BASE}/${id}/members`, { resourceId: 500079951, port: 80 })).status).toBe(200);
  });

  it('adds, updates and deletes URLs as actions', async () => {
    await act(c.post(`${BASE}/${lb}/urls`, { name: 'www.shop2.cegedim.cloud', setUpDNSEnabled: false, monitoringEnabled: true, onCallSupervision: true }));
    let urls = (await c.get(`${BASE}/${lb}/urls`)).body;
    expect(urls.map((u: any) => [u.name, u.monitoringEnabled, u.monitoringOnCallEnabled])).toEqual([
      ['shop.cegedim.cloud', false, false], ['www.shop2.cegedim.cloud', true, true],
    ]);
    const [primary, second] = urls;
    expect((await c.post(`${BASE}/${lb}/urls`, { name: 'www.shop2.cegedim.cloud' })).status).toBe(400);
    expect((await c.post(`${BASE}/${lb}/urls`, { name: 'bad_url!' })).body).toMatchObject({ errorDesc: 'name' });
    expect((await c.post(`${BASE}/${lb}/urls`, { name: 'shop3.example.com', setUpDNSEnabled: true })).status).toBe(400);
    await act(c.patch(`${BASE}/${lb}/urls/${second.id}`, { operation: 'update_monitoring', options: { state: true, onCall: false } }));
    await act(c.patch(`${BASE}/${lb}/urls/${primary.id}`, { operation: 'update_monitoring', options: { state: true, on_call: true } }));
    urls = (await c.get(`${BASE}/${lb}/urls`)).body;
    expect(urls.map((u: any) => [u.monitoringEnabled, u.monitoringOnCallEnabled])).toEqual([[true, true], [true, false]]);
    expect((await c.patch(`${BASE}/${lb}/urls/${second.id}`, { operation: 'explode' })).status).toBe(400);
    expect((await c.patch(`${BASE}/${lb}/urls/123`, { operation: 'update_monitoring', options: { state: true } })).status).toBe(404);
    expect((await c.delete(`${BASE}/${lb}/urls/${primary.id}`)).body).toMatchObject({ errorDesc: 'urlId' });
    await act(c.delete(`${BASE}/${lb}/urls/${second.id}`));
    expect((await c.get(`${BASE}/${lb}/urls`)).body.map((u: any) => u.name)).toEqual(['shop.cegedim.cloud']);
  });

  it('adds, sets the state of and deletes pool members synchronously', async () => {
    const added = await c.post(`${BASE}/${lb}/members`, { resourceId: APP03, port: 8080, state: 'disabled', name: 'ignored' });
    expect(added.status).toBe(200);
    expect(added.body).toHaveLength(3);
    expect(added.body[2]).toMatchObject({ resourceId: APP03, name: 'PEB4APP03', port: 8080, state: 'enabled', status: 'down' });
    expect((await c.get(`${BASE}/${lb}`)).body.nodeCount).toBe(3);
    for (const [body, field] of [
      [{ resourceId: APP03, port: 8080 }, 'resourceId'],
      [{ resourceId: APP01, port: 65536 }, 'port'],
      [{ resourceId: APP01, port: -1 }, 'port'],
      [{ resourceId: 42, port: 80 }, 'resourceId'],
      [{ resourceId: PRD01, port: 80 }, 'resourceId'],
      [{ port: 80 }, 'resourceId'],
    ] as const) {
      expect(await c.post(`${BASE}/${lb}/members`, body)).toMatchObject({ status: 400, body: { errorDesc: field } });
    }
    expect((await c.post(`${BASE}/${lb}/members`, { resourceId: APP01, port: 0 })).status).toBe(200);
    const disabled = await c.patch(`${BASE}/${lb}/members/${APP02}`, { operation: 'disabled' });
    expect(disabled).toMatchObject({ status: 200, body: { resourceId: APP02, state: 'disabled', status: 'user_down', address: '10.20.11.3' } });
    expect((await c.patch(`${BASE}/${lb}/members/${APP01}:0`, { operation: 'offline' })).body).toMatchObject({ port: 0, state: 'offline' });
    expect((await c.patch(`${BASE}/${lb}/members/${APP02}`, { operation: 'paused' })).status).toBe(400);
    expect((await c.patch(`${BASE}/${lb}/members/${PRD01}`, { operation: 'enabled' })).status).toBe(404);
    const left = await c.delete(`${BASE}/${lb}/members/${APP01}:0`);
    expect(left).toMatchObject({ status: 200 });
    expect(left.body.map((m: any) => [m.resourceId, m.port, m.state])).toEqual([[APP01, 80, 'enabled'], [APP02, 80, 'disabled'], [APP03, 8080, 'enabled']]);
    expect((await c.delete(`${BASE}/${lb}/members/${APP03}`)).body).toHaveLength(2);
    expect((await c.delete(`${BASE}/${lb}/members/abc`)).status).toBe(400);
  });

  it('activates, updates and removes bot defense and its whitelist', async () => {
    const refused = async (operation: string, options: unknown = {}) => (await c.patch(`${BASE}/${lb}`, { operation, options })).status;
    expect(await refused('delete_bot')).toBe(400);
    expect(await refused('update_bot', { mode: 'transparent' })).toBe(400);
    expect(await refused('edit_bot_whitelist', { ip: '10.0.3.40' })).toBe(400);
    expect(await refused('activate_bot', { template: 'paranoid' })).toBe(400);
    expect(await refused('activate_bot', { changeReference: 'RFC-12345678' })).toBe(400);
    await act(c.patch(`${BASE}/${lb}`, { operation: 'activate_bot', options: { changeReference: '5678' } }));
    expect((await c.get(`${BASE}/${lb}`)).body).toMatchObject({ botDefenseEnabled: true, securityProfile: { template: 'standard', enforcement: 'blocking', whiteList: [] } });
    expect(await refused('activate_bot')).toBe(400);
    await act(c.patch(`${BASE}/${lb}`, { operation: 'update_bot', options: { mode: 'transparent' } }));
    await act(c.patch(`${BASE}/${lb}`, { operation: 'edit_bot_whitelist', options: { ip: '10.0.3.40', changeReference: '5678' } }));
    await act(c.patch(`${BASE}/${lb}`, { operation: 'edit_bot_whitelist', options: { ip: '10.0.3.40' } }));
    await act(c.patch(`${BASE}/${lb}`, { operation: 'edit_bot_whitelist', options: { ip: '192.168.1.0/24' } }));
    expect(await refused('edit_bot_whitelist', { ip: '10.0.3.400' })).toBe(400);
    expect(await refused('delete_bot_whitelist', { ip: '10.9.9.9' })).toBe(400);
    expect((await c.get(`${BASE}/${lb}`)).body.securityProfile).toMatchObject({
      template: 'standard', enforcement: 'transparent', whiteList: [{ ip: '10.0.3.40' }, { ip: '192.168.1.0/24' }],
    });
    await act(c.patch(`${BASE}/${lb}`, { operation: 'delete_bot_whitelist', options: { ip: '10.0.3.40' } }));
    await act(c.patch(`${BASE}/${lb}`, { operation: 'update_bot', options: { template: 'strict', mode: 'blocking' } }));
    expect((await c.get(`${BASE}/${lb}`)).body.securityProfile).toMatchObject({ template: 'strict', enforcement: 'blocking', whiteList: [{ ip: '192.168.1.0/24' }] });
    expect((await c.get(`${BASE}?botdefense=true`)).body.content.map((x: any) => x.id)).toEqual([lb]);
    await act(c.patch(`${BASE}/${lb}`, { operation: 'delete_bot' }));
    expect((await c.get(`${BASE}/${lb}`)).body).toMatchObject({ botDefenseEnabled: false, securityProfile: null });
  });

  it('updates monitoring of the LB and all or some of its URLs, and stops and starts', async () => {
    const id = await createAndWait(c, BASE, lbBody({ url: 'mon.cegedim.cloud', members: [] }));
    await act(c.post(`${BASE}/${id}/urls`, { name: 'mon2.cegedim.cloud' }));
    await act(c.post(`${BASE}/${id}/urls`, { name: 'mon3.cegedim.cloud' }));
    await act(c.patch(`${BASE}/${id}`, { operation: 'update_monitoring', options: { state: true, on_call: true, updateUrls: ['MON3.cegedim.cloud'] } }));
    const live = (await c.get(`${BASE}/${id}`)).body;
    expect(live).toMatchObject({ monitoringEnabled: true, monitoringOnCallEnabled: true });
    expect(live.urls.map((u: any) => u.monitoringEnabled)).toEqual([false, false, true]);
    await act(c.patch(`${BASE}/${id}`, { operation: 'update_monitoring', options: { state: false } }));
    expect((await c.get(`${BASE}/${id}/urls`)).body.map((u: any) => [u.monitoringEnabled, u.monitoringOnCallEnabled])).toEqual([[false, false], [false, false], [false, true]]);
    expect((await c.patch(`${BASE}/${id}`, { operation: 'update_monitoring', options: { state: true, updateUrls: ['nope.cegedim.cloud'] } })).status).toBe(400);
    expect((await c.patch(`${BASE}/${id}`, { operation: 'resize', options: { sizing: '2cpu4gb' } })).status).toBe(400);
    await act(c.patch(`${BASE}/${id}`, { operation: 'stop', options: { changeReference: '5678' } }));
    expect((await c.get(`${BASE}/${id}`)).body.status).toBe('INACTIVE');
    await act(c.patch(`${BASE}/${id}`, { operation: 'start' }));
    expect((await c.get(`${BASE}/${id}`)).body.status).toBe('ACTIVE');
  });

  it('filters the paged list and the service sub-list, and deletes', async () => {
    const fresh = await start();
    try {
      const f = client(fresh);
      const a = await createAndWait(f, BASE, lbBody({ url: 'alpha.cegedim.cloud' }));
      await createAndWait(f, BASE, lbBody({ url: 'beta.example.com', members: [mem(APP01)] }));
      await createAndWait(f, BASE, lbBody({ url: 'gamma.cegedim.cloud', serviceId: 46923, members: [mem(PRD01), mem(500079901)] }));
      await f.put(`/itcare/compute/resources/${a}/tags`, [{ tagKey: 'stack', tagValue: 'shop' }]);
      const names = async (q: string) => (await f.get(`${BASE}?${q}`)).body.content.map((x: any) => x.name);
      expect(await names('names=alpha.cegedim.cloud')).toEqual(['alpha.cegedim.cloud']);
      expect(await names('names=alpha')).toEqual([]);
      expect(await names('urls=.cegedim.cloud')).toEqual(['alpha.cegedim.cloud', 'gamma.cegedim.cloud']);
      expect(await names('services=46922&urls=EXAMPLE')).toEqual(['beta.example.com']);
      expect(await names('environments=PRODUCTION')).toEqual(['gamma.cegedim.cloud']);
      expect(await names('tags=stack:shop')).toEqual(['alpha.cegedim.cloud']);
      expect(await names('statuses=INACTIVE')).toEqual([]);
      expect(await names('protocols=http&size=2&page=1')).toEqual(['gamma.cegedim.cloud']);
      expect((await f.get('/itcare/compute/services/46922/loadbalancers?nodes=2')).body.map((x: any) => x.name)).toEqual(['alpha.cegedim.cloud']);
      expect((await f.get('/itcare/compute/resources?tags=stack:shop')).body.content.map((x: any) => x.id)).toEqual([a]);
      expect((await f.delete(`${BASE}/${a}`, { changeReference: 'RFC-0123456' })).status).toBe(400);
      const del = await f.delete(`${BASE}/${a}`, { changeReference: 'RFC_123' });
      expect(del).toMatchObject({ status: 202, body: { process: 'DELETE', internalId: a } });
      await waitAction(f, del.body.id);
      expect((await f.get(`${BASE}/${a}`)).status).toBe(404);
      expect((await f.get(`${BASE}/${a}/members`)).status).toBe(404);
    } finally {
      await fresh.close();
    }
  });
});
