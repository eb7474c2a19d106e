// Manifest texts for the end-to-end tests: a stack with Redis and PostgreSQL, with knobs for edits.

export const REDIS_PASSWORD = 'E2e#RedisPass42';
export const PG_PASSWORD = 'E2e#PgPassw0rd7';
export const SECRETS = { E2E_REDIS_PASSWORD: REDIS_PASSWORD, E2E_PG_PASSWORD: PG_PASSWORD };

export function stackYaml(opts: { name?: string; prune?: boolean; changeReference?: string } = {}): string {
  return `apiVersion: caretaker/v1
kind: Stack
metadata:
  name: ${opts.name ?? 'orders-e2e'}
spec:
  defaults:
    serviceId: 46922
    region: EB
    area: EB-QA
    networkId: 1234511
  prune: ${opts.prune ?? false}
${opts.changeReference ? `  changeReference: ${opts.changeReference}\n` : ''}`;
}

export interface RedisKnobs {
  name?: string;
  nodeSizing?: string;
  diskSize?: number;
  monitoringEnabled?: boolean;
  onCallSupervision?: boolean;
  state?: 'running' | 'stopped';
  tags?: Record<string, string>;
  patchGroup?: string;
  preventDestroy?: boolean;
}

export function redisYaml(k: RedisKnobs = {}): string {
  const tags = Object.entries(k.tags ?? { app: 'orders', team: 'checkout' }).map(([a, b]) => `    ${a}: ${b}`).join('\n');
  return `apiVersion: caretaker/v1
kind: Redis
metadata:
  name: ${k.name ?? 'orderscache'}
spec:
  nodeSizing: ${k.nodeSizing ?? '2cpu4gb'}
  diskSize: ${k.diskSize ?? 40}
  redisVersion: "7.2"
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: \${env:E2E_REDIS_PASSWORD}
  monitoringEnabled: ${k.monitoringEnabled ?? true}
  onCallSupervision: ${k.onCallSupervision ?? false}
  state: ${k.state ?? 'running'}
  tags:
${tags}
  patchParty:
    excluded: false
    patchGroup: "${k.patchGroup ?? '2'}"
${k.preventDestroy ? 'lifecycle:\n  preventDestroy: true\n' : ''}`;
}

export interface PgKnobs {
  name?: string;
  postgreVersion?: string;
  ha?: boolean;
  extensions?: string[];
  nodeSizing?: string;
}

export function postgresYaml(k: PgKnobs = {}): string {
  const name = k.name ?? 'ordersdb';
  return `apiVersion: caretaker/v1
kind: PostgreSQL
metadata:
  name: ${name}
spec:
  nodeSizing: ${k.nodeSizing ?? '2cpu4gb'}
  diskSize: 40
  postgreVersion: "${k.postgreVersion ?? '15'}"
  topology: ${k.ha ? 'HA' : 'STANDALONE'}
  trigram: ord
  allowedReplicationLag: 10
  admPassword: \${env:E2E_PG_PASSWORD}
  monitoringEnabled: true
  tags:
    app: orders
${k.ha ? '  nodePrefix: ORDDB\n  az: EB-QA-A\n  tls: false\n' : ''}${k.extensions ? `  extensions:\n    ${name}: [${k.extensions.join(', ')}]\n` : ''}`;
}
