// Manifests the benchmarks read: one Stack and N Redis with every required create field (ITCARE-API §4)
// plus the managed fields a real stack sets, and the timed CLI run. Shared by the bench scripts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
export const SERVICE = 46922;

export const STACK_YAML = `apiVersion: caretaker/v1
kind: Stack
metadata: { name: bench }
spec:
  defaults: { serviceId: ${SERVICE}, region: EB, area: EB-QA, networkId: 1234511 }
`;

export const benchName = (i) => `benchcache${String(i).padStart(5, '0')}`;

/** The i-th Redis document; `admPassword` and the `tags` flow map are written as given. */
export function redisYaml(i, { admPassword, tags }) {
  return `apiVersion: caretaker/v1
kind: Redis
metadata: { name: ${benchName(i)} }
spec:
  nodeSizing: 2cpu4gb
  diskSize: 40
  redisVersion: "7.2"
  instanceCount: 1
  persistenceMode: PERSISTENT
  admPassword: ${admPassword}
  monitoringEnabled: true
  tags: ${tags}
`;
}

/** The built CLI the benches run, and the password their manifests interpolate (never in any output). */
export const CLI = join(fileURLToPath(new URL('..', import.meta.url)), 'dist', 'cli', 'main.js');
export const PASSWORD = 'Bench#Passw0rd1';

/** Runs the CLI under /usr/bin/time: wall, CPU (user + sys) and peak RSS of the caretaker process. */
export function timedCli(dir, sim, args, env = {}) {
  return new Promise((resolve, reject) => {
    const timeFile = join(dir, '.time');
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, process.execPath, CLI, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, NO_COLOR: '1', BENCH_PASSWORD: PASSWORD, ITCARE_ENDPOINT: sim.url, ITCARE_TOKEN: 'sim-token', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (out.includes(PASSWORD)) return reject(new Error('secret leaked in benchmark output'));
      const [user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
      resolve({ code, out, ms, cpuS: user + sys, rssMb: rssKb / 1024 });
    });
  });
}
