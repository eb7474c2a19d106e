// What works for the other ITCare kinds works for RabbitMQ, Kafka, GlusterFS, OverDrive and Matomo
// (issue 26 item 4), through the CLI against the simulator: --target with a saved plan, Tags and
// PatchPolicy documents on them, the JSON stream and Markdown, plan --validate, adoption of an
// untagged broker, drift with its author, prune and destroy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { changesOf, parseStream } from '../support/stream.js';

const USER = 'j.doe@cegedim.com';
const USER_TOKEN = 'jdoe-token-26';
const SECRETS = { KF_PASSWORD: 'Feature#Kafka-26', OD_PASSWORD: 'Feature#Drive-26', MQ_PASSWORD: 'Feature#Mq-2026' };

const STACK = `apiVersion: caretaker/v1
kind: Stack
metadata: { name: features-qa }
spec:
  defaults: { serviceId: 46922, region: EB, area: EB-QA, networkId: 1234511 }
`;
const KAFKA = `apiVersion: caretaker/v1
kind: Kafka
metadata: { name: feature_events }
spec:
  nodeSizing: 2cpu4gb
  brokerCount: 3
  diskSize: 40
  kafkaVersion: 3.6.0
  nodePrefix: FEATKF
  admPassword: \${env:KF_PASSWORD}
`;
const OVERDRIVE = `apiVersion: caretaker/v1
kind: OverDrive
metadata: { name: feature-drive }
spec:
  sizing: XS
  driveSiteUri: drive.feature.cegedim.cloud
  password: \${env:OD_PASSWORD}
`;
const GOVERNANCE = `apiVersion: caretaker/v1
kind: Tags
metadata: { name: drive-tags }
spec:
  resource: { ref: OverDrive/feature-drive }
  tags: { app: features, owner: team-files }
---
apiVersion: caretaker/v1
kind: PatchPolicy
metadata: { name: features-patching }
spec:
  serviceId: 46922
  resources:
    - resource: { ref: Kafka/feature_events }
      excluded: true
      exclusionReason: patched with the application release
`;
const RABBITMQ = `apiVersion: caretaker/v1
kind: RabbitMQ
metadata: { name: featuremq }
spec:
  nodeSizing: 2cpu4gb
  brokerCount: 1
  diskSize: 20
  rabbitMqVersion: "3.13"
  admPassword: \${env:MQ_PASSWORD}
`;

