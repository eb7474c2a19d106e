// The drift-job parts of the views: a report with history ages, resolved drift, causes per field,
// unmanaged resources and a reconcile (golden text and Markdown); the Markdown size cap; the
// Prometheus exposition; the Slack message (names only, never a value).
import { describe, expect, it } from 'vitest';
import { driftReportOf, type DriftReport } from '../../../src/engine/drift.js';
import { applyHistory } from '../../../src/engine/drift-history.js';
import { renderDriftMarkdown } from '../../../src/views/markdown/drift.js';
import { renderDriftMetrics } from '../../../src/views/metrics/prometheus.js';
import { slackMessage } from '../../../src/views/notify/slack.js';
import { renderDriftText } from '../../../src/views/text/drift.js';
import { change, planOf, redisPrune, unchanged } from '../../support/plans.js';

const T0 = '2026-11-28T02:00:00.000Z';
const NOW = '2026-12-01T02:00:00.000Z';

/** Two runs: the first saw the resize and a tag; the second (NOW) the resize again, a new monitoring change and the prune leftover. */
function jobReport(): DriftReport {
  const first = driftReportOf(planOf([
    change({ address: 'Redis/sessions', action: 'update', id: 7, diff: [
      { op: 'replace', path: '/nodeSizing', from: '4cpu8gb', value: '2cpu4gb' }, { op: 'replace', path: '/tags/team', from: 'payments', value: 'checkout' },
    ] }),
  ], { createdAt: T0 }), { resources: [] }, T0.slice(0, 10));
  const history = applyHistory(first, undefined, T0);
  const r = driftReportOf(planOf([
    change({ address: 'Redis/sessions', action: 'update', id: 7, diff: [
      { op: 'replace', path: '/monitoringEnabled', from: false, value: true }, { op: 'replace', path: '/nodeSizing', from: '4cpu8gb', value: '2cpu4gb' },
    ] }),
    redisPrune(), unchanged('Redis/b', 2),
  ], { createdAt: NOW }), { resources: [] }, NOW.slice(0, 10));
  const sessions = r.resources.find((x) => x.address === 'Redis/sessions')!;
  sessions.causes = [{ at: '2026-11-27T22:30:00.000Z', by: 'j.doe@cegedim.com', operation: 'RESIZE', message: 'Resize Redis sessions', status: 'SUCCESS', fields: ['spec.nodeSizing'] }];
  sessions.causeUnknown = ['spec.monitoringEnabled'];
  applyHistory(r, history, NOW);
  r.unmanaged = {
    total: 4, thisStack: 2, otherStacks: 1, managedShare: 0.75, resources: [{ kind: 'Redis', name: 'legacy', id: 501, serviceId: 46922 }],
    adopt: ['caretaker export --service 46922 --kind Redis --name legacy --adopt --stack orders-qa -o adopt-46922'], notListed: ['CacheStore'],
  };
  r.reconcile = { applied: [{ address: 'Redis/b', operations: ['tag team=checkout'] }], leftAlone: [{ address: 'Redis/sessions', reason: 'nodeSizing: resize 4cpu8gb -> 2cpu4gb is irreversible' }], failed: [] };
  return r;
}

