// Issue 20 item 3: every kind's full create converges in one apply. For each kind, a spec that sets every
// field the kind manages (and the follow-ups a create needs: node pools beyond the create's nodes, a
// version other than the create's default, HA, URLs, members, bot defense, extensions, parameters, patch
// party, a stopped state, tags) is applied from nothing; the next plan has no change. The KubernetesCluster
// case is the one that failed: its nodes and version were reconciled only by a second apply.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { SECRETS } from '../support/manifests.js';

const SCP_SECRETS = { ...SECRETS, E2E_SCP_PASSWORD: 'E2e#ScpPassw0rd3' };
const STACK = `apiVersion: caretaker/v1
kind: Stack
metadata: { name: full-e2e }
spec:
  defaults: { serviceId: 46922, region: EB, area: EB-QA, networkId: 1234511 }
  changeReference: RFC2020
`;

const REDIS = `apiVersion: caretaker/v1
kind: Redis
metadata: { name: fullcache }
spec:
  az: EB-QA-A
  nodeSizing: 4cpu8gb
  diskSize: 60
  redisVersion: "7.2"
  instanceCount: 3
  persistenceMode: PERSISTENT
  tlsEnabled: true
  admPassword: \${env:E2E_REDIS_PASSWORD}
  backupEnabled: true
  monitoringEnabled: true
  monitoringAlerting: true
  onCallSupervision: true
  state: stopped
  tags: { app: full, team: qa }
  patchParty: { excluded: true, exclusionReason: frozen for the audit }
`;

const POSTGRESQL = `apiVersion: caretaker/v1
kind: PostgreSQL
metadata: { name: fulldb }
spec:
  nodeSizing: 4cpu8gb
  diskSize: 80
  postgreVersion: "16"
  topology: HA
  ha: { replicationLag: 100 }
  nodePrefix: FULDB
  az: EB-QA-A
  tls: true
  trigram: ful
  allowedReplicationLag: 10
  admPassword: \${env:E2E_PG_PASSWORD}
  backupEnabled: true
  monitoringEnabled: true
  monitoringAlerting: true
  onCallSupervision: true
  extensions:
    fulldb: [pgcrypto, uuid-ossp, pg_trgm]
  state: stopped
  tags: { app: full }
  patchParty: { excluded: true, exclusionReason: audit }
`;

const KUBERNETES = `apiVersion: caretaker/v1
kind: KubernetesCluster
metadata: { name: shop-k8s }
spec:
  ingressProvider: NGINX
  nodeSizing: 4cpu16gb
  instanceCount: 3               # pools below total 5 nodes, one of another sizing, none of 4cpu16gb in EB-QA-C
  nodePools:
    - { az: EB-QA-A, nodeSizing: 4cpu16gb, count: 2 }
    - { az: EB-QA-B, nodeSizing: 4cpu16gb, count: 2 }
    - { az: EB-QA-C, nodeSizing: 8cpu32gb, count: 1 }
  version: "1.30"                # not the create's default (1.29 in the simulator)
  topology: HA
  monitoringEnabled: true
  monitoringAlerting: true
  onCallSupervision: true
  patchParty: { excluded: true, exclusionReason: audit }
  tags: { app: shop }
`;

const LOAD_BALANCERS = `${KUBERNETES}---
apiVersion: caretaker/v1
kind: LoadBalancer
metadata: { name: shop.cegedim.cloud }
spec:
  cluster: { ref: KubernetesCluster/shop-k8s }
  healthcheck: http
  portMembers: 443
  profileName: HTTPS
  sslProfile: profile_wildcard.cegedim.cloud_secure
  certificateName: wildcard_cegedim.cloud
  monitoringEnabled: true
  onCallSupervision: true
  urls:
    - { name: api.shop.cegedim.cloud, monitoringEnabled: true, onCallSupervision: true }
    - { name: www.shop.cegedim.cloud, monitoringEnabled: false }
  tags: { app: shop }
---
apiVersion: caretaker/v1
kind: LoadBalancer
metadata: { name: backoffice.shop.cegedim.cloud }
spec:
  healthcheck: http
  portMembers: 80
  profileName: HTTP
  persistence: true
  redirectToHttps: false
  monitoringEnabled: true
  onCallSupervision: true
  state: stopped
  botDefense: { enabled: true, template: strict, mode: transparent, whitelist: [10.0.3.40, 10.0.3.41] }
  urls:
    - { name: admin.backoffice.shop.cegedim.cloud, monitoringEnabled: true }
  members:
    - { name: PEB4APP01, port: 80 }
    - { name: PEB4APP02, port: 8080, state: disabled }
  tags: { app: shop, tier: backoffice }
`;

