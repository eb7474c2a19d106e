// Overall progress (issue 24 item 8): a big apply or destroy says "N of M changes done" in the text
// view, at most once per second off a TTY; the JSON stream is unchanged (no new message type).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, ROOT, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';
import { parseStream } from '../support/stream.js';

const N = 16;
const names = Array.from({ length: N }, (_, i) => `cache${String(i + 1).padStart(2, '0')}`);
/** Seconds of the run, from its closing line (`… in 4.2s`). */
const seconds = (out: string): number => {
  const m = /complete: .* in (?:(\d+)m)?([\d.]+)s/.exec(out);
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : NaN;
};

describe('overall progress of a big apply', () => {
  let h: Harness;
  beforeAll(async () => {
    // Slow enough actions that the run lasts several seconds at --parallelism 4.
    h = await harness({ secrets: SECRETS, sim: { actionMs: 350 } });
    h.write('stack.yaml', stackYaml());
    h.write('redis.yaml', names.map((name) => redisYaml({ name })).join('---\n'));
  });
  afterAll(async () => h?.close());

  it('apply prints "N of M changes done" at most once per second', async () => {
    const r = await h.run(['apply', '--auto-approve', '--parallelism', '4']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('Progress: '));
    expect(lines.length, r.stdout).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(Math.ceil(seconds(r.stdout)));
    for (const l of lines) expect(l).toMatch(new RegExp(`^Progress: \\d+ of ${N} changes done \\([\\d.]+s\\)$`));
    const counts = lines.map((l) => Number(/^Progress: (\d+)/.exec(l)![1]));
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
  });

  it('the JSON stream of the same kind of run has no new message', async () => {
    h.write('redis.yaml', names.map((name) => redisYaml({ name, tags: { app: 'orders', team: 'payments' } })).join('---\n'));
    const r = await h.run(['apply', '--auto-approve', '--json', '--parallelism', '4']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Progress');
    // Every message is one the documented schema already had (parseStream validates each line against it).
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'machine-readable.schema.json'), 'utf8')) as { $defs: Record<string, { properties?: { type?: { const?: string } } }> };
    const documented = new Set(Object.values(schema.$defs).map((d) => d.properties?.type?.const).filter(Boolean));
    for (const m of parseStream(r.stdout)) expect(documented.has(m.type), m.type).toBe(true);
  });

  it('destroy counts too', async () => {
    const r = await h.run(['destroy', '--auto-approve', '--parallelism', '4']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('Progress: '));
    expect(lines.length, r.stdout).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(Math.ceil(seconds(r.stdout)));
    expect(lines[0]).toMatch(new RegExp(`^Progress: \\d+ of ${N} changes done`));
  });
});
