#!/usr/bin/env node
// npm run quickstart: validate, plan, apply and plan again on examples/quickstart against the
// embedded simulator (no credentials). Starts from a fresh simulator state every time.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'examples', 'quickstart');
const cli = join(root, 'dist', 'cli', 'main.js');
// Demo passwords for the simulator only; real stacks read them from CI secrets the same way.
const env = {
  ...process.env,
  ORDERS_REDIS_PASSWORD: process.env.ORDERS_REDIS_PASSWORD ?? 'Quickstart#Redis1',
  ORDERS_PG_PASSWORD: process.env.ORDERS_PG_PASSWORD ?? 'Quickstart#Pg2026',
};
rmSync(join(dir, '.caretaker'), { recursive: true, force: true });
// Bold step titles only on a terminal and when NO_COLOR is unset (https://no-color.org).
const styled = process.stdout.isTTY === true && !process.env.NO_COLOR;
const bold = (s) => (styled ? `\x1b[1m${s}\x1b[0m` : s);

function step(title, args, expected = [0]) {
  process.stdout.write(`\n${bold(`$ caretaker ${args.join(' ')}`)}   # ${title}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, env, stdio: 'inherit' });
  if (!expected.includes(r.status)) {
    process.stderr.write(`\nquickstart: "caretaker ${args.join(' ')}" exited ${r.status}, expected ${expected.join(' or ')}\n`);
    process.exit(1);
  }
}

step('check the manifests (no network)', ['validate']);
step('what would change', ['plan', '--simulator']);
step('make it so', ['apply', '--simulator', '--auto-approve']);
step('converged: nothing left to do', ['plan', '--simulator', '--detailed-exitcode']);
process.stdout.write('\nQuickstart complete: the second plan shows no changes.\n');
