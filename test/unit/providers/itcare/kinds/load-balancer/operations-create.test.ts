import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import type { Observation, OperationContext } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { APP01, APP02, LB, LB_ID, SID, URL, lbDesired } from './fixtures.js';

const lb = createItcareProvider({ http: fakeHttp() }).handler('LoadBalancer')!;
const ctx = (over: Partial<OperationContext> = {}): OperationContext => ({ stack: 'web-qa', resolveRef: () => undefined, ...over });
type Net = { id: number; ipAddress: string };
const missing = (memberIds: Record<string, number> = {}, memberNetworks: Record<string, Net> = {}): Observation => ({
  exists: false, spec: {}, lookups: { memberIds, memberNetworks, memberStates: {}, urlIds: {} },
});
const NET = (ip: string): Net => ({ id: 4242, ipAddress: ip });
const SELF = '/itcare/networking/loadbalancers/${ref:self}';
const brief = (ops: ReturnType<typeof lb.createOperations>) => ops.map((o) => `${o.method} ${o.path} ${JSON.stringify(o.body ?? null)}${o.async ? ' async' : ''}`);

describe('LoadBalancer createOperations', () => {
  it('POSTs the documented body with the members on portMembers, then tags, other members, URLs, states, bot, stop', () => {
    const desired = lbDesired({
      networkId: 4242, persistence: true, redirectToHttps: false, setUpDNSEnabled: false, monitoringEnabled: true,
      state: 'stopped', tags: { app: 'web' },
      members: [{ name: 'PEB4APP01', port: 80 }, { name: 'PEB4APP02', port: 8080, state: 'offline' }],
      urls: [{ name: 'api.cegedim.com', monitoringEnabled: true, onCallSupervision: true, setUpDNSEnabled: false }],
      botDefense: { enabled: true, mode: 'transparent', whitelist: ['10.0.3.40'] },
    });
    const ops = lb.createOperations(desired, ctx({ changeReference: 'RFC1234' }), missing({ PEB4APP01: APP01, PEB4APP02: APP02 }, { PEB4APP01: NET('10.0.0.1'), PEB4APP02: NET('10.0.0.2') }));
    expect(brief(ops)).toEqual([
      'POST /itcare/networking/loadbalancers {"url":"url.cegedim.com","serviceId":46922,"region":"EB","area":"EB-QA","healthcheck":"CDGM","portMembers":"80","profileName":"HTTP","networkId":4242,"persistence":true,"redirectToHttps":false,"setUpDNSEnabled":false,"monitoringEnabled":true,"members":[{"id":1050975,"network":{"id":4242,"ipAddress":"10.0.0.1"}}]} async',
      `PUT /itcare/compute/resources/\${ref:self}/tags [{"tagKey":"caretaker-stack","tagValue":"web-qa"},{"tagKey":"app","tagValue":"web"}]`,
      `POST ${SELF}/members {"resourceId":1050976,"port":8080}`,
      `POST ${SELF}/urls {"name":"api.cegedim.com","monitoringEnabled":true,"onCallSupervision":true,"setUpDNSEnabled":false} async`,
      `PATCH ${SELF}/members/1050976 {"operation":"offline"}`,
      `PATCH ${SELF} {"operation":"activate_bot","options":{"mode":"transparent","changeReference":"RFC1234"}} async`,
      `PATCH ${SELF} {"operation":"edit_bot_whitelist","options":{"ip":"10.0.3.40","changeReference":"RFC1234"}} async`,
      `PATCH ${SELF} {"operation":"stop","options":{"changeReference":"RFC1234"}} async`,
    ]);
    expect(ops[0]).toMatchObject({ role: 'create', irreversible: false, serviceId: SID, summary: 'create LoadBalancer url.cegedim.com (HTTP, port 80, 2 members)' });
    expect(ops.slice(1).every((o) => o.role === 'update' && !o.irreversible && o.serviceId === SID)).toBe(true);
    expect(ops.map((o) => o.summary).slice(2)).toEqual([
      'add member PEB4APP02:8080', 'add url api.cegedim.com', 'set member PEB4APP02 offline',
      'activate bot defense (mode transparent)', 'whitelist 10.0.3.40', 'stop',
    ]);
  });

  it('creates inside the referenced cluster: placeholder path, no members in the body, members POSTed after', () => {
    const desired = lbDesired({ portMembers: '443', cluster: { ref: 'KubernetesCluster/web' }, members: [{ name: 'PEB4APP01', port: 443 }] });
    const ops = lb.createOperations(desired, ctx(), missing({ PEB4APP01: APP01 }));
    expect(ops[0]).toMatchObject({
      method: 'POST', path: '/itcare/compute/containers/kubernetes/${ref:KubernetesCluster/web}/loadbalancers', role: 'create', async: true,
      body: { url: URL, serviceId: SID, region: 'EB', area: 'EB-QA', healthcheck: 'CDGM', portMembers: '443', profileName: 'HTTP' },
      summary: 'create LoadBalancer url.cegedim.com in KubernetesCluster/web (HTTP, port 443, 1 member)',
    });
    expect(ops[0]!.body).not.toHaveProperty('members');
    expect(ops[0]!.body).not.toHaveProperty('cluster');
    expect(brief(ops.slice(2))).toEqual([`POST ${SELF}/members {"resourceId":1050975,"port":443}`]);
  });

  it('adds a member given by ref after the create, with the VM\'s live id, else its placeholder (resolved at apply time)', () => {
    const desired = lbDesired({ members: [{ name: 'PEB4APP01', port: 80 }, { ref: 'VirtualMachine/PEB4APP02', port: 80 }, { ref: 'VirtualMachine/NEW01', port: 80 }] });
    const live = (a: string) => (a === 'VirtualMachine/PEB4APP02' ? APP02 : undefined);
    const ops = lb.createOperations(desired, ctx({ resolveRef: live }), missing({ PEB4APP01: APP01 }, { PEB4APP01: NET('10.0.0.1') }));
    expect(ops[0]!.body).toMatchObject({ members: [{ id: APP01, network: { id: 4242, ipAddress: '10.0.0.1' } }] });
    expect(brief(ops.slice(2))).toEqual([
      `POST ${SELF}/members {"resourceId":${APP02},"port":80}`,
      `POST ${SELF}/members {"resourceId":"\${ref:VirtualMachine/NEW01}","port":80}`,
    ]);
    expect(ops.slice(2).map((o) => o.summary)).toEqual(['add member VirtualMachine/PEB4APP02:80', 'add member VirtualMachine/NEW01:80']);
  });

  it('keeps the placeholder even when the cluster is live (it may be replaced in the same plan)', () => {
    const desired = lbDesired({ cluster: { ref: 'KubernetesCluster/web' } });
    const ops = lb.createOperations(desired, ctx({ resolveRef: (a) => (a === 'KubernetesCluster/web' ? 777 : undefined) }), missing());
    expect(ops[0]!.path).toBe('/itcare/compute/containers/kubernetes/${ref:KubernetesCluster/web}/loadbalancers');
    expect(ops).toHaveLength(2);
  });

  it('refuses at plan time a member whose network could not be read, and members on two networks (004:2058)', () => {
    const one = lbDesired({ members: [{ name: 'PEB4APP01', port: 80 }] });
    expect(() => lb.createOperations(one, ctx(), missing({ PEB4APP01: APP01 }))).toThrow(/PEB4APP01: its network \{id, ipAddress\}/);
    const two = lbDesired({ members: [{ name: 'PEB4APP01', port: 80 }, { name: 'PEB4APP02', port: 80 }] });
    const nets = { PEB4APP01: NET('10.0.0.1'), PEB4APP02: { id: 9, ipAddress: '10.9.0.2' } };
    expect(() => lb.createOperations(two, ctx(), missing({ PEB4APP01: APP01, PEB4APP02: APP02 }, nets)))
      .toThrow('a new member "must be in the same network as the other members of the loadbalancer" (ITCare 004:2058): PEB4APP02 (network 9) not in network 4242');
  });

  it('refuses a member that observe could not find, naming it and the service searched', () => {
    const desired = lbDesired({ members: [{ name: 'PEB4APP01', port: 80 }, { name: 'GHOST01', serviceId: 46923, port: 80 }] });
    let err: unknown;
    try {
      lb.createOperations(desired, ctx(), missing({ PEB4APP01: APP01 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RefusedError);
    expect(err).toMatchObject({ code: 'ERR_REFUSED', address: `LoadBalancer/${URL}`, message: 'member GHOST01 not found: no ITCare resource named GHOST01 in service 46923' });
  });

  it('sends a member pinned by id without any lookup, and an empty members list as such', () => {
    const pinned = lb.createOperations(lbDesired({ members: [{ name: 'PEB4APP09', id: 42, port: 80 }] }), ctx(), missing({}, { PEB4APP09: NET('10.0.0.9') }));
    expect(pinned[0]!.body).toMatchObject({ members: [{ id: 42, network: { id: 4242, ipAddress: '10.0.0.9' } }] });
    const byResourceId = lb.createOperations(lbDesired({ members: [{ resourceId: 43, port: 80 }] }), ctx(), missing({}, { 43: NET('10.0.0.3') }));
    expect(byResourceId[0]!.body).toMatchObject({ members: [{ id: 43, network: { id: 4242, ipAddress: '10.0.0.3' } }] });
    expect(lb.createOperations(lbDesired({ members: [] }), ctx(), missing())[0]!.body).toMatchObject({ members: [] });
    expect(lb.createOperations(lbDesired(), ctx(), missing())[0]!.body).not.toHaveProperty('members');
  });
});

describe('LoadBalancer deleteOperations', () => {
  const live: Observation = { exists: true, id: LB_ID, spec: { serviceId: SID } };
  it('DELETEs with the changeReference as body when set; deletion cannot be undone', () => {
    expect(lb.deleteOperations(`LoadBalancer/${URL}`, live, ctx({ changeReference: 'RFC_123' }))).toEqual([{
      method: 'DELETE', path: LB, body: { changeReference: 'RFC_123' }, async: true, irreversible: true,
      summary: 'delete LoadBalancer url.cegedim.com', role: 'delete', serviceId: SID,
    }]);
    expect(lb.deleteOperations(`LoadBalancer/${URL}`, live, ctx())[0]).not.toHaveProperty('body');
  });
});
