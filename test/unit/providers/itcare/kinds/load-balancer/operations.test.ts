import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../../../../src/core/errors.js';
import { diffSpec } from '../../../../../../src/engine/diff.js';
import type { Operation } from '../../../../../../src/engine/plan.js';
import type { Observation, OperationContext } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { createSchemaRegistry } from '../../../../../../src/schema/registry.js';
import { fakeHttp } from '../../../../../support/fake-http.js';
import { APP01, APP02, APP03, LB, LB_ID, SID, URL, lbDesired } from './fixtures.js';

const lb = createItcareProvider({ http: fakeHttp() }).handler('LoadBalancer')!;
const policy = createSchemaRegistry().policy('LoadBalancer');
const ctx = (over: Partial<OperationContext> = {}): OperationContext => ({ stack: 'web-qa', resolveRef: () => undefined, ...over });

/** A live LB in spec shape, as observe returns it for a spec that manages urls, members and bot defense. */
function live(spec: Record<string, unknown> = {}): Observation {
  return {
    exists: true, id: LB_ID, owner: 'web-qa',
    spec: {
      serviceId: SID, monitoringEnabled: true, onCallSupervision: false, state: 'running', tags: {},
      urls: [{ name: 'api.cegedim.com', monitoringEnabled: true }, { name: 'old.cegedim.com' }],
      members: [{ name: 'PEB4APP01', port: 80 }, { name: 'PEB4APP02', port: 80, state: 'enabled' }],
      botDefense: { enabled: true, template: 'standard', mode: 'blocking', whitelist: ['10.0.3.40'] },
      ...spec,
    },
    lookups: {
      memberIds: { PEB4APP01: APP01, PEB4APP02: APP02, PEB4APP03: APP03 },
      memberStates: { PEB4APP01: 'disabled', PEB4APP02: 'enabled' },
      urlIds: { 'api.cegedim.com': 12, 'old.cegedim.com': 13 },
      urlMonitoring: { 'api.cegedim.com': { monitoringEnabled: true, onCallSupervision: true }, 'old.cegedim.com': {} },
    },
  };
}

/** The desired spec matching `live()` exactly (so that each case changes one thing). */
const base = {
  monitoringEnabled: true, onCallSupervision: false, state: 'running', tags: {},
  urls: [{ name: 'api.cegedim.com', monitoringEnabled: true }, { name: 'old.cegedim.com' }],
  members: [{ name: 'PEB4APP01', port: 80 }, { name: 'PEB4APP02', port: 80, state: 'enabled' }],
  botDefense: { enabled: true, template: 'standard', mode: 'blocking', whitelist: ['10.0.3.40'] },
};

/** Plans like the engine: diff with the kind's policy, then the handler's update builder. */
function plan(spec: Record<string, unknown>, observed = live(), c = ctx()): { diff: string[]; ops: Operation[] } {
  const desired = lbDesired({ ...base, ...spec });
  const diff = diffSpec(desired.spec, observed.spec, { policy });
  return { diff: diff.map((d) => `${d.op} ${d.path}`), ops: diff.length > 0 ? lb.updateOperations(desired, observed, diff, c) : [] };
}
const brief = (ops: Operation[]) => ops.map((o) => `${o.method} ${o.path.replace(LB, 'LB')} ${JSON.stringify(o.body ?? null)}${o.async ? ' async' : ''}`);

