// The fleet page of `caretaker report`, parsed with a DOM library (linkedom): the table holds one row
// per stack with the input's figures, the charts one bar per stack with drift and per kind with its
// count, and the page has no script, loads nothing and shows no value.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { driftReportOf } from '../../../src/engine/drift.js';
import { applyHistory, historyToJson } from '../../../src/engine/drift-history.js';
import { buildFleet, parseFleetInput, ReportInputError } from '../../../src/engine/fleet.js';
import { renderFleetHtml } from '../../../src/views/html/fleet.js';
import { change, planOf, redisPrune, unchanged } from '../../support/plans.js';

const NOW = new Date('2026-12-03T06:00:00.000Z');

/** The JSON lines `drift --format json` prints for a report (version, resource_drift…, drift_summary). */
function stream(r: ReturnType<typeof driftReportOf>): string {
  const { resources, ...rest } = r;
  return [
    JSON.stringify({ '@level': 'info', '@message': 'caretaker 0.1.0', type: 'version', ui: '1.0' }),
    ...resources.map((x) => JSON.stringify({ '@level': 'info', '@message': x.address, type: 'resource_drift', resource: x })),
    JSON.stringify({ '@level': 'info', '@message': 'summary', type: 'drift_summary', report: rest }),
  ].join('\n') + '\n';
}

function report(stack: string, at: string, changes: Parameters<typeof planOf>[0]) {
  return driftReportOf(planOf(changes, { stack, createdAt: at }), { resources: [] }, at.slice(0, 10));
}

function inputs() {
  const orders = report('orders', '2026-12-03T02:00:00.000Z', [
    change({ address: 'Redis/cache', action: 'update', id: 1, diff: [{ op: 'replace', path: '/nodeSizing', from: 'SECRET-LOOKING-VALUE', value: '2cpu4gb' }, { op: 'replace', path: '/tags/team', from: 'a', value: 'b' }] }),
    change({ address: 'PostgreSQL/db', action: 'update', id: 2, diff: [{ op: 'replace', path: '/diskSize', from: 80, value: 40 }] }),
  ]);
  // orders' drift was first seen two days earlier: its history file says so.
  const earlier = report('orders', '2026-12-01T02:00:00.000Z', [change({ address: 'Redis/cache', action: 'update', id: 1, diff: [{ op: 'replace', path: '/nodeSizing', from: 'x', value: 'y' }] })]);
  const history = applyHistory(earlier, undefined, '2026-12-01T02:00:00.000Z');
  const billing = report('billing', '2026-12-03T02:10:00.000Z', [change({ address: 'Redis/bill', action: 'update', id: 3, diff: [{ op: 'replace', path: '/nodeSizing', from: 'x', value: 'y' }] }), redisPrune()]);
  applyHistory(billing, undefined, '2026-12-03T01:10:00.000Z');
  billing.unmanaged = { total: 10, thisStack: 6, otherStacks: 2, managedShare: 0.8, resources: [{ kind: 'Redis', name: 'x', id: 1 }, { kind: 'Redis', name: 'y', id: 2 }], adopt: [], notListed: [] };
  const quiet = report('quiet', '2026-12-03T02:20:00.000Z', [unchanged('Redis/q', 9)]);
  const failed = [JSON.stringify({ type: 'version', '@message': 'caretaker' }), JSON.stringify({ type: 'diagnostic', '@level': 'error', '@message': 'x', diagnostic: { severity: 'error', summary: 'login failed at the token URL https://id.example/token: 401' } })].join('\n');
  return [
    { file: 'reports/orders/drift.jsonl', text: stream(orders) },
    { file: 'reports/orders/history.json', text: historyToJson(history) },
    { file: 'reports/billing/drift.jsonl', text: stream(billing) },
    { file: 'reports/quiet/drift.json', text: JSON.stringify(quiet) },
    { file: 'reports/payments.jsonl', text: failed },
  ];
}

