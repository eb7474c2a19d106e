// The fault suite (issue 12 item 7): the real CLI against the simulator on the application example
// (a cluster, two load balancers, Redis, PostgreSQL, tags and a patch policy) under injected faults,
// SIGKILLs at seeded points and two concurrent applies. Every round must end converged within a
// bounded number of applies, with zero duplicate resources or sub-resources (nodes, URLs, members,
// whitelist entries, tags, extensions) and zero deletions outside the plan, counted from the
// simulator's state and request log. Seeds are fixed; actions are short; the file is bounded in time.
// Figures of each round are printed (and written down in docs/reliability.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';
import { changesOf, parseStream } from '../support/stream.js';
import { clearFaults, createRng, type FaultControls } from '../../src/simulator/faults.js';

const SECRETS = { SHOP_REDIS_PASSWORD: 'Shop#Redis2026', SHOP_PG_PASSWORD: 'Shop#Postgres26' };
const NAMES = ['shop-k8s', 'shop.cegedim.cloud', 'backoffice.shop.cegedim.cloud', 'shopcache', 'shopdb'];
/** Applies allowed per phase before the round counts as not converging. */
const MAX_APPLIES = 6;
/** One round, on a loaded 2-core machine. */
const ROUND_TIMEOUT_MS = 150_000;
const example = (f: string) => readFileSync(join(ROOT, 'examples', 'application', f), 'utf8');

/** The sub-resources a converged estate must have, per phase. */
interface Expected {
  nodes: number;
  urls: string[];
  whitelist: string[];
}
const SCRATCH: Expected = { nodes: 3, urls: ['api.shop.cegedim.cloud', 'shop.cegedim.cloud'], whitelist: ['10.0.3.40'] };
const EDITED: Expected = { nodes: 4, urls: ['api.shop.cegedim.cloud', 'shop.cegedim.cloud', 'static.shop.cegedim.cloud'], whitelist: ['10.0.3.40', '10.0.3.41'] };

/** Edits that only add (a node, a URL, a whitelist entry) or change (a tag): the plan deletes nothing. */
function writeEdits(h: Harness): void {
  h.write('cluster.yaml', example('cluster.yaml')
    .replace('{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 1 }', '{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 2 }')
    .replace('tier: platform', 'tier: core'));
  h.write('load-balancers.yaml', example('load-balancers.yaml')
    .replace('    - { name: api.shop.cegedim.cloud, monitoringEnabled: true, onCallSupervision: false }',
      '    - { name: api.shop.cegedim.cloud, monitoringEnabled: true, onCallSupervision: false }\n    - { name: static.shop.cegedim.cloud, monitoringEnabled: false }')
    .replace('    whitelist: [10.0.3.40]', '    whitelist: [10.0.3.40, 10.0.3.41]'));
}

interface Figures {
  round: string;
  applies: number;
  failedApplies: number;
  faults: Record<string, number>;
  kills: number;
  duplicates: number;
  unplannedDeletions: number;
}

const figures: Figures[] = [];

/** Duplicates found in the simulator's state: resources by name, nodes, URLs, members, whitelist, tags, extensions. */
function duplicates(h: Harness, want: Expected): string[] {
  const found: string[] = [];
  const res = h.sim.state.resources;
  for (const name of NAMES) {
    const n = res.filter((r) => r.name === name).length;
    if (n !== 1) found.push(`${n} resources named ${name}`);
  }
  const dup = (what: string, list: string[]) => {
    const seen = new Set<string>();
    for (const x of list) {
      if (seen.has(x)) found.push(`${what}: ${x} twice`);
      seen.add(x);
    }
  };
  for (const r of res) dup(`tags of ${r.name}`, (r.tags ?? []).map((t) => t.tagKey));
  const attrs = (name: string) => res.find((r) => r.name === name)?.attrs as Record<string, any> | undefined;
  const nodes = (attrs('shop-k8s')?.nodes ?? []) as Array<{ name: string }>;
  if (nodes.length > want.nodes) found.push(`${nodes.length} nodes instead of ${want.nodes}`);
  dup('nodes', nodes.map((n) => n.name));
  const urls = ((attrs('shop.cegedim.cloud')?.urls ?? []) as Array<{ name: string }>).map((u) => u.name);
  dup('urls', urls);
  const back = attrs('backoffice.shop.cegedim.cloud');
  dup('members', ((back?.members ?? []) as Array<{ name: string }>).map((m) => m.name));
  dup('whitelist', (back?.whiteList ?? []) as string[]);
  for (const db of (attrs('shopdb')?.databases ?? []) as Array<{ name: string; extensions: Array<{ name: string }> }>) {
    dup(`extensions of ${db.name}`, db.extensions.map((e) => e.name));
  }
  return found;
}

