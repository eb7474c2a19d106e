#!/usr/bin/env node
// Manifest parsing at scale (the safety issue's item 8): `caretaker validate` of a 10,000-resource
// manifest set (one file per resource, and the same set in one multi-document file), whole process:
// wall time, CPU time and peak RSS. Also a 40,000-key YAML map, the input that was quadratic before.
// No network: validate never calls the API.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redisYaml, STACK_YAML } from './fixtures.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const N = Number(process.env.BENCH_MANIFEST_RESOURCES ?? 10_000);
const STACK = STACK_YAML;
const redis = (i) => redisYaml(i, { admPassword: 'Bench#Passw0rd1', tags: '{ app: bench, team: perf }' });

function measure(label, dir) {
  // /usr/bin/time is not everywhere: the child reports its own peak RSS and CPU through a preload hook.
  const hook = join(dir, '..', `${label.replace(/\W/g, '')}-hook.cjs`);
  writeFileSync(hook, "process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeSync(2, `\\nBENCH ${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}\\n`); });");
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', hook, CLI, 'validate', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
  const wall = performance.now() - t0;
  const m = /BENCH (\d+) (\d+)/.exec(r.stderr);
  const ok = r.status === 0 ? 'ok' : `exit ${r.status}: ${r.stderr.split('\n')[0]}`;
  console.log(`${label.padEnd(44)} ${(wall / 1000).toFixed(2).padStart(7)} s wall  ${(Number(m?.[2] ?? 0) / 1e6).toFixed(2).padStart(7)} s CPU  ${(Number(m?.[1] ?? 0) / 1024).toFixed(0).padStart(5)} MB peak RSS  ${ok}`);
}

const base = mkdtempSync(join(tmpdir(), 'caretaker-bench-manifests-'));
try {
  console.log(`\nManifest parsing (validate, whole process, ${N} Redis resources)`);
  const many = join(base, 'many');
  const one = join(base, 'one');
  const keys = join(base, 'keys');
  for (const d of [many, one, keys]) spawnSync('mkdir', ['-p', d]);
  writeFileSync(join(many, 'stack.yaml'), STACK);
  for (let i = 0; i < N; i++) writeFileSync(join(many, `redis-${i}.yaml`), redis(i));
  writeFileSync(join(one, 'all.yaml'), [STACK, ...Array.from({ length: N }, (_, i) => redis(i))].join('---\n'));
  writeFileSync(join(keys, 'stack.yaml'), STACK);
  const tags = Array.from({ length: 40_000 }, (_, i) => `    k${i}: v${i}`).join('\n');
  writeFileSync(join(keys, 'big.yaml'), redis(0).replace('  tags: { app: bench, team: perf }\n', `  tags:\n${tags}\n`));
  measure(`${N} files, one resource each`, many);
  measure(`1 file, ${N + 1} documents`, one);
  measure('1 resource with a 40,000-key tag map', keys);
} finally {
  rmSync(base, { recursive: true, force: true });
}