describe('the fleet page', () => {
  const page = renderFleetHtml(buildFleet(inputs(), NOW));
  const { document } = parseHTML(page);

  it('has one row per stack, errors first then the oldest drift, with the input\'s figures', () => {
    const rows = [...document.querySelectorAll('#stacks tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-stack'))).toEqual(['payments', 'orders', 'billing', 'quiet']);
    const cells = (stack: string) => Object.fromEntries([...document.querySelector(`#stacks tr[data-stack="${stack}"]`)!.querySelectorAll('td')]
      .map((td) => [td.getAttribute('data-label'), td.textContent!.trim()]));
    expect(cells('orders')).toMatchObject({ Status: 'drift', 'Drifted resources': '2', 'Oldest drift': '2 days (since 2026-12-01 02:00 UTC)', 'Unmanaged share': 'not read', 'Last run': '2026-12-03 02:00 UTC', Errors: '0' });
    expect(cells('billing')).toMatchObject({ Status: 'drift', 'Drifted resources': '2', 'Oldest drift': '60 minutes (since 2026-12-03 01:10 UTC)', 'Unmanaged share': '20% (2)' });
    expect(cells('quiet')).toMatchObject({ Status: 'in sync', 'Drifted resources': '0', 'Oldest drift': '—' });
    expect(cells('payments').Status).toBe('error');
    expect(cells('payments').Errors).toContain('1: login failed at the token URL');
  });

  it('draws one age bar per drifting stack and one bar per kind, with the input\'s values', () => {
    const ages = [...document.querySelectorAll('#chart-age rect')].map((r) => [r.getAttribute('data-stack'), Number(r.getAttribute('data-value'))]);
    expect(ages).toEqual([['orders', 2 * 86_400], ['billing', 3_000 + 600]]);
    const kinds = [...document.querySelectorAll('#chart-kinds rect')].map((r) => [r.getAttribute('data-kind'), Number(r.getAttribute('data-value'))]);
    expect(kinds).toEqual([['Redis', 3], ['PostgreSQL', 1]]);
    // The longer bar is the larger value.
    const widths = [...document.querySelectorAll('#chart-age rect')].map((r) => Number(r.getAttribute('width')));
    expect(widths[0]).toBeGreaterThan(widths[1]!);
  });

  it('has no script, loads nothing, fits a phone and a printer, and shows no value', () => {
    expect(document.querySelectorAll('script, link, img, iframe, object, embed').length).toBe(0);
    expect(page).not.toMatch(/\b(src|href)=/);
    expect(page).not.toMatch(/url\(/);
    expect(document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toContain("default-src 'none'");
    expect(document.querySelector('meta[name="viewport"]')).not.toBeNull();
    expect(page).toContain('@media (max-width: 40rem)');
    expect(page).toContain('@media print');
    expect(page).not.toContain('SECRET-LOOKING-VALUE');
    expect(document.querySelector('#summary')!.textContent).toContain('2 drifting, 1 in error, 0 acknowledged, 1 in sync');
  });
});

describe('report inputs', () => {
  const bad: Record<string, { reason: string; text: string; want: RegExp }> = {
    empty: { reason: 'an empty file', text: '', want: /x\.jsonl is empty/ },
    text: { reason: 'a text report', text: 'Drift in stack orders: 1 of 1 resource differs\n', want: /x\.jsonl:1: not JSON/ },
    otherJson: { reason: 'JSON lines of something else', text: '{"a":1}\n', want: /x\.jsonl:1: not a caretaker JSON message/ },
    plan: { reason: 'the stream of another command', text: '{"type":"version"}\n{"type":"change_summary"}\n', want: /the output of another command, not drift/ },
    noVersion: { reason: 'messages without the version line', text: '{"type":"log"}\n', want: /does not start with caretaker's version line/ },
  };
  it.each(Object.entries(bad))('%s is refused with the file name', (_n, c) => {
    expect(() => parseFleetInput(c.text, 'x.jsonl'), c.reason).toThrow(ReportInputError);
    expect(() => parseFleetInput(c.text, 'x.jsonl')).toThrow(c.want);
  });
});
