// Typed interpolation (issue 22 item 4): `${env:…}` / `${public:env:…}` may fill a number or boolean
// field; an integer string is converted and checked against the field's range by its schema; anything
// else is a file:line:col error naming the variable, never its value. One manifest set, many environments.
import { afterEach, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diagnostics.js';
import { isSecret } from '../../../src/core/secret.js';
import { loadDesiredState } from '../../../src/engine/desired.js';
import { createSchemaRegistry } from '../../../src/schema/registry.js';
import { testdir, type TestDir } from '../manifest/testdir.js';

const registry = createSchemaRegistry();
let t: TestDir | undefined;
afterEach(() => t?.remove());

const stack = (serviceId: string) => `
apiVersion: caretaker/v1
kind: Stack
metadata:
  name: orders
spec:
  defaults:
    serviceId: ${serviceId}
    region: EB
    area: EB-QA
    networkId: 1234511
`;
const redis = (extra = '') => `
apiVersion: caretaker/v1
kind: Redis
metadata:
  name: orderscache
spec:
  nodeSizing: 2cpu4gb
  diskSize: 40
  redisVersion: 6.2.5
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: Test123@2022
${extra}`;

async function load(files: Record<string, string>, env: Record<string, string>) {
  t = testdir(files);
  const r = await loadDesiredState(['.'], { cwd: t.dir, env, registry });
  return { ...r, lines: r.diagnostics.map(formatDiagnostic) };
}

describe('typed interpolation', () => {
  it('a Stack default serviceId from ${public:env:…} becomes the integer, so one set serves every environment', async () => {
    for (const id of ['46922', '46930']) {
      const r = await load({ 'stack.yaml': stack('${public:env:SERVICE_ID}'), 'redis.yaml': redis() }, { SERVICE_ID: id });
      expect(r.lines).toEqual([]);
      expect(r.set!.resources[0]!.spec.serviceId).toBe(Number(id));
      t!.remove();
    }
    t = undefined;
  });

  it('a resource field: integers and booleans, whole or built from several variables', async () => {
    const r = await load({
      'stack.yaml': stack('46922'),
      'redis.yaml': redis('  monitoringEnabled: ${public:env:MONITOR}\n  networkId: ${public:env:NET_PREFIX}${public:env:NET_SUFFIX}\n'),
    }, { MONITOR: 'true', NET_PREFIX: '12345', NET_SUFFIX: '11' });
    expect(r.lines).toEqual([]);
    expect(r.set!.resources[0]!.spec).toMatchObject({ monitoringEnabled: true, networkId: 1234511 });
  });

  const bad: Record<string, { reason: string; files: Record<string, string>; env: Record<string, string>; want: string[]; value?: string }> = {
    NotAnInteger: {
      reason: 'a non-integer is an error at the value, naming the variable, not its value',
      files: { 'stack.yaml': stack('${public:env:SERVICE_ID}'), 'redis.yaml': redis() }, env: { SERVICE_ID: 'prod-46922' }, value: 'prod-46922',
      want: ['stack.yaml:7:16: defaults.serviceId wants an integer, and the value of environment variable SERVICE_ID is not one'],
    },
    Decimal: {
      reason: 'a decimal is not an integer',
      files: { 'stack.yaml': stack('${public:env:SERVICE_ID}'), 'redis.yaml': redis() }, env: { SERVICE_ID: '46922.5' },
      want: ['stack.yaml:7:16: defaults.serviceId wants an integer, and the value of environment variable SERVICE_ID is not one'],
    },
    NotABoolean: {
      reason: 'a boolean field takes true or false only',
      files: { 'stack.yaml': stack('46922'), 'redis.yaml': redis('  monitoringEnabled: ${public:env:MONITOR}\n') }, env: { MONITOR: 'yes' },
      want: ['redis.yaml:12:22: monitoringEnabled wants a boolean (true or false), and the value of environment variable MONITOR is not one'],
    },
    OutOfRange: {
      reason: 'the converted value is checked against the field\'s range',
      files: { 'stack.yaml': stack('46922'), 'redis.yaml': redis('  diskSize: ${public:env:DISK}\n').replace('  diskSize: 40\n', '') }, env: { DISK: '2000' },
      want: ['redis.yaml:11:13: spec.diskSize: must be <= 1024 (got 2000)'],
    },
    NotPublic: {
      reason: 'a number is not a secret: a Stack default must say ${public:env:…}',
      files: { 'stack.yaml': stack('${env:SERVICE_ID}'), 'redis.yaml': redis() }, env: { SERVICE_ID: '46922' },
      want: ['stack.yaml:7:16: defaults.serviceId is not a secret: mark environment variable SERVICE_ID as public (${public:env:NAME}) to fill it with an integer'],
    },
    Unset: {
      reason: 'an unset variable is the usual error, once',
      files: { 'stack.yaml': stack('${public:env:SERVICE_ID}'), 'redis.yaml': redis() }, env: {},
      want: ['stack.yaml:7:16: environment variable SERVICE_ID is not set'],
    },
  };
  it.each(Object.entries(bad))('%s', async (_n, c) => {
    const r = await load(c.files, c.env);
    expect(r.lines, c.reason).toEqual(c.want);
    expect(r.set, c.reason).toBeUndefined();
    if (c.value) expect(r.lines.join('\n')).not.toContain(c.value);
  });

  it('a string field is never converted: an interpolated tag stays a string', async () => {
    const r = await load({ 'stack.yaml': stack('46922'), 'redis.yaml': redis('  tags: { build: "${public:env:BUILD}" }\n') }, { BUILD: '1234' });
    expect(r.lines).toEqual([]);
    const tags = r.set!.resources[0]!.spec.tags as Record<string, unknown>;
    expect(tags.build).toBe('1234');
    expect(isSecret(tags.build)).toBe(false);
  });
});