/** The converged estate has exactly the wanted sub-resources (so a missing one is caught too). */
function expectShape(h: Harness, want: Expected): void {
  const attrs = (name: string) => h.sim.state.resources.find((r) => r.name === name)?.attrs as Record<string, any>;
  expect(attrs('shop-k8s').nodes).toHaveLength(want.nodes);
  expect(((attrs('shop.cegedim.cloud').urls as Array<{ name: string }>).map((u) => u.name)).sort()).toEqual(want.urls);
  expect([...(attrs('backoffice.shop.cegedim.cloud').whiteList as string[])].sort()).toEqual(want.whitelist);
  expect(attrs('backoffice.shop.cegedim.cloud').members).toHaveLength(2);
  expect((attrs('shopdb').databases as Array<{ extensions: unknown[] }>)[0]!.extensions).toHaveLength(2);
}

/** What the plan of a phase deletes: DELETE paths, and the names of resources with a deleting operation. */
interface Planned {
  paths: Set<string>;
  names: Set<string>;
  /** Every call of the plan whose path is known (no id placeholder). */
  calls: Array<{ method: string; path: string }>;
}

/** The phase's plan, read with the faults off before the phase starts (`plan --json`). */
async function plannedDeletions(h: Harness): Promise<Planned> {
  const r = await h.run(['plan', '--json']);
  expect(r.code, r.stderr).toBe(0);
  // `plan --json` is the machine-readable stream: one planned_change line per change.
  const changes = changesOf(parseStream(r.stdout)) as Array<{ address: string; operations: Array<{ method: string; path: string; body?: { operation?: string } }> }>;
  const planned: Planned = { paths: new Set(), names: new Set(), calls: [] };
  for (const c of changes) {
    for (const o of c.operations) {
      if (!o.path.includes('${ref:')) planned.calls.push({ method: o.method, path: o.path });
      if (o.method === 'DELETE') planned.paths.add(o.path);
      if (o.method === 'DELETE' || /delet|remov|terminat/i.test(o.body?.operation ?? '')) planned.names.add(c.address.slice(c.address.indexOf('/') + 1));
    }
  }
  return planned;
}

/**
 * Deletions the simulator processed since `since` (DELETE requests, and actions that delete or
 * remove something) that the phase's plan does not contain.
 */
function deletionsOutside(h: Harness, since: { requests: number; actions: number }, planned: Planned): string[] {
  const requests = h.sim.requests.slice(since.requests)
    .filter((q) => q.path.startsWith('/itcare/') && q.method === 'DELETE' && q.status > 0 && q.status < 400 && !planned.paths.has(q.path))
    .map((q) => `${q.method} ${q.path}`);
  const actions = h.sim.state.actions.slice(since.actions)
    .filter((a) => /delet|remov|terminat/i.test(a.operation) && !planned.names.has(a.resourceName))
    .map((a) => `${a.operation} ${a.resourceName}`);
  return [...requests, ...actions];
}

/** Faults the simulator injected, by kind, from its request log and its actions. */
function injected(h: Harness, baseActionMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of h.sim.requests) if (q.fault && q.fault !== 'throttled') out[q.fault] = (out[q.fault] ?? 0) + 1;
  const failed = h.sim.state.actions.filter((a) => a.failWith !== undefined).length;
  if (failed > 0) out['failed-action'] = failed;
  const slow = h.sim.state.actions.filter((a) => a.dueAt - Date.parse(a.submittedAt) > baseActionMs + 500).length;
  if (slow > 0) out['slow-action'] = slow;
  return out;
}

interface Phase {
  applies: number;
  failedApplies: number;
}

