// The world a fresh simulator starts with: three services, two EB-QA networks and a few resources
// the manifests do not create (VMs, a SQL Server, a Galera farm), reusing the ids of the docs'
// examples (service 46922 and network 1234511 `001:5363-5377`; resources of `001:9396-9444`).
import { seedScpState } from './scp/kinds/cache-store/state.js';
import { newPatchParty, type PatchPartyRecord, type ResourceRecord, type SimulatorState, type Tag } from './state.js';

/** First id given to a resource created through the API (9 digits, above every seeded id). */
export const FIRST_RESOURCE_ID = 500100000;
/** First action id. */
export const FIRST_ACTION_ID = 900000;
const SEEDED_AT = '2024-03-14T09:12:00.000+00:00';

export function seedState(): SimulatorState {
  return {
    formatVersion: 1,
    nextResourceId: FIRST_RESOURCE_ID,
    nextActionId: FIRST_ACTION_ID,
    services: [
      { id: 46922, name: 'orders-qa', key: 'ORDQA', environment: 'QA', status: 'ACTIVE', cloud: 'CEGEDIM', cloudId: 1, comment: 'orders application, QA', tags: [] },
      { id: 46923, name: 'orders-prod', key: 'ORDPRD', environment: 'PRODUCTION', status: 'ACTIVE', cloud: 'CEGEDIM', cloudId: 1, comment: 'orders application, production', tags: [] },
      { id: 46924, name: 'sandbox-dev', key: 'SBXDEV', environment: 'DEV', status: 'ACTIVE', cloud: 'CEGEDIM', cloudId: 1, comment: 'sandbox', tags: [] },
    ],
    networks: [
      { id: 1234511, region: 'EB', area: 'EB-QA', cidr: '10.20.11.0/24', gateway: '10.20.11.1', mask: '255.255.255.0', scope: 'frontend', description: 'EB-QA frontend', environment: 'non_production' },
      { id: 1234512, region: 'EB', area: 'EB-QA', cidr: '10.20.12.0/24', gateway: '10.20.12.1', mask: '255.255.255.0', scope: 'backend', description: 'EB-QA backend', environment: 'non_production' },
    ],
    resources: [
      vm(500079802, 'PEB4APP01', 46922, 'ACTIVE', [tag('app', 'orders'), tag('env', 'qa')], { patchGroup: '1', patchDate: '2024-01-18T10:00:00.000+00:00', patchTag: '2024-Q1' }),
      vm(500079803, 'PEB4APP02', 46922, 'ACTIVE', [tag('app', 'orders')], {
        excluded: true, exclusionReason: 'kernel pinned by the vendor', excludedBy: 'jdoe', exclusionDate: SEEDED_AT,
      }),
      vm(500057033, 'PEB4APP03', 46922, 'INACTIVE', [], {}),
      vm(500079900, 'PEB5PRD01', 46923, 'ACTIVE', [tag('app', 'orders'), tag('env', 'prod')], { patchGroup: '2' }),
      // Load-balancer pool members: two more in production, and a sandbox with VMs on both networks
      // (kept out of 46922 so that service's seeded lists stay as the existing tests know them).
      vm(500079901, 'PEB5PRD02', 46923, 'ACTIVE', [tag('app', 'orders')], { patchGroup: '1' }),
      vm(500079902, 'PEB5PRD03', 46923, 'ACTIVE', [tag('app', 'orders')], { patchGroup: '3' }),
      vm(500079950, 'PEB4SBX01', 46924, 'ACTIVE', [], {}),
      vm(500079951, 'PEB4SBX02', 46924, 'ACTIVE', [], {}),
      vm(500079952, 'PEB4SBX03', 46924, 'ACTIVE', [], {}, 1234512),
      paas(500079545, 'rhutsql20', 'sqlserver', 'SQLSERVER', '/databases/sqlserver', '2022 EE', 'Standalone', 1),
      // A 3-node Galera farm has its three nodes: its disk, network and placement are read from them.
      withNodes(paas(500057055, 'pmariadb01', 'mariadb', 'MARIADB', '/databases/mariadb', '10.6', 'Galera', 3), 40, 'PMARIADB0'),
    ],
    actions: [],
    scp: seedScpState(),
  };
}

function tag(tagKey: string, tagValue: string): Tag {
  return { tagKey, tagValue };
}

function vm(
  id: number, name: string, serviceId: number, status: 'ACTIVE' | 'INACTIVE', tags: Tag[], pp: Partial<PatchPartyRecord>,
  networkId = 1234511,
): ResourceRecord {
  return {
    id, kind: 'instance', name, serviceId, category: 'INSTANCES', type: 'LINUX', family: 'DEBIAN', technology: 'DEBIAN',
    path: '/compute/instances', status, version: 'DEBIAN_12', sizing: '2cpu4gb', topology: '', nodeCount: 1,
    monitoringEnabled: true, monitoringOnCallEnabled: false, monitoringAlerting: false,
    patchParty: { ...newPatchParty(), ...pp }, tags, creationTime: SEEDED_AT, creationUser: 'jdoe',
    attrs: { region: 'EB', area: 'EB-QA', networkId, ipAddress: `10.20.${networkId % 100}.${id % 200}` },
  };
}

/** `r` with a disk size and `nodeCount` nodes named `{prefix}1…`, one per availability zone A, B, C. */
function withNodes(r: ResourceRecord, diskSize: number, prefix: string): ResourceRecord {
  const nodes = Array.from({ length: Number(r.nodeCount) }, (_, i) => ({ id: r.id + 1 + i, name: `${prefix}${i + 1}`, az: `EB-QA-${'ABC'[i % 3]}` }));
  return { ...r, attrs: { ...r.attrs, diskSize, nodes } };
}

function paas(
  id: number, name: string, kind: string, type: string, path: string, version: string, topology: string, nodeCount: number,
): ResourceRecord {
  return {
    id, kind, name, serviceId: 46922, category: 'MANAGED_DATABASES', type, family: type, technology: type, path,
    status: 'ACTIVE', version, sizing: '4cpu16gb', topology, nodeCount,
    monitoringEnabled: true, monitoringOnCallEnabled: false, monitoringAlerting: false,
    patchParty: newPatchParty(), tags: [], creationTime: SEEDED_AT, creationUser: 'jdoe',
    attrs: { region: 'EB', area: 'EB-QA', networkId: 1234512 },
  };
}
