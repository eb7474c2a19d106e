// Live answers for the RabbitMQ tests, shaped like the docs' samples (`GET /itcare/message-brokers`
// items `001:19613-19735`, `GET rabbitmq/{id}` `001:14374-14465`, nodes `001:14664-14897`).
import { Secret } from '../../../../../../src/core/secret.js';
import type { DesiredResource } from '../../../../../../src/engine/provider.js';
import { fakeHttp, page, type FakeHttp, type FakeRoutes } from '../../../../../support/fake-http.js';
import { PASSWORD, SID, node, tagList } from '../../fixtures.js';

export const MQ_ID = 500070001;
export const MQ_PATH = `/itcare/message-brokers/rabbitmq/${MQ_ID}`;

export function mqDesired(spec: Record<string, unknown> = {}, name = 'ordersmq'): DesiredResource {
  return {
    address: `RabbitMQ/${name}`, kind: 'RabbitMQ', name,
    spec: {
      serviceId: SID, region: 'EB', area: 'EB-QA', networkId: 1234511, nodeSizing: '2cpu4gb', brokerCount: 3,
      diskSize: 40, rabbitMqVersion: '3.13', admPassword: new Secret(PASSWORD), ...spec,
    },
  };
}

/** A `GET /itcare/message-brokers` item. */
export function mqItem(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: MQ_ID, name: 'ordersmq', serviceId: SID, path: '/message-brokers/rabbitmq', family: 'RABBITMQ', technology: 'RABBITMQ',
    status: 'ACTIVE', sizing: '2cpu4gb', cpu: 2, ram: 4, nodeCount: 3, version: '3.13.0', topology: 'Cluster',
    monitoringEnabled: true, monitoringAlerting: false, monitoringOnCallEnabled: false,
    patchParty: { excluded: true, exclusionReason: 'ops', patchGroup: '' },
    ...over,
  };
}

export function mqDetail(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...mqItem(), brokerCount: 3, brokerSize: '2cpu4gb', tlsEnabled: true, managementUrl: 'https://ordersmq.example', sizing: undefined, ...over };
}

export function mqWorld(routes: FakeRoutes = {}): FakeHttp {
  return fakeHttp({
    'GET /itcare/message-brokers': page([mqItem()]),
    [`GET ${MQ_PATH}`]: { body: mqDetail() },
    [`GET ${MQ_PATH}/nodes`]: {
      body: [1, 2, 3].map((i) => node({ id: i, name: `ORDMQ0${i}`, storage: 40, availabilityZone: { id: `EB-QA-${'ABC'[i - 1]}` } })),
    },
    [`GET /itcare/compute/resources/${MQ_ID}/tags`]: { body: tagList({ 'caretaker-stack': 'orders-qa', app: 'orders' }) },
    'GET /itcare/actions': { body: [] },
    ...routes,
  });
}
