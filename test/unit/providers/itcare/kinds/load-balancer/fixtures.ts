// Fixture builders for the LoadBalancer provider tests: live answers shaped like the docs' samples
// (ITCARE-API Appendix A.3) with realistic values, a desired LB like the manifests', and fake routes.
import type { DesiredResource } from '../../../../../../src/engine/provider.js';
import { fakeHttp, page, type FakeHttp, type FakeRoutes } from '../../../../../support/fake-http.js';

export const SID = 46922;
export const LB_ID = 500080001;
export const LB = `/itcare/networking/loadbalancers/${LB_ID}`;
export const URL = 'url.cegedim.com';
export const APP01 = 1050975;
export const APP02 = 1050976;
export const APP03 = 898734;

export function lbDesired(spec: Record<string, unknown> = {}, name = URL): DesiredResource {
  return {
    address: `LoadBalancer/${name}`, kind: 'LoadBalancer', name,
    spec: { serviceId: SID, region: 'EB', area: 'EB-QA', healthcheck: 'CDGM', portMembers: 80, profileName: 'HTTP', ...spec },
  };
}

export function lbItem(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: LB_ID, name: URL, serviceId: SID, status: 'ACTIVE', path: '/networking/loadbalancers', ...over };
}

export function lbDetail(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...lbItem(), network: { id: 4242, area: 'EB-QA', region: 'EB' },
    certificate: { certificateName: 'wildcard_cegedim.com', commonName: '*.cegedim.com' },
    healthChecks: [{ id: 1, name: 'http' }], protocols: [{ name: 'HTTP', port: 80 }],
    monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: false,
    botDefenseEnabled: false, botDefenseUpdating: false,
    ...over,
  };
}

export function liveUrl(id: number, name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name, serviceId: SID, status: 'ACTIVE', monitoringEnabled: true, monitoringOnCallEnabled: false, monitoringAlerting: false, ...over };
}

export function liveMember(resourceId: number, name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { resourceId, name, port: 80, state: 'enabled', status: 'up', address: '10.26.12.11', serviceId: SID, ...over };
}

export interface LbWorld {
  exists?: boolean;
  detail?: Record<string, unknown>;
  urls?: unknown[];
  members?: unknown[];
  tags?: unknown[];
  /** `GET /itcare/compute/resources` answers by `names` query value. */
  resources?: Record<string, unknown[]>;
}

/** A fake ITCare answering the reads of one load balancer. */
export function lbHttp(w: LbWorld = {}, more: FakeRoutes = {}): FakeHttp {
  const resources = w.resources ?? {};
  return fakeHttp({
    'GET /itcare/networking/loadbalancers': w.exists === false ? page([]) : page([lbItem()]),
    [`GET ${LB}`]: { body: w.detail ?? lbDetail() },
    [`GET ${LB}/urls`]: { body: w.urls ?? [] },
    [`GET ${LB}/members`]: { body: w.members ?? [] },
    [`GET /itcare/compute/resources/${LB_ID}/tags`]: { body: w.tags ?? [{ tagKey: 'caretaker-stack', tagValue: 'web-qa' }] },
    'GET /itcare/actions': { body: [] },
    'GET /itcare/compute/resources': (req) => page(resources[String(req.query?.names)] ?? []),
    ...more,
  });
}