describe('drift-job views', () => {
  it('text (golden)', async () => {
    await expect(renderDriftText(jobReport(), { color: false })).toMatchFileSnapshot('../../golden/text/drift-job.txt');
  });

  it('markdown (golden)', async () => {
    await expect(renderDriftMarkdown(jobReport())).toMatchFileSnapshot('../../golden/markdown/drift-job.md');
  });

  it('markdown stays under the comment limit: the headline and list first, details cut with a note', () => {
    const many = Array.from({ length: 400 }, (_, i) => change({
      address: `Redis/cache-${String(i).padStart(3, '0')}`, action: 'update', id: i,
      diff: Array.from({ length: 8 }, (_x, j) => ({ op: 'replace' as const, path: `/tags/key${j}`, from: 'x'.repeat(40), value: 'y'.repeat(40) })),
    }));
    const r = driftReportOf(planOf(many), { resources: [] }, '2026-12-01');
    const md = renderDriftMarkdown(r);
    expect(md.length).toBeLessThan(65_536);
    expect(md).toContain('**Drift in stack orders-qa: 400 of 400 resources differ from the manifests.**');
    expect(md).toContain('- `~ Redis/cache-399`');
    expect(md).toMatch(/> The details of \d+ more resources are not shown: this report must stay under 65,536 characters\./);
    // A smaller limit cuts the one-line list too, never the headline.
    const tiny = renderDriftMarkdown(r, { maxChars: 3000 });
    expect(tiny.length).toBeLessThan(3000);
    expect(tiny).toContain('**Drift in stack orders-qa');
    expect(tiny).toMatch(/\d+ more resources and every resource's details are not shown/);
    // Under the limit nothing is cut.
    expect(renderDriftMarkdown(jobReport())).not.toContain('[!NOTE]');
  });

  it('the Prometheus exposition: the six gauges labelled by stack, escaped; absent when unknown', async () => {
    const text = await renderDriftMetrics({ stack: 'orders "qa"\\\n', at: new Date(NOW), report: jobReport(), errors: 0 });
    const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const label = 'stack="orders \\"qa\\"\\\\\\n"';
    expect(samples).toEqual([
      `caretaker_drift_resources{${label}} 2`,
      `caretaker_drift_fields{${label}} 2`,
      `caretaker_drift_oldest_seconds{${label}} ${3 * 86_400}`,
      `caretaker_drift_unmanaged_resources{${label}} 1`,
      `caretaker_drift_last_run_timestamp_seconds{${label}} ${Date.parse(NOW) / 1000}`,
      `caretaker_drift_errors{${label}} 0`,
    ]);
    for (const m of ['resources', 'fields', 'oldest_seconds', 'unmanaged_resources', 'last_run_timestamp_seconds', 'errors']) {
      expect(text).toContain(`# TYPE caretaker_drift_${m} gauge`);
      expect(text).toMatch(new RegExp(`# HELP caretaker_drift_${m} \\S`));
    }
    const failed = await renderDriftMetrics({ stack: 'orders', at: new Date(NOW), errors: 1 });
    expect(failed.split('\n').filter((l) => /^caretaker/.test(l))).toEqual([
      `caretaker_drift_last_run_timestamp_seconds{stack="orders"} ${Date.parse(NOW) / 1000}`, 'caretaker_drift_errors{stack="orders"} 1',
    ]);
  });

  it('the Slack message: text and blocks, what is new and resolved, names only', () => {
    const r = jobReport();
    const msg = slackMessage(r);
    expect(msg.text).toMatch(/^caretaker drift, stack orders-qa: 2 new drifts, 1 resolved\./);
    expect(msg.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
    const all = JSON.stringify(msg);
    expect(all).toContain('`Redis/sessions` monitoringEnabled');
    expect(all).toContain('`Redis/old-cache` owned but in no manifest');
    expect(all).toContain('tags.team (drifted since 2026-11-28 02:00 UTC)');
    for (const value of ['4cpu8gb', '2cpu4gb', 'payments', 'checkout']) expect(all).not.toContain(value);
  });

  it('the Slack message escapes mrkdwn and lists at most 15 items a section', () => {
    const many = Array.from({ length: 20 }, (_, i) => change({ address: `Redis/a<${i}>`, action: 'update', id: i, diff: [{ op: 'replace', path: '/nodeSizing', from: 'a', value: 'b' }] }));
    const r = driftReportOf(planOf(many), { resources: [] }, '2026-12-01');
    applyHistory(r, undefined, NOW);
    const section = slackMessage(r).blocks[2] as { text: { text: string } };
    expect(section.text.text).toContain('`Redis/a&lt;0&gt;`');
    expect(section.text.text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(15);
    expect(section.text.text).toContain('…and 5 more');
  });
});
