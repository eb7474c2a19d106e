// RabbitMQ schema cases through the loader, each with its reason: the create body's ranges and patterns
// (`001:14166-14345`) are file:line:col errors before any request.
import { describe, expect, it } from 'vitest';
import { diagnosticsOf, docOf } from '../../schema-support.js';

const ENV = { MQ_PASSWORD: 'Orders#Mq2026!' };
const spec = (over = '') => `  nodeSizing: 2cpu4gb
  brokerCount: 3
  diskSize: 40
  rabbitMqVersion: "3.13"
  admPassword: \${env:MQ_PASSWORD}
${over}`;

describe('RabbitMQ schema', () => {
  const cases: Record<string, { reason: string; name?: string; spec: string; want: string[] }> = {
    Valid: { reason: 'the documented example, vmPrefix left out (optional in the prose, 001:14188)', spec: spec('  tlsEnabled: true\n  state: running\n'), want: [] },
    YamlNumberVersion: { reason: 'a YAML number version is accepted (sent as text)', spec: spec().replace('"3.13"', '3.13'), want: [] },
    BrokerCountHigh: { reason: 'brokerCount is 1..5 (001:14223)', spec: spec().replace('brokerCount: 3', 'brokerCount: 6'), want: ['doc.yaml:7:16: spec.brokerCount: must be <= 5 (got 6)'] },
    BrokerCountZero: { reason: 'brokerCount is at least 1', spec: spec().replace('brokerCount: 3', 'brokerCount: 0'), want: ['doc.yaml:7:16: spec.brokerCount: must be >= 1 (got 0)'] },
    DiskSmall: { reason: 'diskSize is 10..2048 GB (001:14232)', spec: spec().replace('diskSize: 40', 'diskSize: 5'), want: ['doc.yaml:8:13: spec.diskSize: must be >= 10 (got 5)'] },
    DiskLarge: { reason: 'diskSize is at most 2048 GB', spec: spec().replace('diskSize: 40', 'diskSize: 4096'), want: ['doc.yaml:8:13: spec.diskSize: must be <= 2048 (got 4096)'] },
    Sizing: { reason: 'nodeSizing has the 2cpu4gb form', spec: spec().replace('2cpu4gb', 'large'), want: ['doc.yaml:6:15: spec.nodeSizing: must look like 2cpu4gb (got "large")'] },
    Name: { reason: 'names are lowercase letters, digits, - and _ (the siblings\' rule; the docs give none)', name: 'Orders MQ', spec: spec(), want: ['doc.yaml:4:9: metadata.name: must be 4 to 60 lowercase letters, digits, \'-\' or \'_\' (got "Orders MQ")'] },
    Password: {
      reason: 'the admin password pattern (001:14210); the value is never printed',
      spec: spec().replace('${env:MQ_PASSWORD}', 'short'),
      want: ["doc.yaml:10:16: spec.admPassword: does not meet the password rule: 12 to 20 characters with at least one lowercase letter, one uppercase letter, one digit and one special character among !@#&()–{}:;',?/*~$^+=<> (the dash is U+2013, not '-')"],
    },
    Unknown: { reason: 'a field the create body does not have', spec: spec('  overloadedParams: { a: b }\n'), want: ['doc.yaml:11:3: unknown field "overloadedParams" in spec'] },
  };
  it.each(Object.entries(cases))('%s', async (_n, c) => {
    expect(await diagnosticsOf(docOf('RabbitMQ', c.name ?? 'ordersmq', c.spec), ENV), c.reason).toEqual(c.want);
  });
});
