#!/usr/bin/env node
// Mixed estates at scale (issues 25 and 26): `caretaker plan` of N converged resources (default N =
// 1,000), in two rows: N / 4 of each of VirtualMachine, MariaDB, SQLServer and OpenSearch; then N / 9 of
// each of those and RabbitMQ, Kafka, GlusterFS, OverDrive and Matomo. Against the simulator (25 ms
// latency, 429 above 32 in flight): API requests, requests per resource, the per-endpoint breakdown,
// 429s, wall, CPU and peak RSS of the CLI process. Run alone with `node bench/mixed-estate.mjs` after
// `npm run build` (BENCH_MIXED_RESOURCES shrinks it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STACK_YAML, timedCli } from './fixtures.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { startSimulator } = await import(join(ROOT, 'dist', 'simulator', 'start.js'));
const { allocateResourceId } = await import(join(ROOT, 'dist', 'simulator', 'state.js'));
const N = Number(process.env.BENCH_MIXED_RESOURCES ?? 1000);
const f2 = (x) => x.toFixed(2);
const pad = (i) => String(i).padStart(4, '0');

/** Each kind's i-th document, with the fields a real estate sets (every required create field). */
const KINDS = {
  VirtualMachine: {
    name: (i) => `PBENCHVM${pad(i)}`,
    yaml: (n) => `platform: deb12
  resourceId: 2cpu4gb
  monitoringEnabled: true
  monitoringAlerting: false
  backupEnabled: false
  replicationEnabled: false
  patchParty: { excluded: false, patchGroup: 1 }`,
  },
  MariaDB: {
    name: (i) => `benchmaria${pad(i)}`,
    yaml: () => `nodeSizing: 2cpu4gb
  diskSize: 40
  instanceCount: 1
  topology: SINGLE
  version: "10.6"
  admPassword: \${env:BENCH_PASSWORD}
  monitoringEnabled: true
  onCallSupervision: false`,
  },
  SQLServer: {
    name: (i) => `benchsql${pad(i)}`,
    yaml: () => `nodeSizing: 2cpu8gb
  edition: STD
  collation: French_BIN
  customerPassword: \${env:BENCH_PASSWORD}
  volumes: [{ id: disk0, sizeGb: 70 }, { id: disk1, sizeGb: 30 }, { id: disk2, sizeGb: 30 }, { id: disk3, sizeGb: 10 }, { id: disk4, sizeGb: 10 }]
  monitoringEnabled: true
  onCallSupervision: false`,
  },
  RabbitMQ: {
    name: (i) => `benchmq${pad(i)}`,
    yaml: (n) => `nodeSizing: 2cpu4gb
  brokerCount: 3
  diskSize: 40
  rabbitMqVersion: "3.13"
  vmPrefix: BMQ${n.slice(-4)}
  admPassword: \${env:BENCH_PASSWORD}
  monitoringEnabled: true
  onCallSupervision: false`,
  },
  Kafka: {
    name: (i) => `benchkafka${pad(i)}`,
    yaml: (n) => `nodeSizing: 2cpu4gb
  brokerCount: 3
  diskSize: 40
  kafkaVersion: 3.6.0
  nodePrefix: BKF${n.slice(-4)}
  admPassword: \${env:BENCH_PASSWORD}
  monitoringEnabled: true`,
  },
  GlusterFS: {
    name: (i) => `benchfiles${pad(i)}`,
    yaml: () => `diskSize: 20
  user_name: bench
  admPassword: \${env:BENCH_PASSWORD}
  monitoringEnabled: true`,
  },
  OverDrive: {
    name: (i) => `benchdrive${pad(i)}`,
    yaml: (n) => `sizing: XS
  driveSiteUri: ${n}.bench.cegedim.cloud
  password: \${env:BENCH_PASSWORD}`,
  },
  Matomo: {
    name: (i) => `benchstats${pad(i)}`,
    yaml: () => `sizing: XS
  password: \${env:BENCH_PASSWORD}
  defaultWebSiteName: Bench
  defaultWebUri: https://bench.cegedim.cloud`,
  },
  OpenSearch: {
    name: (i) => `benchsearch${pad(i)}`,
    yaml: (n) => `nodeSizing: 2cpu4gb
  diskSize: 40
  instanceCount: 3
  clusterVersion: "2.11.1"
  nodePrefix: BSRCH${n.slice(-4)}
  admPassword: \${env:BENCH_PASSWORD}
  monitoringEnabled: true
  onCallSupervision: false`,
  },
};

