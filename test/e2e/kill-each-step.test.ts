// Issue 12, item 1: the CLI is SIGKILLed during each step of the application example's edits (from
// scratch, then cluster, load-balancer, database and governance edits), after a different write of
// the step each time; ONE re-run must bring the live state to the manifests. "Equal" is checked
// twice: the next plan has no changes, and the sub-resources are counted in the simulator's state
// against the manifests (nodes, URLs, members, whitelist entries, tags, extensions), with exactly
// one live resource per name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';

const SECRETS = { SHOP_REDIS_PASSWORD: 'Shop#Redis2026', SHOP_PG_PASSWORD: 'Shop#Postgres26' };
const FILES = ['cluster.yaml', 'load-balancers.yaml', 'data.yaml', 'governance.yaml'] as const;
type File = (typeof FILES)[number];
type Doc = { kind: string; metadata: { name: string }; spec: Record<string, unknown> };

/** Each step: string edits of the example files (each must match), as in the application e2e test. */
const STEPS: Array<{ name: string; edits: Array<[File, string, string]> }> = [
  { name: 'from scratch', edits: [] },
  {
    name: 'cluster: grow a pool, upgrade, monitoring, tags',
    edits: [
      ['cluster.yaml', '{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 1 }', '{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 2 }'],
      ['cluster.yaml', 'version: "1.29"', 'version: "1.30"'],
      ['cluster.yaml', 'onCallSupervision: false', 'onCallSupervision: true'],
      ['cluster.yaml', 'tier: platform', 'tier: core'],
    ],
  },
  {
    name: 'cluster load balancer: a URL, monitoring, tags',
    edits: [
      ['load-balancers.yaml', '    - { name: api.shop.cegedim.cloud, monitoringEnabled: true, onCallSupervision: false }',
        '    - { name: api.shop.cegedim.cloud, monitoringEnabled: true, onCallSupervision: true }\n    - { name: static.shop.cegedim.cloud, monitoringEnabled: false }'],
      ['load-balancers.yaml', '  onCallSupervision: false\n  urls:', '  onCallSupervision: true\n  urls:'],
      ['load-balancers.yaml', '  tags:\n    app: shop\n---', '  tags:\n    app: shop\n    edge: "true"\n---'],
    ],
  },
  {
    name: 'VM load balancer: members and bot defense whitelist',
    edits: [
      ['load-balancers.yaml', '    - { name: PEB4APP02, port: 80, state: enabled }', '    - { name: PEB4APP02, port: 8080, state: disabled }\n    - { id: 500057033, port: 80 }'],
      ['load-balancers.yaml', '    template: standard', '    template: strict'],
      ['load-balancers.yaml', '    whitelist: [10.0.3.40]', '    whitelist: [10.0.3.41, 10.0.3.42]'],
    ],
  },
  {
    name: 'databases and governance: resize, extensions, tags, patch group',
    edits: [
      ['data.yaml', '  nodeSizing: 2cpu4gb\n  diskSize: 40', '  nodeSizing: 4cpu8gb\n  diskSize: 40'],
      ['data.yaml', 'shopdb: [pgcrypto, uuid-ossp]', 'shopdb: [pgcrypto, uuid-ossp, hstore]'],
      ['data.yaml', '  tags:\n    app: shop\nlifecycle:', '  tags:\n    app: shop\n    data: orders\nlifecycle:'],
      ['governance.yaml', '    owner: team-backoffice', '    owner: team-shop'],
      ['governance.yaml', '      patchGroup: "2"', '      patchGroup: "3"'],
    ],
  },
  {
    name: 'cluster: shrink the pool, drop a URL',
    edits: [
      ['cluster.yaml', '{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 2 }', '{ az: EB-QA-A, nodeSizing: 4cpu16gb, count: 1 }'],
      ['load-balancers.yaml', '\n    - { name: static.shop.cegedim.cloud, monitoringEnabled: false }', ''],
    ],
  },
];

