// SQLServer observe and observeAll with a fake ITCare answering like the docs' samples: found in its own
// paged list (001:12894-13139), the live -> spec table (edition from the version, alwaysOn from the
// topology, placement from the item), no detail GET in refresh, and listOwned.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../../../src/core/secret.js';
import { createReadScope, type DesiredResource } from '../../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../../src/providers/itcare/index.js';
import { fakeHttp, page, type FakeRoutes } from '../../../../../support/fake-http.js';
import { SID, tagList } from '../../fixtures.js';

const ID = 500079545;
const LIST = '/itcare/databases/sqlserver';

const desired = (spec: Record<string, unknown> = {}, name = 'rhutsql20'): DesiredResource => ({
  address: `SQLServer/${name}`, kind: 'SQLServer', name,
  spec: {
    serviceId: SID, region: 'EB', area: 'eb-qa', az: 'EB-QA-A', networkId: 1234511, nodeSizing: '2cpu8gb', edition: 'ENT',
    collation: 'French_BIN', customerPassword: new Secret('P@ssw0rd'), ...spec,
  },
});

/** A list item: the GET's shape (001:13463-13628) with realistic values. */
const item = (over: Record<string, unknown> = {}) => ({
  id: ID, name: 'rhutsql20', serviceId: SID, path: '/databases/sqlserver', family: 'SQLSERVER', status: 'ACTIVE',
  sizing: '2cpu8gb', cpu: 2, ram: 8, nodeCount: 1, version: '2022 EE', topology: 'Standalone',
  area: { id: 'EB-QA' }, availabilityZone: { id: 'EB-QA-A' }, region: { id: 'EB' }, network: { id: 1234511 },
  agOptions: { agListener: '', agName: '' }, monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: true,
  patchParty: { excluded: true, exclusionReason: 'patched by the DBA team', patchGroup: '' }, ...over,
});

function world(routes: FakeRoutes = {}) {
  const http = fakeHttp({
    [`GET ${LIST}`]: page([item()]),
    [`GET ${LIST}/${ID}`]: { body: item() },
    [`GET /itcare/compute/resources/${ID}/tags`]: { body: tagList({ app: 'orders' }) },
    'GET /itcare/compute/resources': page([{ id: ID, name: 'rhutsql20', serviceId: SID, path: '/databases/sqlserver', tags: tagList({ app: 'orders' }) }]),
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
  return { http, h: createItcareProvider({ http }).handler('SQLServer')! };
}

const SPEC = {
  serviceId: SID, nodeSizing: '2cpu8gb', edition: 'ENT', alwaysOn: false, nodeCount: 1, area: 'eb-qa', az: 'EB-QA-A', networkId: 1234511, region: 'EB',
  monitoringEnabled: true, monitoringAlerting: false, onCallSupervision: true, state: 'running',
  patchParty: { excluded: true, exclusionReason: 'patched by the DBA team' }, tags: { app: 'orders' },
};

describe('SQLServer observe', () => {
  it('finds the farm in its own list by name and normalises it (no owner: the seeded farm is not tagged)', async () => {
    const { http, h } = world();
    const obs = await h.observe(desired());
    expect(obs).toMatchObject({ exists: true, id: ID });
    expect(obs.owner).toBeUndefined();
    expect(obs.spec).toEqual(SPEC);
    expect(http.calls[0]).toMatchObject({ path: LIST, query: { services: SID, names: 'rhutsql20' } });
    expect(JSON.stringify(obs)).not.toContain('P@ssw0rd');
  });

  const cases: Record<string, { reason: string; item: Record<string, unknown>; want: Record<string, unknown> }> = {
    standard: { reason: 'a "2022 SE" version is the Standard edition', item: { version: '2022 SE' }, want: { edition: 'STD' } },
    enterpriseWords: { reason: 'the edition in words reads too', item: { version: 'SQL Server 2022 Enterprise' }, want: { edition: 'ENT' } },
    unknownEdition: { reason: 'a version that names no edition leaves edition unknown (never a replace)', item: { version: '2022' }, want: { edition: undefined } },
    alwaysOn: { reason: 'the AlwaysOn topology is alwaysOn: true', item: { topology: 'AlwaysOn', nodeCount: 3 }, want: { alwaysOn: true, nodeCount: 3 } },
    alwaysOnSpelled: { reason: 'spelled with a space or a dash it reads the same', item: { topology: 'Always-On' }, want: { alwaysOn: true } },
    areaOther: { reason: 'another area stays as returned, so the difference shows', item: { area: { id: 'EB-INT' } }, want: { area: 'EB-INT' } },
    sizingFromCpuRam: { reason: 'without a sizing text, cpu + ram make it', item: { sizing: '', cpu: 4, ram: 16 }, want: { nodeSizing: '4cpu16gb' } },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    const { h } = world({ [`GET ${LIST}`]: page([item(c.item)]), [`GET ${LIST}/${ID}`]: { body: item(c.item) } });
    const obs = await h.observe(desired());
    for (const [k, v] of Object.entries(c.want)) expect(obs.spec[k], c.reason).toEqual(v);
  });
});

describe('SQLServer observeAll (refresh from lists)', () => {
  it('observes what observe does from three service-wide lists, with no request per farm', async () => {
    const { http, h } = world();
    const all = await h.observeAll!([desired()], createReadScope());
    expect(all.get('SQLServer/rhutsql20')!.spec).toEqual((await world().h.observe(desired())).spec);
    expect(http.callKeys().sort()).toEqual(['GET /itcare/actions', 'GET /itcare/compute/resources', `GET ${LIST}`]);
    expect(http.calls.find((c) => c.path === LIST)!.query).toMatchObject({ services: SID });
  });
});

describe('SQLServer listOwned', () => {
  it('lists the farms tagged with the stack', async () => {
    const tagged = tagList({ 'caretaker-stack': 'orders-qa' });
    const { h } = world({ 'GET /itcare/compute/resources': page([{ id: ID, name: 'rhutsql20', serviceId: SID, path: '/databases/sqlserver', tags: tagged }]) });
    expect((await h.listOwned('orders-qa', { serviceIds: [SID] })).map((o) => [o.kind, o.name, o.id])).toEqual([['SQLServer', 'rhutsql20', ID]]);
  });
});
