#!/usr/bin/env node
// npm run bench: caretaker against the embedded simulator on 127.0.0.1 (25 ms latency, 429 with
// Retry-After: 1 above 32 requests in flight), side by side with a Terraform-style per-resource refresh
// over the same HTTP layer. Not part of npm test; every scenario is bounded.
//   1. plan of N converged Redis (N = 100, 1000, 5000; BENCH_SIZES overrides): requests, per resource,
//      per endpoint, 429s, wall, CPU, peak RSS of the CLI process; the per-resource model; the ratio
//      (median of BENCH_REPEAT pairs run in turn: 3 up to N = 1000, 1 above); `validate` of the same
//      manifests (the CLI's cost before its first request).
//      1b. the same plan over a mixed estate of 1,000 (250 each of VirtualMachine, MariaDB, SQLServer and
//      OpenSearch, bench/mixed-estate.mjs, runnable alone): requests, per resource, per endpoint.
//   2. apply of 200 creates whose actions take 5 s: wall time, poll requests per action.
//   3. diff + plan of 10,000 prepared observations, no network (bench/plan-cpu.mjs): CPU and peak RSS.
//   4. manifest parsing at scale (bench/manifest-scale.mjs); 5. drift jobs (bench/drift-jobs.mjs): drift of
//      1,000 Redis with 10 % drifted (requests, history reads) and `caretaker report` over 200 stacks.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { benchName, PASSWORD, redisYaml, STACK_YAML, timedCli as cli } from './fixtures.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { startSimulator } = await import(join(ROOT, 'dist', 'simulator', 'start.js'));
const { createHttpClient } = await import(join(ROOT, 'dist', 'http', 'client.js'));
const { allocateResourceId } = await import(join(ROOT, 'dist', 'simulator', 'state.js'));
const { loadManifests, plan } = await import(join(ROOT, 'dist', 'index.js'));
const { createItcareProvider } = await import(join(ROOT, 'dist', 'providers', 'itcare', 'index.js'));
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number);
const LATENCY_MS = 25;
const MAX_IN_FLIGHT = 32;

const name = benchName;
function manifests(dir, n) {
  writeFileSync(join(dir, 'stack.yaml'), STACK_YAML);
  const docs = Array.from({ length: n }, (_, i) => redisYaml(i, { admPassword: '${env:BENCH_PASSWORD}', tags: '{ app: bench }' }));
  writeFileSync(join(dir, 'redis.yaml'), docs.join('---\n'));
}


