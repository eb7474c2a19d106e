// `caretaker report` through the real CLI on real drift outputs: two stacks checked with --format json
// and --history (one drifts after an out-of-band resize), one page that shows them; an input that is
// not a drift output and an output in a missing folder are clear errors, with nothing written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/cli.js';
import { redisYaml, SECRETS, stackYaml } from '../support/manifests.js';

const USER_TOKEN = 'ops-token-report';

describe('caretaker report', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ secrets: SECRETS, sim: { staticTokens: ['sim-token', USER_TOKEN], tokenUsers: { [USER_TOKEN]: 'ops@cegedim.com' } } });
    h.write('stacks/orders/stack.yaml', stackYaml({ name: 'orders' }));
    h.write('stacks/orders/redis.yaml', redisYaml({ name: 'orderscache' }));
    h.write('stacks/billing/stack.yaml', stackYaml({ name: 'billing' }));
    h.write('stacks/billing/redis.yaml', redisYaml({ name: 'billingcache' }));
    h.write('out/.keep', '');
    for (const s of ['orders', 'billing']) expect((await h.run(['apply', '--auto-approve', `stacks/${s}`])).code).toBe(0);
    const id = h.sim.state.resources.find((r) => r.name === 'orderscache')!.id;
    const res = await fetch(`${h.sim.url}/itcare/databases/redis/${id}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${USER_TOKEN}`, 'content-type': 'application/vnd.cegedim-it.v1+json' },
      body: JSON.stringify({ operation: 'resize', options: { sizing: '4cpu8gb' } }),
    });
    expect(res.status).toBeLessThan(300);
  });
  afterAll(async () => h?.close());

  it('one static page for the fleet from the drift outputs and histories', async () => {
    for (const s of ['orders', 'billing']) {
      const r = await h.run(['drift', '--format', 'json', '--unmanaged', '--history', `out/${s}-history.json`, `stacks/${s}`]);
      expect(r.code).toBe(s === 'orders' ? 2 : 0);
      h.write(`out/${s}.jsonl`, r.stdout);
    }
    const r = await h.run(['report', 'out/orders.jsonl', 'out/billing.jsonl', 'out/orders-history.json', 'out/billing-history.json', '-o', 'out/fleet.html']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Fleet report of 4 file\(s\) written to out\/fleet\.html \([\d,]+ characters\)/);
    const { document } = parseHTML(readFileSync(join(h.dir, 'out/fleet.html'), 'utf8'));
    const rows = [...document.querySelectorAll('#stacks tbody tr')].map((tr) => [tr.getAttribute('data-stack'), tr.getAttribute('data-status')]);
    expect(rows).toEqual([['orders', 'drift'], ['billing', 'in-sync']]);
    expect([...document.querySelectorAll('#chart-age rect')].map((x) => x.getAttribute('data-stack'))).toEqual(['orders']);
    expect([...document.querySelectorAll('#chart-kinds rect')].map((x) => [x.getAttribute('data-kind'), x.getAttribute('data-value')])).toEqual([['Redis', '1']]);
    expect(document.querySelector('section.stack[data-stack="orders"]')!.textContent).toContain('Redis/orderscache nodeSizing');
    expect(document.querySelectorAll('script').length).toBe(0);
    // No value of the drift: the page names fields only.
    expect(document.body.textContent).not.toContain('4cpu8gb');
  });

  it('an input that is not a drift output is one error naming it; nothing is written', async () => {
    h.write('out/notes.txt', 'Drift in stack orders: 1 of 1 resource differs\n');
    const r = await h.run(['report', 'out/orders.jsonl', 'out/notes.txt', '-o', 'out/bad.html']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('out/notes.txt:1: not JSON: expected the output of `caretaker drift --format json` (JSON lines)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(h.dir, 'out/bad.html'))).toBe(false);
    const missing = await h.run(['report', 'out/nope.jsonl']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read out/nope.jsonl: no such file');
  });

  it('an output in a missing folder is refused before anything is read', async () => {
    const r = await h.run(['report', 'out/orders.jsonl', '-o', 'site/fleet.html']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write the report site/fleet.html: folder site does not exist (create it first)');
  });
});
