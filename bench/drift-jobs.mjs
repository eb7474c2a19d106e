#!/usr/bin/env node
// Drift jobs at scale (issue 23): `caretaker drift --history --metrics` of N converged Redis (default
// 1,000) of which 10 % were resized out of band, against the simulator (25 ms latency, 429 above 32 in
// flight): API requests, requests per resource, history reads per drifted resource, wall time; the same
// with --unmanaged (its extra requests). Then `caretaker report` over 200 stacks' drift outputs and
// histories: wall time and page size. Run alone with `node bench/drift-jobs.mjs` after `npm run build`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchName, redisYaml, SERVICE, STACK_YAML } from './fixtures.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const { startSimulator } = await import(join(ROOT, 'dist', 'simulator', 'start.js'));
const { allocateResourceId } = await import(join(ROOT, 'dist', 'simulator', 'state.js'));
const { driftReportOf } = await import(join(ROOT, 'dist', 'engine', 'drift.js'));
const { applyHistory, historyToJson } = await import(join(ROOT, 'dist', 'engine', 'drift-history.js'));
const N = Number(process.env.BENCH_DRIFT_RESOURCES ?? 1000);
const DRIFTED = Math.round(N / 10);
const STACKS = Number(process.env.BENCH_REPORT_STACKS ?? 200);
const PASSWORD = 'Bench#Passw0rd1';
const USER_TOKEN = 'bench-user-token';
const f2 = (x) => x.toFixed(2);

function run(dir, sim, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, NO_COLOR: '1', BENCH_PASSWORD: PASSWORD, ...(sim ? { ITCARE_ENDPOINT: sim.url, ITCARE_TOKEN: 'sim-token' } : {}) },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, ms: performance.now() - t0 }));
  });
}