/**
 * Applies until one apply exits 0 (at most MAX_APPLIES), then, with the faults off, the plan must
 * say "No changes." `between` runs after each failed apply (e.g. turning action failures off).
 */
async function converge(h: Harness, between?: (attempt: number) => void): Promise<Phase> {
  let applies = 0;
  let failedApplies = 0;
  let last = '';
  for (;;) {
    applies++;
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.stdout + r.stderr).not.toMatch(/Internal error|\n\s+at /);
    if (r.code === 0) break;
    failedApplies++;
    last = r.stdout.slice(-1500) + r.stderr;
    expect(applies, `no convergence within ${MAX_APPLIES} applies; last run:\n${last}`).toBeLessThan(MAX_APPLIES);
    between?.(applies);
  }
  clearFaults(h.sim.faults, 0);
  const plan = await h.run(['plan', '--detailed-exitcode']);
  expect(plan.stdout, plan.stdout.slice(-2000) + plan.stderr).toContain('No changes.');
  expect(plan.code).toBe(0);
  return { applies, failedApplies };
}

/** Starts an apply and SIGKILLs it right after the simulator received its `nthWrite` write (plus `delayMs`). */
async function killedApply(h: Harness, nthWrite: number, delayMs: number): Promise<boolean> {
  let child: ChildProcess | undefined;
  const since = h.sim.requests.length;
  const done = h.run(['apply', '--auto-approve'], { onSpawn: (c) => (child = c) });
  let finished = false;
  void done.then(() => (finished = true), () => (finished = true));
  while (!finished && h.writes(since).length < nthWrite) await new Promise((r) => setTimeout(r, 5));
  if (!finished) {
    await new Promise((r) => setTimeout(r, delayMs));
    if (!finished) child!.kill('SIGKILL');
  }
  const r = await done;
  return r.code === -1;
}

async function round(
  name: string, seed: number, faults: Partial<FaultControls>,
  opts: { edits?: boolean; firstApplyOnly?: Partial<FaultControls>; kills?: number; concurrent?: boolean; loseEveryEditAnswer?: boolean } = {},
): Promise<Harness> {
  const actionMs = 40;
  const h = await harness({ secrets: SECRETS, fixture: 'examples/application', sim: { actionMs, seed } });
  const rng = createRng(seed * 7919);
  const result: Figures = { round: name, applies: 0, failedApplies: 0, faults: {}, kills: 0, duplicates: 0, unplannedDeletions: 0 };
  const dels: string[] = [];
  const phase = async (want: Expected) => {
    const planned = await plannedDeletions(h);
    const since = { requests: h.sim.requests.length, actions: h.sim.state.actions.length };
    Object.assign(h.sim.faults, faults, opts.firstApplyOnly ?? {});
    // Every call of the edit plan is processed once with its answer lost (node add, URL add, whitelist, tags).
    if (opts.loseEveryEditAnswer && want === EDITED) h.sim.faults.dropMatching = planned.calls.map((c) => ({ ...c }));
    for (let k = 0; k < (opts.kills ?? 0); k++) {
      // Seeded kill points: after the 1st..12th write of the first run from scratch, then 0..250 ms.
      // (A re-run after a kill has less left to do: its kill comes within its first 3 writes.)
      const writes = want === SCRATCH && k === 0 ? 12 : 3;
      if (await killedApply(h, 1 + Math.floor(rng() * writes), Math.floor(rng() * 250))) result.kills++;
      result.applies++;
    }
    if (opts.concurrent) {
      const [a, b] = await Promise.all([h.run(['apply', '--auto-approve']), h.run(['apply', '--auto-approve'])]);
      for (const r of [a, b]) expect(r.stdout + r.stderr).not.toMatch(/Internal error|\n\s+at /);
      result.applies += 2;
      result.failedApplies += [a, b].filter((r) => r.code !== 0).length;
    }
    // Faults of the first apply only (failing actions) are off for the re-runs; the others stay on.
    const off = Object.fromEntries(Object.keys(opts.firstApplyOnly ?? {}).map((k) => [k, 0]));
    const p = await converge(h, () => Object.assign(h.sim.faults, off));
    result.applies += p.applies;
    result.failedApplies += p.failedApplies;
    dels.push(...deletionsOutside(h, since, planned));
    const dups = duplicates(h, want);
    expect(dups, `duplicates after ${name}`).toEqual([]);
    expectShape(h, want);
  };
  await phase(SCRATCH);
  if (opts.edits) {
    writeEdits(h);
    await phase(EDITED);
  }
  result.duplicates = duplicates(h, opts.edits ? EDITED : SCRATCH).length;
  result.unplannedDeletions = dels.length;
  result.faults = injected(h, actionMs);
  figures.push(result);
  console.log(`fault suite: ${JSON.stringify(result)}`);
  expect(dels, `deletions outside the plan in ${name}: ${JSON.stringify(dels)}`).toEqual([]);
  return h;
}

