#!/usr/bin/env node
// npm run bench: load and speed figures of caretaker against the embedded simulator on 127.0.0.1.
// Every scenario runs the real CLI as a child process and counts the API requests the simulator saw.
// Figures: polls per async action (batched vs one request per action), refresh requests per resource,
// apply wall time at --parallelism 1 vs 10, and convergence under injected 5xx faults.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const { startSimulator } = await import(join(ROOT, 'dist', 'simulator', 'start.js'));
const N = Number(process.env.BENCH_RESOURCES ?? 20);
const PASSWORD = 'Bench#Passw0rd1';

function manifests(dir, n) {
  writeFileSync(join(dir, 'stack.yaml'), `apiVersion: caretaker/v1
kind: Stack
metadata: { name: bench }
spec:
  defaults: { serviceId: 46922, region: EB, area: EB-QA, networkId: 1234511 }
`);
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, `redis-${i}.yaml`), `apiVersion: caretaker/v1
kind: Redis
metadata: { name: benchcache${String(i).padStart(3, '0')} }
spec:
  nodeSizing: 2cpu4gb
  diskSize: 40
  redisVersion: "7.2"
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: \${env:BENCH_PASSWORD}
  monitoringEnabled: true
  tags: { app: bench }
`);
  }
}

function cli(dir, sim, args, env = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH, NO_COLOR: '1', BENCH_PASSWORD: PASSWORD,
        ITCARE_ENDPOINT: sim.url, ITCARE_TOKEN: 'sim-token', CARETAKER_POLL_MS: '100', CARETAKER_HTTP_MIN_DELAY_MS: '20', ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (out.includes(PASSWORD)) throw new Error('secret leaked in benchmark output');
      resolve({ code, out, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    });
  });
}

async function withStack(simOpts, n, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'caretaker-bench-'));
  const sim = await startSimulator(simOpts);
  manifests(dir, n);
  try {
    return await fn(dir, sim);
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const itcare = (sim, since = 0) => sim.requests.slice(since).filter((r) => r.path.startsWith('/itcare/'));
const polls = (sim, since) => itcare(sim, since).filter((r) => r.method === 'GET' && r.path.startsWith('/itcare/actions')).length;

const rows = [];
const row = (scenario, figure, value) => {
  rows.push({ scenario, figure, value });
  process.stdout.write(`${scenario.padEnd(34)} ${figure.padEnd(44)} ${value}\n`);
};

// 1. Polls per action: N creates whose actions last 1.5 s, batched vs one GET per action.
for (const [label, batch] of [['batched', '1'], ['per-action', '0']]) {
  await withStack({ actionMs: 1500 }, N, async (dir, sim) => {
    const r = await cli(dir, sim, ['apply', '--auto-approve'], { CARETAKER_POLL_BATCH: batch });
    if (r.code !== 0) throw new Error(`apply failed:\n${r.out}`);
    const actions = sim.state.actions.length;
    row(`poll (${label}, ${N} creates)`, 'action-poll requests', polls(sim, 0));
    row(`poll (${label}, ${N} creates)`, 'async actions tracked', actions);
    row(`poll (${label}, ${N} creates)`, 'poll requests per action', (polls(sim, 0) / actions).toFixed(2));
    row(`poll (${label}, ${N} creates)`, 'API requests in all', itcare(sim).length);
    row(`poll (${label}, ${N} creates)`, 'wall time (s)', (r.ms / 1000).toFixed(2));
  });
}

// 2. Refresh cost: plan of a converged stack, requests per resource; an apply with no change writes nothing.
await withStack({ actionMs: 50 }, N, async (dir, sim) => {
  await cli(dir, sim, ['apply', '--auto-approve']);
  const since = sim.requests.length;
  const r = await cli(dir, sim, ['plan', '--detailed-exitcode']);
  row(`refresh (${N} converged Redis)`, 'plan exit code (0 = no changes)', r.code);
  row(`refresh (${N} converged Redis)`, 'API requests per resource', (itcare(sim, since).length / N).toFixed(2));
  row(`refresh (${N} converged Redis)`, 'plan wall time (s)', (r.ms / 1000).toFixed(2));
  const s2 = sim.requests.length;
  await cli(dir, sim, ['apply', '--auto-approve']);
  row(`refresh (${N} converged Redis)`, 'write requests of a no-change apply', itcare(sim, s2).filter((q) => q.method !== 'GET').length);
});

// 3. Parallelism: the same N creates (actions last 0.5 s) one at a time vs ten at a time.
const times = {};
for (const p of ['1', '10']) {
  await withStack({ actionMs: 500 }, N, async (dir, sim) => {
    const r = await cli(dir, sim, ['apply', '--auto-approve', '--parallelism', p]);
    if (r.code !== 0) throw new Error(`apply failed:\n${r.out}`);
    times[p] = r.ms;
    row(`parallelism ${p.padStart(2)} (${N} creates)`, 'wall time (s)', (r.ms / 1000).toFixed(2));
  });
}
row('parallelism', 'speed-up, --parallelism 10 vs 1', (times['1'] / times['10']).toFixed(2) + 'x');

// 4. Faults: 10% of API answers are 503 (and 1 in 10 creates loses its answer); re-run apply until converged.
await withStack({ actionMs: 100, faultRate: 0.1, seed: 7 }, N, async (dir, sim) => {
  sim.faults.dropResponseNext = 2;
  let runs = 0;
  let code = 1;
  while (code !== 0 && runs < 10) {
    runs++;
    code = (await cli(dir, sim, ['apply', '--auto-approve'])).code;
  }
  sim.faults.faultRate = 0;
  const plan = await cli(dir, sim, ['plan', '--detailed-exitcode']);
  const names = sim.state.resources.filter((x) => x.name.startsWith('benchcache')).map((x) => x.name);
  row(`faults (10% 503, ${N} creates)`, 'apply runs until converged', runs);
  row(`faults (10% 503, ${N} creates)`, 'final plan exit code (0 = converged)', plan.code);
  row(`faults (10% 503, ${N} creates)`, 'resources created / duplicates', `${new Set(names).size} / ${names.length - new Set(names).size}`);
  row(`faults (10% 503, ${N} creates)`, 'answers faulted by the simulator', sim.requests.filter((q) => q.fault).length);
});

// Manifest parsing at scale (validate of 10,000 resources): bench/manifest-scale.mjs.
await import('./manifest-scale.mjs');
