// Live answers for the Kafka tests, shaped like the docs' samples (`GET /itcare/message-brokers` items
// `001:19613-19735`, `GET apache-kafka/{id}` `001:18419-18508`, nodes `001:18727-18952`).
import { Secret } from '../../../../../../src/core/secret.js';
import type { DesiredResource } from '../../../../../../src/engine/provider.js';
import { fakeHttp, page, type FakeHttp, type FakeRoutes } from '../../../../../support/fake-http.js';
import { PASSWORD, SID, node, tagList } from '../../fixtures.js';

export const KF_ID = 500080001;
export const KF_PATH = `/itcare/message-brokers/apache-kafka/${KF_ID}`;

export function kfDesired(spec: Record<string, unknown> = {}, name = 'orders_events'): DesiredResource {
  return {
    address: `Kafka/${name}`, kind: 'Kafka', name,
    spec: {
      serviceId: SID, region: 'EB', area: 'EB-QA', networkId: 1234511, nodeSizing: '2cpu4gb', brokerCount: 3,
      diskSize: 40, kafkaVersion: '3.6.0', nodePrefix: 'ORDKF', admPassword: new Secret(PASSWORD), ...spec,
    },
  };
}

export function kfItem(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: KF_ID, name: 'orders_events', serviceId: SID, path: '/message-brokers/apache-kafka', family: 'KAFKA', technology: 'APACHE_KAFKA',
    status: 'ACTIVE', sizing: '2cpu4gb', cpu: 2, ram: 4, nodeCount: 3, version: '3.6.0',
    monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: true, patchParty: { excluded: false, patchGroup: '' },
    ...over,
  };
}

export function kfDetail(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...kfItem(), sizing: undefined, nodeSizing: '2cpu4gb', bootstrapServer: 'kafka:9092', restEndpoint: 'https://rest', zooKeeper: '',
    overloadedParams: '{"log.retention.hours":"168","auto.create.topics.enable":"false"}', ...over,
  };
}

export function kfWorld(routes: FakeRoutes = {}): FakeHttp {
  return fakeHttp({
    'GET /itcare/message-brokers': page([kfItem()]),
    [`GET ${KF_PATH}`]: { body: kfDetail() },
    [`GET ${KF_PATH}/nodes`]: { body: [1, 2, 3].map((i) => node({ id: i, name: `ORDKF0${i}`, storage: 40 })) },
    [`GET /itcare/compute/resources/${KF_ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa' }) },
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
}