describe('SIGKILL at each step of the application example, then one re-run', () => {
  let h: Harness;
  const text = Object.fromEntries(FILES.map((f) => [f, readFileSync(join(ROOT, 'examples', 'application', f), 'utf8')])) as Record<File, string>;

  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, fixture: 'examples/application', sim: { actionMs: 250 } });
  });
  afterAll(async () => h?.close());

  const docs = (): Doc[] => FILES.flatMap((f) => parseAllDocuments(text[f]).map((d) => d.toJS() as Doc));
  const live = (name: string) => {
    const found = h.sim.state.resources.filter((r) => r.name === name);
    expect(found, `exactly one live resource named ${name}`).toHaveLength(1);
    return found[0]!;
  };
  const tagsOf = (r: { tags: Array<{ tagKey: string; tagValue: string }> }) =>
    Object.fromEntries(r.tags.filter((t) => t.tagKey !== 'caretaker-stack').map((t) => [t.tagKey, t.tagValue]));

  /** The simulator's state against the manifests, counted per sub-resource. */
  function expectLiveEqualsManifests(): void {
    for (const d of docs()) {
      const s = d.spec;
      if (d.kind === 'Tags') {
        const target = live((s.resource as { name: string }).name);
        expect(tagsOf(target)).toMatchObject(s.tags as Record<string, string>);
        continue;
      }
      if (d.kind === 'PatchPolicy') continue; // checked by the plan (no sub-resource to count)
      const r = live(d.metadata.name);
      expect(tagsOf(r), `${d.kind}/${d.metadata.name} tags`).toEqual(s.tags);
      const attrs = r.attrs as Record<string, unknown[] | undefined>;
      if (d.kind === 'KubernetesCluster') {
        const want = (s.nodePools as Array<{ count: number }>).reduce((n, p) => n + p.count, 0);
        expect(attrs.nodes?.length, 'nodes').toBe(want);
      }
      if (d.kind === 'LoadBalancer') {
        if (s.urls) expect(attrs.urls?.length, `${d.metadata.name} URLs`).toBe(1 + (s.urls as unknown[]).length);
        if (s.members) expect(attrs.members?.length ?? 0, `${d.metadata.name} members`).toBe((s.members as unknown[]).length);
        const bot = s.botDefense as { enabled: boolean; whitelist?: string[] } | undefined;
        if (bot) expect([...(attrs.whiteList ?? [])].sort(), `${d.metadata.name} whitelist`).toEqual(bot.enabled ? [...(bot.whitelist ?? [])].sort() : []);
      }
      if (d.kind === 'PostgreSQL') {
        const dbs = (attrs.databases ?? []) as Array<{ name: string; extensions: Array<{ name: string }> }>;
        for (const [db, exts] of Object.entries(s.extensions as Record<string, string[]>)) {
          expect(dbs.find((x) => x.name === db)?.extensions.map((e) => e.name).sort(), `${db} extensions`).toEqual([...exts].sort());
        }
      }
    }
  }

  let kills = 0;
  for (const [i, step] of STEPS.entries()) {
    it(`step ${i} (${step.name}): killed after write ${1 + (i % 3)}, one re-run converges`, async () => {
      for (const [file, from, to] of step.edits) {
        if (!text[file].includes(from)) throw new Error(`fixture edit: "${from}" not found in ${file}`);
        text[file] = text[file].replace(from, to);
        h.write(file, text[file]);
      }
      // Kill after the 1st, 2nd or 3rd accepted write of this step (fixed, by step).
      const killAfter = 1 + (i % 3);
      const since = h.sim.requests.length;
      let proc: ChildProcess | undefined;
      let killed = false;
      const accepted = () => h.sim.requests.slice(since)
        .filter((q) => q.path.startsWith('/itcare/') && q.method !== 'GET' && q.status >= 200 && q.status < 300).length;
      const run = h.run(['apply', '--auto-approve'], { onSpawn: (c) => (proc = c) });
      const watch = setInterval(() => {
        if (!killed && accepted() >= killAfter) {
          killed = true;
          proc?.kill('SIGKILL');
        }
      }, 5);
      const first = await run;
      clearInterval(watch);
      if (killed) kills++;
      else expect(first.code, `${step.name}: ${first.stdout}${first.stderr}`).toBe(0);
      const rerun = await h.run(['apply', '--auto-approve']);
      expect(rerun.code, `${step.name} (re-run): ${rerun.stdout}${rerun.stderr}`).toBe(0);
      const plan = await h.run(['plan', '--detailed-exitcode']);
      expect(plan.stdout, `${step.name}: plan after the re-run`).toContain('No changes.');
      expect(plan.code).toBe(0);
      expectLiveEqualsManifests();
      // Deletions only of what the step removes (a node, a URL, a member, a tag), never a whole resource.
      const deletes = h.writes(since).filter((w) => w.method === 'DELETE');
      for (const d of deletes) expect(d.path, step.name).toMatch(/\/(urls|nodes|members)\/|\/tags$/);
    });
  }

  it('the kills landed mid-apply', () => {
    expect(kills).toBeGreaterThanOrEqual(STEPS.length - 1);
  });
});
