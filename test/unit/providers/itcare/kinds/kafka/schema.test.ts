// Kafka schema cases through the loader, each with its reason (`001:18221-18350`): file:line:col errors
// before any request.
import { describe, expect, it } from 'vitest';
import { diagnosticsOf, docOf } from '../../schema-support.js';

const ENV = { KF_PASSWORD: 'Orders#Kafka2026' };
const spec = (over = '') => `  nodeSizing: 2cpu4gb
  brokerCount: 3
  diskSize: 40
  kafkaVersion: 3.6.0
  nodePrefix: ORDKF
  admPassword: \${env:KF_PASSWORD}
${over}`;

describe('Kafka schema', () => {
  const cases: Record<string, { reason: string; name?: string; spec: string; want: string[] }> = {
    Valid: { reason: 'the documented example with parameters of each YAML type', spec: spec('  overloadedParams:\n    log.retention.hours: 168\n    auto.create.topics.enable: false\n    compression.type: lz4\n'), want: [] },
    BrokerCountLow: { reason: 'brokerCount is 3..5 (001:18269): a Kafka farm has at least 3 brokers', spec: spec().replace('brokerCount: 3', 'brokerCount: 1'), want: ['doc.yaml:7:16: spec.brokerCount: must be >= 3 (got 1)'] },
    BrokerCountHigh: { reason: 'brokerCount is at most 5', spec: spec().replace('brokerCount: 3', 'brokerCount: 7'), want: ['doc.yaml:7:16: spec.brokerCount: must be <= 5 (got 7)'] },
    DiskSmall: { reason: 'diskSize is 40..1024 GB (001:18278)', spec: spec().replace('diskSize: 40', 'diskSize: 20'), want: ['doc.yaml:8:13: spec.diskSize: must be >= 40 (got 20)'] },
    NameCluster: { reason: "the name must not be the keyword 'cluster' (001:18230, 001:18295)", name: 'cluster', spec: spec(), want: ['doc.yaml:4:9: metadata.name: must be 5 to 60 lowercase letters, digits or \'_\', and not "cluster" (got "cluster")'] },
    NameDash: { reason: "the name pattern has no '-' (001:18295)", name: 'orders-events', spec: spec(), want: ['doc.yaml:4:9: metadata.name: must be 5 to 60 lowercase letters, digits or \'_\', and not "cluster" (got "orders-events")'] },
    NodePrefix: { reason: 'nodePrefix is 5 to 12 uppercase letters or digits (001:18312-18316)', spec: spec().replace('ORDKF', 'kf'), want: ['doc.yaml:10:15: spec.nodePrefix: must be 5 to 12 uppercase letters or digits (got "kf")'] },
    NodePrefixMissing: { reason: 'nodePrefix is required (001:18312)', spec: spec().replace('  nodePrefix: ORDKF\n', ''), want: ['doc.yaml:5:1: spec.nodePrefix: required field is missing'] },
    ParamKey: { reason: 'a parameter name must look like a Kafka configuration name', spec: spec('  overloadedParams:\n    "Log Retention": 1\n'), want: ['doc.yaml:13:5: spec.overloadedParams: key "Log Retention" must be a Kafka configuration name such as log.retention.hours'] },
    ParamValue: { reason: 'a parameter value is a scalar', spec: spec('  overloadedParams:\n    log.retention.hours: [1]\n'), want: ['doc.yaml:13:26: spec.overloadedParams.log.retention.hours: must be string or number or boolean (got a list)'] },
    Password: {
      reason: 'the admin password pattern (001:18260), never printed',
      spec: spec().replace('${env:KF_PASSWORD}', 'alllowercase123!'),
      want: ["doc.yaml:11:16: spec.admPassword: does not meet the password rule: 12 to 20 characters with at least one lowercase letter, one uppercase letter, one digit and one special character among !@#&()–{}:;',?/*~$^+=<> (the dash is U+2013, not '-')"],
    },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    expect(await diagnosticsOf(docOf('Kafka', c.name ?? 'orders_events', c.spec), ENV), c.reason).toEqual(c.want);
  });
});
