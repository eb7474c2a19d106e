#!/usr/bin/env node
// Pure diff + plan cost (no network): N Redis manifests loaded once, then `plan()` over a provider
// whose observeAll answers prepared, converged observations at once. Prints JSON: CPU and wall seconds
// of the plan call, peak RSS of this process, changes planned.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { loadManifests, plan } = await import(join(ROOT, 'dist', 'index.js'));
const n = Number(process.argv[2] ?? 10000);
const dir = mkdtempSync(join(tmpdir(), 'caretaker-plancpu-'));
const name = (i) => `benchcache${String(i).padStart(5, '0')}`;
writeFileSync(join(dir, 'stack.yaml'), 'apiVersion: caretaker/v1\nkind: Stack\nmetadata: { name: bench }\nspec:\n  defaults: { serviceId: 46922, region: EB, area: EB-QA, networkId: 1234511 }\n');
const docs = [];
for (let i = 0; i < n; i++) {
  docs.push(`apiVersion: caretaker/v1\nkind: Redis\nmetadata: { name: ${name(i)} }\nspec:\n  nodeSizing: 2cpu4gb\n  diskSize: 40\n  redisVersion: "7.2"\n  instanceCount: 1\n  persistenceMode: PERSISTENT\n  admPassword: \${env:BENCH_PASSWORD}\n  monitoringEnabled: true\n  tags: { app: bench }\n`);
}
writeFileSync(join(dir, 'redis.yaml'), docs.join('---\n'));
const { set, registry } = await loadManifests([dir], { cwd: dir, env: { BENCH_PASSWORD: 'Bench#Passw0rd1' } });
rmSync(dir, { recursive: true, force: true });

// What the ITCare Redis observe returns for a converged resource of this spec (write-only fields absent).
const live = (i) => ({
  exists: true, id: 1000 + i, owner: 'bench',
  spec: {
    serviceId: 46922, nodeSizing: '2cpu4gb', redisVersion: '7.2', instanceCount: 1, persistenceMode: 'PERSISTENT',
    region: 'EB', area: 'EB-QA', diskSize: 40, networkId: 1234511, monitoringEnabled: true, state: 'running', tags: { app: 'bench' },
  },
});
const { createItcareProvider } = await import(join(ROOT, 'dist', 'providers', 'itcare', 'index.js'));
const real = createItcareProvider({ http: { request: async () => { throw new Error('no network in this bench'); }, paginate: () => { throw new Error('no network'); }, requestCount: 0, close: async () => {} } });
const index = new Map(set.resources.map((r, i) => [r.address, i]));
const provider = {
  ...real,
  handler(kind) {
    const h = real.handler(kind);
    // plan also lists owned resources (to report owned ones the manifests no longer name): none here.
    return h && { ...h, observeAll: async (desired) => new Map(desired.map((d) => [d.address, live(index.get(d.address))])), listOwned: async () => [] };
  },
};
const providers = new Map([['itcare', provider]]);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const p = await plan(set, registry, { providers });
const wallS = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const changes = p.changes.filter((c) => c.action !== 'no-op' && c.action !== 'noop').length;
process.stdout.write(JSON.stringify({ cpuS: (cpu.user + cpu.system) / 1e6, wallS, rssMb: process.resourceUsage().maxRSS / 1024, changes, resources: n }));
