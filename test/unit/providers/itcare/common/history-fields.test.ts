// Each ITCare kind's mapping from history operations to the spec fields they can change, through the
// handlers' `historyFields` (what drift attribution asks).
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../../../src/engine/provider.js';
import { createItcareProvider } from '../../../../../src/providers/itcare/index.js';
import { fakeHttp } from '../../../../support/fake-http.js';

const provider = createItcareProvider({ http: fakeHttp() });
const entry = (operation: string, message = ''): HistoryEntry => ({ at: '2026-12-01T00:00:00Z', by: 'x', operation, message, status: 'SUCCESS' });

describe('historyFields', () => {
  const cases: Record<string, { reason: string; kind: string; entry: HistoryEntry; want: readonly string[] | undefined }> = {
    resize: { reason: 'a resize changes the sizing', kind: 'Redis', entry: entry('RESIZE'), want: ['/nodeSizing'] },
    lowerCase: { reason: 'the operation as the PATCH names it works too', kind: 'Redis', entry: entry('update_monitoring'), want: ['/monitoringEnabled', '/onCallSupervision', '/monitoringAlerting'] },
    tagKey: { reason: 'a tag call whose message names its key explains that key', kind: 'Redis', entry: entry('ADD_TAG', 'Add tag team on REDIS orderscache'), want: ['/tags/team'] },
    tagRemoved: { reason: 'a removal too', kind: 'PostgreSQL', entry: entry('DELETE_TAG', 'Remove tag old from POSTGRESQL db'), want: ['/tags/old'] },
    tagsReplaced: { reason: 'a replacement of every tag explains any tag', kind: 'Redis', entry: entry('UPDATE_TAGS', 'Replace tags of REDIS x (a, b)'), want: ['/tags'] },
    patchParty: { reason: 'the documented INCLUDE_PATCHPARTY process', kind: 'KubernetesCluster', entry: entry('INCLUDE_PATCHPARTY'), want: ['/patchParty'] },
    pgUpgrade: { reason: 'a kind\'s own operation', kind: 'PostgreSQL', entry: entry('UPGRADE'), want: ['/postgreVersion'] },
    k8sNodes: { reason: 'node operations change the node pools', kind: 'KubernetesCluster', entry: entry('CREATE_NODES'), want: ['/nodePools', '/instanceCount'] },
    lbUrl: { reason: 'a URL action', kind: 'LoadBalancer', entry: entry('CREATE_URL'), want: ['/urls'] },
    lbMembers: { reason: 'a pool-member call', kind: 'LoadBalancer', entry: entry('POST_MEMBERS'), want: ['/members'] },
    kafkaReconfigure: { reason: 'a Kafka reconfigure changes its parameters', kind: 'Kafka', entry: entry('RECONFIGURE'), want: ['/overloadedParams'] },
    glusterVolume: { reason: 'a volume resize may be the create\'s own volume (spec.diskSize)', kind: 'GlusterFS', entry: entry('resize_volume'), want: ['/volumes', '/diskSize'] },
    glusterAdd: { reason: 'an added volume', kind: 'GlusterFS', entry: entry('ADD_VOLUME'), want: ['/volumes'] },
    matomoExtend: { reason: 'a Matomo extend changes its sizing', kind: 'Matomo', entry: entry('EXTEND'), want: ['/sizing'] },
    brokerResize: { reason: 'the shared resize of a broker', kind: 'RabbitMQ', entry: entry('RESIZE'), want: ['/nodeSizing'] },
    overdriveStop: { reason: 'the shared stop of an OverDrive', kind: 'OverDrive', entry: entry('STOP'), want: ['/state'] },
    vmResize: { reason: 'a VM\'s resize changes its resourceId, not a nodeSizing it has not', kind: 'VirtualMachine', entry: entry('RESIZE'), want: ['/resourceId'] },
    vmBackup: { reason: 'the VM\'s own backup operation', kind: 'VirtualMachine', entry: entry('UPDATE_BACKUP'), want: ['/backupEnabled'] },
    vmReplication: { reason: 'the VM\'s own replication operation', kind: 'VirtualMachine', entry: entry('update_storage_replication'), want: ['/replicationEnabled'] },
    searchNodes: { reason: 'OpenSearch grows by add_nodes', kind: 'OpenSearch', entry: entry('ADD_NODES'), want: ['/instanceCount'] },
    searchResize: { reason: 'OpenSearch resizes node by node', kind: 'OpenSearch', entry: entry('RESIZE_NODES'), want: ['/nodeSizing'] },
    mariaResize: { reason: 'MariaDB shares the PaaS resize', kind: 'MariaDB', entry: entry('RESIZE'), want: ['/nodeSizing'] },
    sqlStop: { reason: 'SQL Server shares start and stop', kind: 'SQLServer', entry: entry('STOP'), want: ['/state'] },
    sqlNodes: { reason: 'OpenSearch\'s node operations are not SQL Server\'s', kind: 'SQLServer', entry: entry('ADD_NODES'), want: undefined },
    create: { reason: 'creation explains nothing that drifted afterwards', kind: 'Redis', entry: entry('CREATE'), want: [] },
    unknown: { reason: 'an operation no table names is unknown', kind: 'Redis', entry: entry('MIGRATE_FARM'), want: undefined },
    otherKinds: { reason: 'PostgreSQL\'s upgrade is not Redis\'s sizing', kind: 'LoadBalancer', entry: entry('UPGRADE'), want: undefined },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    const h = provider.handler(c.kind)!;
    expect(h.historyFields, c.kind).toBeTypeOf('function');
    expect(h.historyFields!(c.entry), c.reason).toEqual(c.want);
  });
});
