// Fixture builders for the ITCare provider tests: live answers shaped like the docs' samples
// (ITCARE-API Appendix A.2) with realistic values, and desired resources like the manifests'.
import { Secret } from '../../../../src/core/secret.js';
import type { DesiredResource, Observation, OperationContext } from '../../../../src/engine/provider.js';
import { fakeHttp, page, type FakeHttp, type FakeRoutes } from '../../../support/fake-http.js';

export const SID = 46922;
export const REDIS_ID = 500059535;
export const PG_ID = 500061854;
export const PASSWORD = 'Hunter2-never-print-me';

export const ctx = (over: Partial<OperationContext> = {}): OperationContext => ({
  stack: 'orders-qa',
  resolveRef: () => undefined,
  ...over,
});

export function redisDesired(spec: Record<string, unknown> = {}, name = 'orders-cache'): DesiredResource {
  return {
    address: `Redis/${name}`, kind: 'Redis', name,
    spec: {
      serviceId: SID, region: 'EB', area: 'EB-QA', nodeSizing: '2cpu4gb', diskSize: 40, redisVersion: '6.2.5',
      networkId: 1234511, instanceCount: 1, persistenceMode: 'PERSISTENT', admPassword: new Secret(PASSWORD),
      ...spec,
    },
  };
}

export function pgDesired(spec: Record<string, unknown> = {}, name = 'orders-db'): DesiredResource {
  return {
    address: `PostgreSQL/${name}`, kind: 'PostgreSQL', name,
    spec: {
      serviceId: SID, area: 'EB-QA', networkId: 132, nodeSizing: '2cpu4gb', diskSize: 40, admPassword: new Secret(PASSWORD),
      postgreVersion: '13', topology: 'STANDALONE', trigram: 'tri', allowedReplicationLag: 10, tls: true,
      ...spec,
    },
  };
}

/** A `/itcare/databases` list item. */
export function listItem(kind: 'redis' | 'postgresql', over: Record<string, unknown> = {}): Record<string, unknown> {
  const redis = kind === 'redis';
  return {
    id: redis ? REDIS_ID : PG_ID, name: redis ? 'orders-cache' : 'orders-db', serviceId: SID,
    path: `/databases/${kind}`, family: redis ? 'REDIS' : 'POSTGRESQL', status: 'ACTIVE', sizing: '2cpu4gb',
    ...over,
  };
}

export function redisDetail(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: REDIS_ID, name: 'orders-cache', serviceId: SID, path: '/databases/redis', status: 'ACTIVE',
    cpu: 2, ram: 4, version: '6.2.5', nodeCount: 1, persistenceMode: 'PERSISTENT', tlsEnabled: false,
    monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: false,
    patchParty: { excluded: false, patchGroup: '2', exclusionReason: '', excludedBy: 'x', patchTag: '2024-Q4' },
    ...over,
  };
}

export function pgDetail(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: PG_ID, name: 'orders-db', serviceId: SID, path: '/databases/postgresql', status: 'ACTIVE',
    cpu: 2, ram: 4, nodeSizing: '2cpu4gb', storage: 40, version: '13', topology: 'Standalone', trigram: 'tri',
    allowedReplicationLag: 10, networkId: 132, area: 'EB-QA', tlsEnabled: true, instanceCount: 1,
    monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: true,
    patchParty: { excluded: true, exclusionReason: 'DBA team', patchGroup: '' },
    ...over,
  };
}

export function node(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1, name: 'peb4redis01', storage: 40, network: { id: 1234511 },
    region: { id: 'EB' }, area: { id: 'EB-QA' }, availabilityZone: { id: 'EB-QA-A' },
    ...over,
  };
}

export const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([tagKey, tagValue]) => ({ tagKey, tagValue }));

/** A fake ITCare with one existing Redis (or the given overrides). */
export function redisWorld(routes: FakeRoutes = {}): FakeHttp {
  return fakeHttp({
    'GET /itcare/databases': page([listItem('redis')]),
    [`GET /itcare/databases/redis/${REDIS_ID}`]: { body: redisDetail() },
    [`GET /itcare/databases/redis/${REDIS_ID}/nodes`]: { body: [node()] },
    [`GET /itcare/compute/resources/${REDIS_ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa', app: 'orders' }) },
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
}

export function pgWorld(routes: FakeRoutes = {}): FakeHttp {
  return fakeHttp({
    'GET /itcare/databases': page([listItem('postgresql')]),
    [`GET /itcare/databases/postgresql/${PG_ID}`]: { body: pgDetail() },
    [`GET /itcare/databases/postgresql/${PG_ID}/nodes`]: { body: [node({ availabilityZone: { id: 'EB-QA-A' } }), node({ availabilityZone: { id: 'EB-QA-B' } })] },
    [`GET /itcare/databases/postgresql/${PG_ID}/databases`]: {
      body: [
        { name: 'mydb', extensions: [{ name: 'plpgsql' }, { name: 'uuid-ossp' }, { name: 'citext' }] },
        { name: 'postgres', extensions: [{ name: 'plpgsql' }] },
      ],
    },
    [`GET /itcare/compute/resources/${PG_ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa' }) },
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
}

/** An observation as observe returns it, for the pure builders. */
export function observed(id: number, spec: Record<string, unknown>, owner = 'orders-qa'): Observation {
  return { exists: true, id, spec: { serviceId: SID, tags: {}, ...spec }, owner };
}
