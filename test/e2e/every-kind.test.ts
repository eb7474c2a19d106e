// Issue 26's "done when": a service holding one of every ITCare kind (examples/estate whole, one document
// per kind since issue 25) is applied, exported, the export plans no change, and it is destroyed cleanly.
// Through the CLI against the simulator; every output is grepped for the passwords.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT, harness, type Harness } from '../support/cli.js';

const SECRETS: Record<string, string> = {
  ESTATE_RABBITMQ_PASSWORD: 'Every#Mq-2026', ESTATE_KAFKA_PASSWORD: 'Every#Kafka-26', ESTATE_GLUSTERFS_PASSWORD: 'Every#Files-26',
  ESTATE_GLUSTERFS_REPORTS_PASSWORD: 'Every#Vol-2026', ESTATE_OVERDRIVE_PASSWORD: 'Every#Drive-26', ESTATE_MATOMO_PASSWORD: 'Every#Stats-26',
  ESTATE_REDIS_PASSWORD: 'Every#Redis-26', ESTATE_PG_PASSWORD: 'Every#Postgres26', ESTATE_MARIADB_PASSWORD: 'Every#Maria-2026',
  ESTATE_SEARCH_PASSWORD: 'Every#Search-26', ESTATE_SQL_PASSWORD: 'Every#Sql-2026x',
};
/** A valid password for a secret of an exported resource the manifests do not hold (a seeded one). */
const OTHER_SECRET = 'Every#Other-2026';

const read = (folder: string, file: string) => readFileSync(join(ROOT, 'examples', folder, file), 'utf8');

/** Every ITCare kind with a schema (Stack and Policy aside): what the set must hold one of. */
function itcareKinds(): string[] {
  return readdirSync(join(ROOT, 'schemas'))
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => JSON.parse(readFileSync(join(ROOT, 'schemas', f), 'utf8')) as { 'x-provider'?: string; properties?: { kind?: { const?: string } } })
    .filter((s) => s['x-provider'] === 'itcare')
    .map((s) => s.properties!.kind!.const!)
    .sort();
}

describe('one of every ITCare kind: apply, export, plan the export, destroy', () => {
  let h: Harness;
  /** `Kind/name` -> { spec field -> env variable } of the manifests' `${env:…}` secrets. */
  const envOf = new Map<string, Map<string, string>>();
  const kinds = new Set<string>();
  const names: string[] = [];

  beforeAll(async () => {
    h = await harness({ secrets: { ...SECRETS, OTHER_SECRET } });
    const files: Record<string, string> = {};
    // The estate's PostgreSQL keeps its preventDestroy out of this copy: the test destroys everything.
    for (const f of readdirSync(join(ROOT, 'examples', 'estate')).filter((x) => x.endsWith('.yaml'))) files[f] = read('estate', f).replace(/\nlifecycle:\n {2}preventDestroy: true\n/, '\n');
    for (const [f, text] of Object.entries(files)) {
      h.write(`every/${f}`, text);
      for (const doc of parseAllDocuments(text)) {
        const v = doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> } | null;
        if (!v?.kind || v.kind === 'Stack') continue;
        kinds.add(v.kind);
        names.push(String(v.metadata?.name));
        const fields = new Map<string, string>();
        for (const [k, x] of Object.entries(v.spec ?? {})) {
          const m = typeof x === 'string' ? /^\$\{env:(\w+)\}$/.exec(x) : null;
          if (m) fields.set(k, m[1]!);
        }
        envOf.set(`${v.kind}/${v.metadata?.name}`, fields);
      }
    }
  });
  afterAll(async () => h?.close());

  it('holds one of every ITCare kind', () => {
    expect([...kinds].sort()).toEqual(itcareKinds());
  });

  it('applies from nothing, then plans no change', async () => {
    const r = await h.run(['apply', '--auto-approve', 'every']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Apply complete: \d+ succeeded, 0 failed/);
    const p = await h.run(['plan', '--detailed-exitcode', 'every']);
    expect(p.stdout).toContain('No changes.');
    expect(p.code).toBe(0);
  });

  it('exports the service, and the export plans no change', async () => {
    const r = await h.run(['export', '--service', '46922', '-o', 'exp']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('Warning');
    // Every kind of the set has its document(s) (Tags are exported only when asked).
    const exported = new Set(readdirSync(join(h.dir, 'exp')).map((f) => (parse(readFileSync(join(h.dir, 'exp', f), 'utf8')) as { kind: string }).kind));
    for (const k of kinds) if (k !== 'Tags') expect(exported.has(k), k).toBe(true);
    // The exported secrets: the manifests' value where the manifests set it, any valid one elsewhere.
    const env: Record<string, string> = {};
    for (const m of r.stdout.matchAll(/^\s+(\w+)\s+\((\S+) spec\.(\w+)\)$/gm)) {
      const source = envOf.get(m[2]!)?.get(m[3]!);
      env[m[1]!] = source !== undefined ? SECRETS[source]! : OTHER_SECRET;
    }
    expect(Object.keys(env).length).toBeGreaterThan(0);
    const p = await h.run(['plan', '--detailed-exitcode', 'exp'], { env });
    expect(p.stdout).toContain('No changes.');
    expect(p.code, p.stderr).toBe(0);
  });

  it('destroys it cleanly', async () => {
    const r = await h.run(['destroy', '--auto-approve', 'every']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Destroy complete: \d+ succeeded, 0 failed/);
    const left = h.sim.state.resources.filter((x) => names.includes(x.name));
    expect(left.map((x) => x.name)).toEqual([]);
  });
});