const GOVERNANCE_TARGET = `apiVersion: caretaker/v1
kind: Redis
metadata: { name: shopcache }
spec:
  nodeSizing: 2cpu4gb
  diskSize: 40
  redisVersion: "7.2"
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: \${env:E2E_REDIS_PASSWORD}
`;

const TAGS = `${GOVERNANCE_TARGET}---
apiVersion: caretaker/v1
kind: Tags
metadata: { name: cache-tags }
spec:
  resource: { ref: Redis/shopcache }     # created in the same apply
  tags: { app: shop, owner: team-cache }
---
apiVersion: caretaker/v1
kind: Tags
metadata: { name: backoffice-vm-tags }
spec:
  resource: { serviceId: 46922, name: PEB4APP01 }
  tags: { app: shop, owner: team-backoffice, cost-center: cc-42 }
---
apiVersion: caretaker/v1
kind: Tags
metadata: { name: vm-by-id }
spec:
  resource: { id: 500079803 }
  tags: { app: shop }
`;

const PATCH_POLICY = `${GOVERNANCE_TARGET}---
apiVersion: caretaker/v1
kind: PatchPolicy
metadata: { name: shop-patching }
spec:
  serviceId: 46922
  resources:
    - resource: { name: PEB4APP01 }
      patchGroup: "1"
    - resource: { name: PEB4APP02 }
      excluded: true
      exclusionReason: patched by the back-office team during their release window
    - resource: { ref: Redis/shopcache }  # created in the same apply
      patchGroup: "2"
`;

const CACHE_STORE = `apiVersion: caretaker/v1
kind: CacheStore
metadata: { name: fullcache }
spec:
  engine_version: "7.2.4"
  subnet_id: 5a1f0c3e9b2d4e6f8a0b1c2d3e4f5a6b
  timezone: Asia/Seoul
  instance_name_prefix: fullc
  ha_enabled: true
  nat_enabled: false
  replica_count: 1
  allowable_ip_addresses: [10.20.0.0/24, 10.30.0.0/24]
  init_config_option:
    database_user_password: \${env:E2E_SCP_PASSWORD}
    database_port: 6378
    sentinel_port: 26378
    backup_option: { retention_period_day: "7", starting_time_hour: "2" }
  instance_groups:
    - role_type: MASTER
      server_type_name: redis1v1m2
      block_storage_groups:
        - { role_type: OS, size_gb: 104 }
        - { role_type: DATA, size_gb: 64, volume_type: SSD }
  maintenance_option: { period_hour: "1", starting_day_of_week: SUN, starting_time: "0300" }
  parameters: { maxmemory-policy: allkeys-lru, timeout: "300" }
  state: stopped
  tags: { app: full }
`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a full create converges in one apply', () => {
  const kinds: Record<string, string> = {
    Redis: REDIS,
    PostgreSQL: POSTGRESQL,
    KubernetesCluster: KUBERNETES,
    LoadBalancer: LOAD_BALANCERS,
    Tags: TAGS,
    PatchPolicy: PATCH_POLICY,
    CacheStore: CACHE_STORE,
  };
  it.each(Object.entries(kinds))('%s: apply from nothing, then the plan has no change', async (_kind, doc) => {
    h = await harness({ secrets: SCP_SECRETS });
    Object.assign(h.env, { SCP_ENDPOINT: h.sim.scp.url, SCP_ACCESS_KEY: h.sim.scp.accessKey, SCP_SECRET_KEY: h.sim.scp.secretKey });
    h.secrets.push(h.sim.scp.secretKey);
    h.write('stack.yaml', STACK);
    h.write('resources.yaml', doc);
    const applied = await h.run(['apply', '--auto-approve']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const again = await h.run(['plan', '--detailed-exitcode']);
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });
});