describe('the issue 26 kinds with the features of every kind', () => {
  let h: Harness;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.sim.url}${path}`, {
      method, headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/vnd.cegedim-it.v1+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.status === 204 ? undefined : res.json();
  };
  const waitIdle = async () => {
    for (let i = 0; i < 100 && h.sim.state.actions.some((a) => a.status === 'IN_PROGRESS'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await fetch(`${h.sim.url}/itcare/actions?serviceId=46922`, { headers: { authorization: `Bearer ${USER_TOKEN}` } });
    }
  };
  const named = (name: string) => h.sim.state.resources.find((r) => r.name === name);

  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: USER } } });
    h.write('set/stack.yaml', STACK);
    h.write('set/kafka.yaml', KAFKA);
    h.write('set/overdrive.yaml', OVERDRIVE);
    h.write('set/governance.yaml', GOVERNANCE);
  });
  afterAll(async () => h?.close());

  it('plans one target into a saved plan and applies exactly that', async () => {
    const p = await h.run(['plan', '--target', 'OverDrive/*', '-o', 'plan.json', 'set']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain('+ OverDrive/feature-drive will be created');
    expect(p.stdout).not.toContain('Kafka/feature_events');
    const a = await h.run(['apply', 'plan.json']);
    expect(a.code, a.stderr).toBe(0);
    expect(named('feature-drive')).toBeDefined();
    expect(named('feature_events')).toBeUndefined();
  });

  it('creates the rest with Tags and PatchPolicy on them, shown in the JSON stream and the Markdown', async () => {
    const json = await h.run(['plan', '--json', 'set']);
    expect(json.code, json.stderr).toBe(0);
    const changes = changesOf(parseStream(json.stdout)) as Array<{ address: string; action: string }>;
    // A planned_change line for each change (a no-op has none).
    expect(changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual(['create Kafka/feature_events', 'update PatchPolicy/features-patching', 'update Tags/drive-tags']);
    const md = await h.run(['plan', '--markdown', 'set']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('Kafka/feature_events');
    const r = await h.run(['apply', '--auto-approve', 'set']);
    expect(r.code, r.stderr).toBe(0);
    const drive = named('feature-drive')!;
    expect((drive.tags as Array<{ tagKey: string; tagValue: string }>).map((t) => `${t.tagKey}=${t.tagValue}`)).toEqual(expect.arrayContaining(['app=features', 'owner=team-files']));
    expect(named('feature_events')!.patchParty).toMatchObject({ excluded: true, exclusionReason: 'patched with the application release' });
    expect((await h.run(['plan', '--detailed-exitcode', 'set'])).code).toBe(0);
  });

  it('checks a change with plan --validate (dry runs)', async () => {
    h.write('set/kafka.yaml', KAFKA.replace('nodeSizing: 2cpu4gb', 'nodeSizing: 4cpu8gb'));
    const r = await h.run(['plan', '--validate', '--dry-run-honoured', 'all', 'set']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('dry run: accepted');
    h.write('set/kafka.yaml', KAFKA);
  });

  it('adopts an untagged broker of the same name', async () => {
    await api('POST', '/itcare/message-brokers/rabbitmq', {
      name: 'featuremq', serviceId: 46922, region: 'EB', area: 'EB-QA', networkId: 1234511, nodeSizing: '2cpu4gb', brokerCount: 1,
      diskSize: 20, rabbitMqVersion: '3.13', admPassword: SECRETS.MQ_PASSWORD, vmPrefix: 'FEATMQ',
    });
    await waitIdle();
    h.write('set/rabbitmq.yaml', RABBITMQ);
    const p = await h.run(['plan', 'set']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/~ RabbitMQ\/featuremq will be updated in place[\s\S]*\+ tags\.caretaker-stack: "features-qa"/);
    expect((await h.run(['apply', '--auto-approve', 'set'])).code).toBe(0);
    expect((await h.run(['plan', '--detailed-exitcode', 'set'])).code).toBe(0);
  });

  it('reports an out-of-band resize with its author (exit 2)', async () => {
    await api('PATCH', `/itcare/message-brokers/apache-kafka/${named('feature_events')!.id}`, { operation: 'resize', options: { sizing: '4cpu8gb' } });
    await waitIdle();
    const d = await h.run(['drift', 'set']);
    expect(d.code).toBe(2);
    expect(d.stdout).toContain('nodeSizing: live "4cpu8gb", manifest "2cpu4gb"');
    expect(d.stdout).toMatch(/changed: RESIZE .* by j\.doe@cegedim\.com/);
    expect((await h.run(['apply', '--auto-approve', 'set'])).code).toBe(0);
  });

  it('prunes a broker the manifests no longer hold, then destroys the rest', async () => {
    h.write('set/rabbitmq.yaml', '');
    // The last RabbitMQ of the manifests: prune asks for --max-deletes (the guard against lost manifests).
    const p = await h.run(['apply', '--auto-approve', '--prune', '--max-deletes', '1', 'set']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain('RabbitMQ/featuremq: delete RabbitMQ featuremq: done');
    expect(named('featuremq')).toBeUndefined();
    const d = await h.run(['destroy', '--auto-approve', 'set']);
    expect(d.code, d.stderr).toBe(0);
    expect(named('feature_events')).toBeUndefined();
    expect(named('feature-drive')).toBeUndefined();
  });
});
