// Bad input through the real CLI: every problem reported at once as file:line:col, exit 1, and not a
// single request reaches the API.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

describe('bad input', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  const cases: Record<string, { reason: string; files: Record<string, string>; env?: Record<string, string>; unset?: string[]; want: RegExp[]; validateWarns?: boolean; readsFirst?: boolean }> = {
    MalformedYaml: {
      reason: 'a YAML syntax error names its position',
      files: { 'redis.yaml': 'apiVersion: caretaker/v1\nkind: Redis\nmetadata: {name: abcde\nspec: [\n' },
      want: [/^redis\.yaml:\d+:\d+: /m],
    },
    SchemaViolation: {
      reason: 'a value out of range is reported at the value',
      files: { 'redis.yaml': redisYaml({ diskSize: 20 }) },
      want: [/^redis\.yaml:7:13: .*diskSize.*40/m],
    },
    UnknownKind: {
      reason: 'an unknown kind gets a did-you-mean',
      files: { 'x.yaml': 'apiVersion: caretaker/v1\nkind: Reddis\nmetadata:\n  name: abcde\nspec: {}\n' },
      want: [/^x\.yaml:2:7: .*Reddis.*did you mean "Redis"/m],
    },
    UnknownField: {
      reason: 'an unknown field gets a did-you-mean at its key',
      files: { 'redis.yaml': redisYaml().replace('nodeSizing:', 'nodeSizng:') },
      want: [/^redis\.yaml:6:3: .*nodeSizng.*did you mean "nodeSizing"/m],
    },
    WeakPassword: {
      reason: 'a weak admPassword is refused without printing it',
      files: { 'redis.yaml': redisYaml() },
      env: { E2E_REDIS_PASSWORD: 'weakpass' },
      want: [/^redis\.yaml:11:\d+: .*admPassword/m],
    },
    MissingEnv: {
      reason: 'a missing ${env:…} variable is named at its position',
      files: { 'redis.yaml': redisYaml() },
      unset: ['E2E_REDIS_PASSWORD'],
      want: [/^redis\.yaml:11:\d+: .*E2E_REDIS_PASSWORD/m],
      // validate runs without secrets (a lint job): there the missing variable is a warning, exit 0.
      validateWarns: true,
      // A password is needed only by a plan that sends it (issue 24): the live state is read to know
      // that the Redis must be created; the error still comes at its position, before any write.
      readsFirst: true,
    },
    DuplicateIdentity: {
      reason: 'two resources with the same identity',
      files: { 'a.yaml': redisYaml(), 'b.yaml': redisYaml() },
      want: [/^b\.yaml:\d+:\d+: .*duplicate.*a\.yaml:\d+/m],
    },
    DanglingRef: {
      reason: 'a reference to nothing gets a did-you-mean',
      files: {
        'redis.yaml': redisYaml(),
        'tags.yaml': 'apiVersion: caretaker/v1\nkind: Tags\nmetadata:\n  name: t1\nspec:\n  resource: { ref: Redis/orderscach }\n  tags: { a: b }\n',
      },
      want: [/^tags\.yaml:6:\d+: .*Redis\/orderscach.*did you mean "Redis\/orderscache"/m],
    },
  };

  const cluster = (over: string) => `apiVersion: caretaker/v1
kind: KubernetesCluster
metadata:
  name: web-k8s
spec:
  ingressProvider: NGINX
  nodeSizing: 4cpu16gb
  instanceCount: 3
${over}`;
  const lb = (name: string, over: string) => `apiVersion: caretaker/v1
kind: LoadBalancer
metadata:
  name: ${name}
spec:
  healthcheck: http
  portMembers: 80
${over}`;
  const policy = (item: string) => `apiVersion: caretaker/v1
kind: PatchPolicy
metadata:
  name: patching
spec:
  serviceId: 46922
  resources:
    - resource: { name: PEB4APP01 }
${item}`;
  Object.assign(cases, {
    UnknownIngressProvider: {
      reason: 'an ingress provider outside the documented list',
      files: { 'k8s.yaml': cluster('').replace('ingressProvider: NGINX', 'ingressProvider: HAPROXY') },
      want: [/^k8s\.yaml:6:20: .*ingressProvider/m],
    },
    K8sInstanceCountLow: {
      reason: 'a Kubernetes instanceCount below 2',
      files: { 'k8s.yaml': cluster('').replace('instanceCount: 3', 'instanceCount: 1') },
      want: [/^k8s\.yaml:8:18: .*instanceCount.*2/m],
    },
    K8sInstanceCountHigh: {
      reason: 'a Kubernetes instanceCount above 12',
      files: { 'k8s.yaml': cluster('').replace('instanceCount: 3', 'instanceCount: 13') },
      want: [/^k8s\.yaml:8:18: .*instanceCount.*12/m],
    },
    MemberPort: {
      reason: 'a pool member port outside 0..65535',
      files: { 'lb.yaml': lb('app.cegedim.cloud', '  profileName: HTTP\n  members:\n    - { name: PEB4APP01, port: 70000 }\n') },
      want: [/^lb\.yaml:10:\d+: .*port.*65535/m],
    },
    HttpsWithoutCertificate: {
      reason: 'an HTTPS profile needs a certificate and an SSL profile',
      files: { 'lb.yaml': lb('app.cegedim.cloud', '  profileName: HTTPS\n') },
      want: [/^lb\.yaml:\d+:\d+: .*certificateName/m],
    },
    UrlPattern: {
      reason: 'a load balancer url that breaks the documented pattern',
      files: { 'lb.yaml': lb('9bad_url!', '  profileName: HTTP\n') },
      want: [/^lb\.yaml:4:9: .*url/m],
    },
    ClusterRefToWrongKind: {
      reason: 'a cluster ref must point at a KubernetesCluster',
      files: { 'redis.yaml': redisYaml(), 'lb.yaml': lb('app.cegedim.cloud', '  profileName: HTTP\n  cluster: { ref: Redis/orderscache }\n') },
      want: [/^lb\.yaml:9:\d+: .*KubernetesCluster.*Redis\/orderscache/m],
    },
    PatchGroupFour: {
      reason: 'patch groups are 1, 2 or 3',
      files: { 'policy.yaml': policy('      patchGroup: "4"\n') },
      want: [/^policy\.yaml:9:19: .*patchGroup/m],
    },
    ExclusionWithoutReason: {
      reason: 'an exclusion needs a reason',
      files: { 'policy.yaml': policy('      excluded: true\n') },
      want: [/^policy\.yaml:\d+:\d+: .*exclusionReason/m],
    },
  });

  it.each(Object.entries(cases))('%s', async (_name, c) => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    for (const [f, t] of Object.entries(c.files)) h.write(f, t);
    for (const cmd of [['validate'], ['plan'], ['apply', '--auto-approve']]) {
      const r = await h.run(cmd, { env: c.env, unset: c.unset });
      const warnsOnly = c.validateWarns && cmd[0] === 'validate';
      expect(r.code, `${cmd[0]}: ${c.reason}`).toBe(warnsOnly ? 0 : 1);
      if (warnsOnly) expect(r.stderr).toMatch(/warning: environment variable E2E_REDIS_PASSWORD is not set/);
      for (const w of c.want) expect(r.stderr, c.reason).toMatch(w);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      if (c.env?.E2E_REDIS_PASSWORD) expect(r.stdout + r.stderr).not.toContain(c.env.E2E_REDIS_PASSWORD);
    }
    if (c.readsFirst) expect(h.writes()).toEqual([]);
    else expect(h.sim.requests.filter((r) => r.path.startsWith('/itcare'))).toEqual([]);
  });

  it('reports every error of several files in one run', async () => {
    h = await harness({ secrets: SECRETS });
    h.write('stack.yaml', stackYaml());
    h.write('a.yaml', redisYaml({ name: 'cachea', diskSize: 5000 }));
    h.write('b.yaml', redisYaml({ name: 'cacheb' }).replace('instanceCount: 1', 'instanceCount: 4'));
    const r = await h.run(['validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^a\.yaml:7:\d+: .*diskSize/m);
    expect(r.stderr).toMatch(/^b\.yaml:9:\d+: .*instanceCount/m);
  });
});
