// examples/estate/, read whole, through the real CLI against the simulator: one document per ITCare kind
// (whatever kinds the folder holds), valid offline, created in one apply in dependency order (the VM
// before the load balancer that has it as a member), then a plan with no change, then one destroy (the
// load balancer before its member VM, the VM stopped before its DELETE; the VM nobody manages kept).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, ROOT, type Harness } from '../support/cli.js';
import { changesOf, parseStream } from '../support/stream.js';

const DIR = join(ROOT, 'examples', 'estate');
const texts = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(join(DIR, f), 'utf8'));
const kinds = texts.flatMap((t) => [...t.matchAll(/^kind: (\S+)$/gm)].map((m) => m[1]!)).filter((k) => k !== 'Stack');

/** A password every documented rule accepts (12-20 characters, each class, a special of every set), per variable. */
const secrets = Object.fromEntries(
  [...new Set(texts.flatMap((t) => [...t.matchAll(/\$\{env:([A-Z0-9_]+)\}/g)].map((m) => m[1]!)))]
    .map((v, i) => [v, `Estate#${String(i).padStart(2, '0')}Pw${v.length}x`]),
);

describe('examples/estate: one document per ITCare kind', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ fixture: 'examples/estate', secrets, sim: { actionMs: 20 } });
  });
  afterAll(async () => h?.close());

  it('holds one document of each kind, at least the ten ITCare kinds of issue 25', () => {
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const k of ['Redis', 'PostgreSQL', 'KubernetesCluster', 'LoadBalancer', 'Tags', 'PatchPolicy', 'VirtualMachine', 'MariaDB', 'SQLServer', 'OpenSearch']) {
      expect(kinds).toContain(k);
    }
  });

  it('validates without a request', async () => {
    const r = await h.run(['validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(h.sim.requests).toEqual([]);
  });

  it('creates the whole estate in one apply, a member VM before its load balancer, and converges', async () => {
    const plan = changesOf(parseStream((await h.run(['plan', '--json'])).stdout)) as Array<{ address: string; action: string; dependsOn: string[] }>;
    const lb = plan.find((c) => c.address.startsWith('LoadBalancer/'))!;
    expect(lb.dependsOn.some((d) => d.startsWith('VirtualMachine/'))).toBe(true);
    const r = await h.run(['apply', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Apply complete: ${kinds.length} succeeded, 0 failed, 0 skipped`);
    const again = await h.run(['plan', '--detailed-exitcode']);
    expect(again.stdout).toContain(`No changes. The live state matches the manifests (${kinds.length} resources).`);
    expect(again.code).toBe(0);
  });

  it('destroys the whole estate in one run once preventDestroy is lifted, in reverse dependency order', async () => {
    const refused = await h.run(['destroy', '--auto-approve']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('preventDestroy');
    h.write('postgresql.yaml', readFileSync(join(DIR, 'postgresql.yaml'), 'utf8').replace('lifecycle:\n  preventDestroy: true\n', ''));
    const since = h.sim.requests.length;
    const r = await h.run(['destroy', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const writes = h.writes(since).map((w) => `${w.method} ${w.path.replace(/\d+/g, 'N')}`);
    expect(writes.indexOf('DELETE /itcare/networking/loadbalancers/N')).toBeLessThan(writes.indexOf('DELETE /itcare/compute/instances/N'));
    expect(writes.indexOf('PATCH /itcare/compute/instances/N')).toBeLessThan(writes.indexOf('DELETE /itcare/compute/instances/N'));
    const names = h.sim.state.resources.map((x) => x.name);
    for (const gone of ['estate-k8s', 'estate.cegedim.cloud', 'estate-maria', 'estate-search', 'estatedb', 'estatecache', 'estatesql01', 'PEB4EST01']) {
      expect(names).not.toContain(gone);
    }
    expect(names).toContain('PEB4APP01');
    const after = await h.run(['plan', '--destroy', '--detailed-exitcode']);
    expect(after.code).toBe(0);
  });
});