describe('fault suite: the application example under faults, kills and concurrent runs', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('20 % of requests answer 5xx', async () => {
    h = await round('20% 5xx', 11, { faultRate: 0.2 });
    expect(figures.at(-1)!.faults['random-5xx']).toBeGreaterThan(0);
  }, ROUND_TIMEOUT_MS);

  it('429 bursts', async () => {
    h = await round('429 bursts', 12, { rate429: 0.08, burst429: 3, retryAfterSeconds: 0 });
    expect(figures.at(-1)!.faults['burst-429']).toBeGreaterThanOrEqual(3);
  }, ROUND_TIMEOUT_MS);

  it('connection resets', async () => {
    h = await round('resets', 13, { resetRate: 0.1 });
    expect(figures.at(-1)!.faults.reset).toBeGreaterThan(0);
  }, ROUND_TIMEOUT_MS);

  it('answers lost after processing (creates and updates), from scratch and through edits', async () => {
    h = await round('lost answers', 14, { dropRate: 0.2 }, { edits: true });
    expect(figures.at(-1)!.faults.dropped).toBeGreaterThan(0);
  }, ROUND_TIMEOUT_MS);

  it('the answer of every edit call lost once (node add, URL add, whitelist entry, tags)', async () => {
    h = await round('every edit answer lost', 19, {}, { edits: true, loseEveryEditAnswer: true });
    expect(figures.at(-1)!.faults.dropped).toBeGreaterThanOrEqual(4);
  }, ROUND_TIMEOUT_MS);

  it('failing actions (first apply) and slow actions', async () => {
    h = await round('failing and slow actions', 15, { slowActionMs: 1200, slowActionRate: 0.3 }, { firstApplyOnly: { failActionRate: 0.25 } });
    expect(figures.at(-1)!.faults['failed-action']).toBeGreaterThan(0);
    expect(figures.at(-1)!.faults['slow-action']).toBeGreaterThan(0);
  }, ROUND_TIMEOUT_MS);

  it('SIGKILL at seeded points, from scratch and through edits', async () => {
    h = await round('SIGKILL', 16, { slowActionMs: 300 }, { kills: 3, edits: true });
    expect(figures.at(-1)!.kills).toBeGreaterThan(0);
  }, ROUND_TIMEOUT_MS);

  it('two concurrent applies, from scratch and through edits, under 5 % 5xx', async () => {
    h = await round('two concurrent applies', 17, { faultRate: 0.05 }, { concurrent: true, edits: true });
  }, ROUND_TIMEOUT_MS);

  it('everything at once with edits: 10 % 5xx, 429 bursts, resets, lost answers, slow actions', async () => {
    h = await round('mixed', 18, { faultRate: 0.1, rate429: 0.03, burst429: 3, retryAfterSeconds: 0, resetRate: 0.05, dropRate: 0.1, slowActionMs: 800, slowActionRate: 0.2 }, { edits: true });
    console.log(`fault suite totals: ${JSON.stringify(totals())}`);
  }, ROUND_TIMEOUT_MS);
});

function totals() {
  const faults: Record<string, number> = {};
  for (const f of figures) for (const [k, v] of Object.entries(f.faults)) faults[k] = (faults[k] ?? 0) + v;
  return {
    rounds: figures.length, applies: figures.reduce((n, f) => n + f.applies, 0), kills: figures.reduce((n, f) => n + f.kills, 0),
    faults, duplicates: figures.reduce((n, f) => n + f.duplicates, 0), unplannedDeletions: figures.reduce((n, f) => n + f.unplannedDeletions, 0),
  };
}