/** N converged Redis (one created through the API, cloned in the simulator's state), 10 % resized by someone else. */
async function driftingStack() {
  const dir = mkdtempSync(join(tmpdir(), 'caretaker-bench-drift-'));
  const sim = await startSimulator({ actionMs: 20, latencyMs: 25, maxInFlight: 32, staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: 'ops@cegedim.com' } });
  const write = (n) => {
    writeFileSync(join(dir, 'stack.yaml'), STACK_YAML);
    writeFileSync(join(dir, 'redis.yaml'), Array.from({ length: n }, (_, i) => redisYaml(i, { admPassword: '${env:BENCH_PASSWORD}', tags: '{ app: bench }' })).join('---\n'));
  };
  write(1);
  const first = await run(dir, sim, ['apply', '--auto-approve']);
  if (first.code !== 0) throw new Error(`set-up apply failed:\n${first.out}`);
  await new Promise((r) => setTimeout(r, 50));
  const proto = sim.state.resources.find((r) => r.name === benchName(0));
  for (let i = 1; i < N; i++) sim.state.resources.push({ ...structuredClone(proto), id: allocateResourceId(sim.state), name: benchName(i) });
  write(N);
  // Someone resizes every tenth cache through the API: a RESIZE entry in each one's history.
  for (let i = 0; i < N; i += 10) {
    const r = sim.state.resources.find((x) => x.name === benchName(i));
    const res = await fetch(`${sim.url}/itcare/databases/redis/${r.id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/vnd.cegedim-it.v1+json' },
      body: JSON.stringify({ operation: 'resize', options: { sizing: '4cpu8gb' } }),
    });
    if (res.status >= 300) throw new Error(`resize failed: ${res.status}`);
  }
  await new Promise((r) => setTimeout(r, 100));
  await fetch(`${sim.url}/itcare/actions?serviceId=${SERVICE}`, { headers: { authorization: `Bearer ${USER_TOKEN}` } });
  return { dir, sim, close: async () => { await sim.close(); rmSync(dir, { recursive: true, force: true }); } };
}

console.log(`\nDrift jobs (${N} Redis, ${DRIFTED} resized out of band; simulator 25 ms latency, 429 above 32 in flight)`);
console.log('| run | exit | requests | req/resource | history reads | history reads / drifted resource | wall (s) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const stack = await driftingStack();
try {
  const { dir, sim } = stack;
  for (const [label, args] of [
    ['drift --history --metrics (first night)', ['drift', '--format', 'json', '--history', 'history.json', '--metrics', 'drift.prom']],
    ['same, next night (persistent drift)', ['drift', '--format', 'json', '--history', 'history.json', '--metrics', 'drift.prom']],
    ['same, with --unmanaged', ['drift', '--format', 'json', '--history', 'history.json', '--metrics', 'drift.prom', '--unmanaged']],
  ]) {
    const since = sim.requests.length;
    const r = await run(dir, sim, args);
    if (r.code !== 2) throw new Error(`drift exited ${r.code}:\n${r.out.slice(-2000)}`);
    if (r.out.includes(PASSWORD)) throw new Error('secret leaked in benchmark output');
    const seen = sim.requests.slice(since).filter((e) => e.path.startsWith('/itcare/'));
    const history = seen.filter((e) => /\/history$/.test(e.path)).length;
    console.log(`| ${label} | ${r.code} | ${seen.length} | ${f2(seen.length / N)} | ${history} | ${f2(history / DRIFTED)} | ${f2(r.ms / 1000)} |`);
  }
  const report = readFileSync(join(dir, 'drift.prom'), 'utf8').split('\n').filter((l) => /^caretaker_drift_(resources|fields)\{/.test(l)).join(', ');
  console.log(`metrics of the last run: ${report}`);
} finally {
  await stack.close();
}

// `caretaker report` over STACKS stacks: each a drift output (JSON lines) and its history, 12 resources
// each, every third stack drifting on 1 to 4 of them, one stack in five failed.
{
  const dir = mkdtempSync(join(tmpdir(), 'caretaker-bench-report-'));
  try {
    const files = [];
    for (let s = 0; s < STACKS; s++) {
      const stackName = `stack-${String(s).padStart(3, '0')}`;
      const at = '2026-12-03T03:00:00.000Z';
      const changes = Array.from({ length: 12 }, (_, i) => {
        const drifts = s % 3 === 0 && i < 1 + (s % 4);
        return {
          address: `${i % 2 ? 'PostgreSQL' : 'Redis'}/${stackName}-r${i}`, kind: i % 2 ? 'PostgreSQL' : 'Redis', name: `${stackName}-r${i}`, provider: 'itcare',
          action: drifts ? 'update' : 'no-op', id: s * 100 + i, dependsOn: [], operations: [],
          diff: drifts ? [{ op: 'replace', path: '/nodeSizing', from: '4cpu8gb', value: '2cpu4gb' }, { op: 'replace', path: '/tags/team', from: 'a', value: 'b' }] : [],
        };
      });
      const summary = { create: 0, update: changes.filter((c) => c.action === 'update').length, replace: 0, delete: 0, noop: changes.filter((c) => c.action === 'no-op').length };
      const r = driftReportOf({ formatVersion: 1, stack: stackName, createdAt: at, liveFingerprint: 'sha256:x', changes, summary }, { resources: [] }, at.slice(0, 10));
      const history = applyHistory(r, undefined, new Date(Date.parse(at) - (s % 9) * 86_400_000).toISOString());
      const { resources, ...rest } = r;
      const lines = s % 5 === 4
        ? [{ type: 'version' }, { type: 'diagnostic', '@level': 'error', diagnostic: { severity: 'error', summary: 'login failed at the token URL: 401' } }]
        : [{ type: 'version' }, ...resources.map((x) => ({ type: 'resource_drift', resource: x })), { type: 'drift_summary', report: rest }];
      writeFileSync(join(dir, `${stackName}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      writeFileSync(join(dir, `${stackName}-history.json`), historyToJson(history));
      files.push(`${stackName}.jsonl`, `${stackName}-history.json`);
    }
    const r = await run(dir, undefined, ['report', ...files, '-o', 'fleet.html']);
    if (r.code !== 0) throw new Error(`report exited ${r.code}:\n${r.out.slice(-2000)}`);
    const size = statSync(join(dir, 'fleet.html')).size;
    console.log(`\n| caretaker report of ${STACKS} stacks (${files.length} files) | value |`);
    console.log('| --- | ---: |');
    console.log(`| wall time, whole process (s) | ${f2(r.ms / 1000)} |`);
    console.log(`| page size (KB) | ${(size / 1024).toFixed(1)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