/** N converged Redis: one created through the API, cloned in the simulator's state (fast set-up). */
async function convergedStack(n) {
  const dir = mkdtempSync(join(tmpdir(), 'caretaker-bench-'));
  const sim = await startSimulator({ actionMs: 20, latencyMs: LATENCY_MS, maxInFlight: MAX_IN_FLIGHT });
  manifests(dir, 1);
  const first = await cli(dir, sim, ['apply', '--auto-approve'], { CARETAKER_POLL_MS: '20' });
  if (first.code !== 0) throw new Error(`set-up apply failed:\n${first.out}`);
  await new Promise((r) => setTimeout(r, 50));
  const proto = sim.state.resources.find((r) => r.name === name(0));
  for (let i = 1; i < n; i++) {
    const copy = structuredClone(proto);
    copy.id = allocateResourceId(sim.state);
    copy.name = name(i);
    sim.state.resources.push(copy);
  }
  manifests(dir, n);
  return { dir, sim, close: async () => { await sim.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const template = (path) => path.replace(/\/\d+(?=\/|$)/g, '/{id}');
function breakdown(entries) {
  const m = new Map();
  for (const e of entries) {
    const k = `${e.method} ${template(e.path)}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join('; ');
}

const simAuth = { authorization: async () => 'Bearer sim-token', invalidate() {} };

/** caretaker's plan as a library call in this process (same conditions as the model: no process start-up). */
async function inProcessPlan(dir, sim) {
  const { set, registry } = await loadManifests([dir], { cwd: dir, env: { BENCH_PASSWORD: PASSWORD } });
  const http = createHttpClient({ baseUrl: sim.url, auth: simAuth });
  const providers = new Map([['itcare', createItcareProvider({ http })]]);
  const t0 = performance.now();
  const p = await plan(set, registry, { providers });
  const ms = performance.now() - t0;
  await http.close();
  return { ms, requests: http.requestCount, changes: p.changes.filter((c) => c.action !== 'no-op' && c.action !== 'noop').length };
}

/** Terraform-style refresh: per resource (ids from the state), detail GET then tags GET, 10 resources at once. */
async function perResourceModel(sim, ids) {
  const http = createHttpClient({ baseUrl: sim.url, auth: simAuth, maxInFlight: 100 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      await http.request({ method: 'GET', path: `/itcare/databases/redis/${id}` });
      await http.request({ method: 'GET', path: `/itcare/compute/resources/${id}/tags` });
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await http.close();
  return { ms, cpuS: (cpu.user + cpu.system) / 1e6, requests: http.requestCount };
}

const lines = [];
const out = (s = '') => {
  lines.push(s);
  process.stdout.write(s + '\n');
};
const f2 = (x) => x.toFixed(2);

out(`caretaker bench — ${new Date().toISOString()} — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`);
out(`simulator: ${LATENCY_MS} ms latency, 429 (Retry-After: 1) above ${MAX_IN_FLIGHT} requests in flight`);
out();
out('| N | tool | requests | req/resource | 429s | wall (s) | CPU (s) | peak RSS (MB) | plan exit |');
out('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
// The machine is shared: caretaker's plan and the model run in turn, REPEAT times per size, and the
// ratio quoted is the median of the pairs (each pair a few seconds apart), with its range.
const repeatFor = (n) => Number(process.env.BENCH_REPEAT ?? (n <= 1000 ? 3 : 1));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ratios = [];
const breakdowns = [];
for (const n of SIZES) {
  const stack = await convergedStack(n);
  try {
    const { sim, dir } = stack;
    const ids = sim.state.resources.filter((x) => x.name.startsWith('benchcache')).map((x) => x.id);
    const pairs = [];
    for (let rep = 0; rep < repeatFor(n); rep++) {
      const since = sim.requests.length;
      const r = await cli(dir, sim, ['plan', '--detailed-exitcode']);
      const seen = sim.requests.slice(since).filter((e) => e.path.startsWith('/itcare/'));
      const throttled = seen.filter((e) => e.status === 429).length;
      out(`| ${n} | caretaker plan | ${seen.length} | ${f2(seen.length / n)} | ${throttled} | ${f2(r.ms / 1000)} | ${f2(r.cpuS)} | ${r.rssMb.toFixed(0)} | ${r.code} |`);
      if (rep === 0) breakdowns.push(`N=${n} caretaker: ${breakdown(seen)}`);
      if (r.code !== 0) out(`  (plan was not empty or failed: ${r.out.split('\n').slice(-3).join(' / ')})`);
      const s2 = sim.requests.length;
      const tf = await perResourceModel(sim, ids);
      const tfSeen = sim.requests.slice(s2).filter((e) => e.path.startsWith('/itcare/'));
      out(`| ${n} | per-resource model | ${tfSeen.length} | ${f2(tfSeen.length / n)} | ${tfSeen.filter((e) => e.status === 429).length} | ${f2(tf.ms / 1000)} | ${f2(tf.cpuS)} | — | — |`);
      pairs.push({ cli: r.ms, model: tf.ms });
    }
    const lib = await inProcessPlan(dir, sim);
    out(`| ${n} | caretaker plan (library, in process) | ${lib.requests} | ${f2(lib.requests / n)} | — | ${f2(lib.ms / 1000)} | — | — | ${lib.changes} changes |`);
    // What the CLI pays before its first request: start-up, reading and validating the manifests.
    const v = await cli(dir, sim, ['validate']);
    out(`| ${n} | caretaker validate (same manifests, no request) | 0 | — | — | ${f2(v.ms / 1000)} | ${f2(v.cpuS)} | ${v.rssMb.toFixed(0)} | ${v.code} |`);
    const each = pairs.map((x) => x.cli / x.model);
    ratios.push({ n, ratio: median(each), min: Math.min(...each), max: Math.max(...each), pairs: each.length, libRatio: lib.ms / median(pairs.map((x) => x.model)) });
  } finally {
    await stack.close();
  }
}
out();
out('| N | caretaker plan wall / per-resource wall (CLI process): median of the pairs (range) | same, plan as a library call |');
out('| ---: | ---: | ---: |');
for (const x of ratios) {
  const range = x.pairs > 1 ? ` (${f2(x.min)}–${f2(x.max)}, ${x.pairs} pairs)` : ' (1 pair)';
  out(`| ${x.n} | ${f2(x.ratio)}×${range} | ${f2(x.libRatio)}× |`);
}
out();
out('Per-endpoint breakdown (caretaker plan):');
for (const b of breakdowns) out(`- ${b}`);

// 1b. Beside the Redis rows: plan of a mixed estate of 1,000 (250 of each of issue 25's kinds), bench/mixed-estate.mjs.
await import('./mixed-estate.mjs');

// 2. Apply of 200 creates whose actions take 5 s (default poll intervals; request budget 32 in flight).
{
  const n = Number(process.env.BENCH_CREATES ?? 200);
  const dir = mkdtempSync(join(tmpdir(), 'caretaker-bench-'));
  const sim = await startSimulator({ actionMs: 5000, latencyMs: LATENCY_MS, maxInFlight: MAX_IN_FLIGHT });
  try {
    manifests(dir, n);
    const r = await cli(dir, sim, ['apply', '--auto-approve', '--parallelism', process.env.BENCH_APPLY_PARALLELISM ?? '100']);
    if (r.code !== 0) throw new Error(`apply failed:\n${r.out.slice(-2000)}`);
    const itc = sim.requests.filter((e) => e.path.startsWith('/itcare/'));
    const polls = itc.filter((e) => e.method === 'GET' && e.path.startsWith('/itcare/actions')).length;
    const actions = sim.state.actions.length;
    out();
    out(`| apply of ${n} creates (actions 5 s, --parallelism ${process.env.BENCH_APPLY_PARALLELISM ?? '100'}) | value |`);
    out('| --- | ---: |');
    out(`| wall time (s) | ${f2(r.ms / 1000)} |`);
    out(`| async actions tracked | ${actions} |`);
    out(`| action-poll requests | ${polls} |`);
    out(`| poll requests per action | ${(polls / actions).toFixed(3)} |`);
    out(`| poll requests per action per 10 s of action time | ${((polls / actions) * (10 / 5)).toFixed(3)} |`);
    out(`| API requests in all / 429s | ${itc.length} / ${itc.filter((e) => e.status === 429).length} |`);
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// 3. Pure diff + plan CPU of 10,000 resources (library call, no network), in its own process.
{
  const n = Number(process.env.BENCH_PLAN_RESOURCES ?? 10000);
  const res = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'plan-cpu.mjs'), String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`plan-cpu exited ${code}`))));
  });
  out();
  out(`| diff + plan of ${n} resources (no network) | value |`);
  out('| --- | ---: |');
  out(`| CPU (s) | ${f2(res.cpuS)} |`);
  out(`| wall (s) | ${f2(res.wallS)} |`);
  out(`| peak RSS of the process (MB) | ${res.rssMb.toFixed(0)} |`);
  out(`| changes planned (converged: 0) | ${res.changes} |`);
}

// Manifest parsing at scale (validate of 10,000 resources): bench/manifest-scale.mjs.
await import('./manifest-scale.mjs');

// Drift jobs: drift of 1,000 resources with 10 % drifted, and the fleet report of 200 stacks.
await import('./drift-jobs.mjs');