describe('LoadBalancer updateOperations', () => {
  it('plans nothing for a converged LB', () => {
    expect(plan({})).toEqual({ diff: [], ops: [] });
  });

  const cases: Record<string, { reason: string; spec: Record<string, unknown>; diff: string[]; ops: string[]; summaries?: string[] }> = {
    UrlAdd: {
      reason: 'a new URL is POSTed with its documented fields (async 202)',
      spec: { urls: [...base.urls, { name: 'new.cegedim.com', onCallSupervision: true, sslProfile: 'p1' }] },
      diff: ['add /urls/new.cegedim.com'],
      ops: ['POST LB/urls {"name":"new.cegedim.com","onCallSupervision":true,"sslProfile":"p1"} async'],
      summaries: ['add url new.cegedim.com'],
    },
    UrlRemove: {
      reason: 'a live URL absent from the list is DELETEd by id',
      spec: { urls: [base.urls[0]] }, diff: ['remove /urls/old.cegedim.com'],
      ops: ['DELETE LB/urls/13 null async'], summaries: ['remove url old.cegedim.com'],
    },
    UrlMonitoring: {
      reason: 'URL monitoring uses onCall (camelCase); the unmanaged on-call keeps its live value',
      spec: { urls: [{ name: 'api.cegedim.com', monitoringEnabled: false }, base.urls[1]] },
      diff: ['replace /urls/api.cegedim.com/monitoringEnabled'],
      ops: ['PATCH LB/urls/12 {"operation":"update_monitoring","options":{"state":false,"onCall":true}} async'],
      summaries: ['update url api.cegedim.com monitoring: disabled, on-call on'],
    },
    MemberAdd: {
      reason: 'a new member is POSTed with the minimal documented payload (synchronous)',
      spec: { members: [...base.members, { name: 'PEB4APP03', port: 8080 }] }, diff: ['add /members/PEB4APP03'],
      ops: ['POST LB/members {"resourceId":898734,"port":8080}'], summaries: ['add member PEB4APP03:8080'],
    },
    MemberAddDisabled: {
      reason: 'members are added enabled, so a non-enabled state is a PATCH after the add',
      spec: { members: [...base.members, { name: 'PEB4APP03', port: 80, state: 'offline' }] }, diff: ['add /members/PEB4APP03'],
      ops: ['POST LB/members {"resourceId":898734,"port":80}', 'PATCH LB/members/898734 {"operation":"offline"}'],
    },
    MemberRemove: {
      reason: 'a live member absent from the list is DELETEd by resource id',
      spec: { members: [base.members[0]] }, diff: ['remove /members/PEB4APP02'],
      ops: ['DELETE LB/members/1050976 null'], summaries: ['remove member PEB4APP02'],
    },
    MemberState: {
      reason: 'the state is the operation name itself, without options',
      spec: { members: [base.members[0], { name: 'PEB4APP02', port: 80, state: 'disabled' }] },
      diff: ['replace /members/PEB4APP02/state'],
      ops: ['PATCH LB/members/1050976 {"operation":"disabled"}'], summaries: ['set member PEB4APP02 disabled'],
    },
    MemberPort: {
      reason: 'a port change is remove + add; the live state the spec does not manage is restored',
      spec: { members: [{ name: 'PEB4APP01', port: 8080 }, base.members[1]] }, diff: ['replace /members/PEB4APP01/port'],
      ops: ['DELETE LB/members/1050975 null', 'POST LB/members {"resourceId":1050975,"port":8080}', 'PATCH LB/members/1050975 {"operation":"disabled"}'],
      summaries: ['remove member PEB4APP01 (port 80 -> 8080)', 'add member PEB4APP01:8080', 'set member PEB4APP01 disabled'],
    },
    BotUpdate: {
      reason: 'a template or mode change is one update_bot with every managed option',
      spec: { botDefense: { ...base.botDefense, mode: 'transparent' } }, diff: ['replace /botDefense/mode'],
      ops: ['PATCH LB {"operation":"update_bot","options":{"template":"standard","mode":"transparent"}} async'],
      summaries: ['update bot defense (template standard, mode transparent)'],
    },
    BotWhitelist: {
      reason: 'one whitelist call per IP, additions before removals',
      spec: { botDefense: { ...base.botDefense, whitelist: ['10.0.3.41', '10.0.3.42'] } },
      diff: ['replace /botDefense/whitelist/0', 'add /botDefense/whitelist/1'],
      ops: [
        'PATCH LB {"operation":"edit_bot_whitelist","options":{"ip":"10.0.3.41"}} async',
        'PATCH LB {"operation":"edit_bot_whitelist","options":{"ip":"10.0.3.42"}} async',
        'PATCH LB {"operation":"delete_bot_whitelist","options":{"ip":"10.0.3.40"}} async',
      ],
      summaries: ['whitelist 10.0.3.41', 'whitelist 10.0.3.42', 'remove 10.0.3.40 from whitelist'],
    },
    BotDelete: {
      reason: 'enabled: false removes the security profile',
      spec: { botDefense: { enabled: false } },
      diff: ['replace /botDefense/enabled'],
      ops: ['PATCH LB {"operation":"delete_bot","options":{}} async'], summaries: ['delete bot defense'],
    },
    Monitoring: {
      reason: 'LB monitoring names the primary URL in updateUrls so that the other URLs keep their settings',
      spec: { onCallSupervision: true }, diff: ['replace /onCallSupervision'],
      ops: [`PATCH LB {"operation":"update_monitoring","options":{"state":true,"on_call":true,"updateUrls":["${URL}"]}} async`],
      summaries: ['update monitoring: enabled, on-call on'],
    },
    Stop: {
      reason: 'stop is a PATCH; the LB docs do not call it irreversible',
      spec: { state: 'stopped' }, diff: ['replace /state'], ops: ['PATCH LB {"operation":"stop","options":{}} async'], summaries: ['stop'],
    },
    Tags: {
      reason: 'tags use the shared tag calls',
      spec: { tags: { app: 'web' } }, diff: ['add /tags/app'], ops: ['POST /itcare/compute/resources/500080001/tags {"tagKey":"app","tagValue":"web"}'],
    },
  };
  it.each(Object.entries(cases))('%s', (_name, c) => {
    const { diff, ops } = plan(c.spec);
    expect(diff, c.reason).toEqual(c.diff);
    expect(brief(ops), c.reason).toEqual(c.ops);
    if (c.summaries) expect(ops.map((o) => o.summary)).toEqual(c.summaries);
    for (const o of ops) expect(o).toMatchObject({ role: 'update', irreversible: false, serviceId: SID });
  });

  it('activates bot defense with the spec options, then whitelists every IP', () => {
    const { ops } = plan({ botDefense: { enabled: true, template: 'strict', whitelist: ['10.0.3.40'] } }, live({ botDefense: { enabled: false } }));
    expect(brief(ops)).toEqual([
      'PATCH LB {"operation":"activate_bot","options":{"template":"strict"}} async',
      'PATCH LB {"operation":"edit_bot_whitelist","options":{"ip":"10.0.3.40"}} async',
    ]);
  });

  it('adds the changeReference to start, stop and bot calls, never to monitoring or member calls', () => {
    const c = ctx({ changeReference: 'RFC1234' });
    const start = plan({ state: 'running', monitoringEnabled: false, botDefense: { enabled: false } }, live({ state: 'stopped' }), c).ops;
    expect(brief(start)).toEqual([
      'PATCH LB {"operation":"start","options":{"changeReference":"RFC1234"}} async',
      'PATCH LB {"operation":"delete_bot","options":{"changeReference":"RFC1234"}} async',
      `PATCH LB {"operation":"update_monitoring","options":{"state":false,"on_call":false,"updateUrls":["${URL}"]}} async`,
    ]);
  });

  it('orders one change: start, members add, urls add, member states, bot, monitoring, urls delete, members delete, tags', () => {
    const spec = {
      state: 'running', monitoringEnabled: false, tags: { app: 'web' },
      urls: [{ name: 'api.cegedim.com', monitoringEnabled: false }, { name: 'new.cegedim.com' }],
      members: [{ name: 'PEB4APP01', port: 80, state: 'offline' }, { name: 'PEB4APP03', port: 80 }],
      botDefense: { ...base.botDefense, template: 'strict' },
    };
    const { ops } = plan(spec, live({ state: 'stopped' }));
    expect(ops.map((o) => o.summary)).toEqual([
      'start', 'add member PEB4APP03:80', 'add url new.cegedim.com', 'set member PEB4APP01 offline',
      'update bot defense (template strict, mode blocking)', 'update monitoring: disabled, on-call off',
      'update url api.cegedim.com monitoring: disabled, on-call on', 'remove url old.cegedim.com', 'remove member PEB4APP02', 'tag app=web',
    ]);
  });

  it('refuses a member that observe could not resolve, and a field no operation changes', () => {
    const observed = live();
    observed.lookups = { ...observed.lookups, memberIds: { PEB4APP01: APP01, PEB4APP02: APP02 } };
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(RefusedError);
        return (e as RefusedError).message;
      }
      throw new Error('expected a RefusedError');
    };
    expect(refused(() => plan({ members: [...base.members, { name: 'PEB4APP03', port: 80 }] }, observed))).toBe(
      'member PEB4APP03 not found: no ITCare resource named PEB4APP03 in service 46922',
    );
    const desired = lbDesired(base);
    expect(refused(() => lb.updateOperations(desired, live(), [{ op: 'replace', path: '/serviceId', value: 1 }], ctx()))).toBe(
      'no ITCare operation changes spec.serviceId of a live LoadBalancer',
    );
  });

  it('turns an immutable difference into a replacement through the engine policy', () => {
    const diff = diffSpec(lbDesired({ certificateName: 'other.crt' }).spec, { ...live().spec, certificateName: 'wildcard.crt' }, { policy });
    expect(diff).toEqual([{ op: 'replace', path: '/certificateName', from: 'wildcard.crt', value: 'other.crt', forcesReplace: true }]);
  });
});