const ISSUE_25 = ['VirtualMachine', 'MariaDB', 'SQLServer', 'OpenSearch'];
const ROWS = [ISSUE_25, [...ISSUE_25, 'RabbitMQ', 'Kafka', 'GlusterFS', 'OverDrive', 'Matomo']];

function write(dir, kinds, each) {
  writeFileSync(join(dir, 'stack.yaml'), STACK_YAML);
  for (const kind of kinds) {
    const k = KINDS[kind];
    const docs = Array.from({ length: each }, (_, i) => {
      const n = k.name(i);
      return `apiVersion: caretaker/v1\nkind: ${kind}\nmetadata: { name: ${n} }\nspec:\n  ${k.yaml(n)}\n  tags: { app: bench }\n`;
    });
    writeFileSync(join(dir, `${kind.toLowerCase()}.yaml`), docs.join('---\n'));
  }
}

/** The CLI under /usr/bin/time, with the short poll delay of a simulator whose actions take 20 ms. */
const cli = (dir, sim, args) => timedCli(dir, sim, args, { CARETAKER_POLL_MS: '20' });

/** One of each kind created through the API, then cloned in the simulator's state (fresh ids, nodes too). */
async function convergedEstate(kinds, each) {
  const dir = mkdtempSync(join(tmpdir(), 'caretaker-bench-mixed-'));
  const sim = await startSimulator({ actionMs: 20, latencyMs: 25, maxInFlight: 32 });
  write(dir, kinds, 1);
  const first = await cli(dir, sim, ['apply', '--auto-approve']);
  if (first.code !== 0) throw new Error(`set-up apply failed:\n${first.out}`);
  await new Promise((r) => setTimeout(r, 50));
  for (const k of kinds.map((kind) => KINDS[kind])) {
    const proto = sim.state.resources.find((r) => r.name === k.name(0));
    for (let i = 1; i < each; i++) {
      const copy = structuredClone(proto);
      copy.id = allocateResourceId(sim.state);
      copy.name = k.name(i);
      if (Array.isArray(copy.attrs.nodes)) for (const node of copy.attrs.nodes) node.id = allocateResourceId(sim.state);
      sim.state.resources.push(copy);
    }
  }
  write(dir, kinds, each);
  return { dir, sim, close: async () => { await sim.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const template = (path) => path.replace(/\/\d+(?=\/|$)/g, '/{id}');
function breakdown(entries) {
  const m = new Map();
  for (const e of entries) {
    const k = `${e.method} ${template(e.path)}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

for (const kinds of ROWS) {
  const each = Math.floor(N / kinds.length);
  const estate = await convergedEstate(kinds, each);
  try {
    const { sim, dir } = estate;
    const total = each * kinds.length;
    const since = sim.requests.length;
    const r = await cli(dir, sim, ['plan', '--detailed-exitcode']);
    const seen = sim.requests.slice(since).filter((e) => e.path.startsWith('/itcare/'));
    const throttled = seen.filter((e) => e.status === 429).length;
    console.log();
    console.log(`| mixed estate: plan of ${total} converged resources (${each} each of ${kinds.join(', ')}) | value |`);
    console.log('| --- | ---: |');
    console.log(`| API requests / per resource | ${seen.length} / ${f2(seen.length / total)} |`);
    console.log(`| 429s | ${throttled} |`);
    console.log(`| wall (s) / CPU (s) / peak RSS (MB) of the CLI | ${f2(r.ms / 1000)} / ${f2(r.cpuS)} / ${r.rssMb.toFixed(0)} |`);
    console.log(`| plan exit (0: no changes) | ${r.code} |`);
    if (r.code !== 0) console.log(`  (plan was not empty or failed: ${r.out.split('\n').slice(-6).join(' / ')})`);
    console.log();
    console.log('Per-endpoint breakdown (mixed-estate plan):');
    for (const [k, v] of breakdown(seen)) console.log(`- ${k} ${v}`);
  } finally {
    await estate.close();
  }
}
