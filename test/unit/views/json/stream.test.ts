import { describe, expect, it } from 'vitest';
import { error, warning } from '../../../../src/core/diagnostics.js';
import { driftReportOf } from '../../../../src/engine/drift.js';
import { planToJson } from '../../../../src/engine/plan-file.js';
import { createJsonStream } from '../../../../src/views/json/stream.js';
import { exportCompleteMessage, validateCompleteMessage } from '../../../../src/views/json/messages.js';
import { memoryTerminal } from '../../../../src/views/terminal.js';
import { applyRun } from '../apply-run.js';
import { createOnlyPlan, mixedPlan, noopPlan, replacePlan, secretPlan } from '../../../support/plans.js';
import { assertPlanDocument, ofType, parseStream } from '../../../support/stream.js';

const fixed = () => Date.UTC(2026, 11, 1, 22, 30, 0);
const plans = { mixedPlan, replacePlan, createOnlyPlan, secretPlan, noopPlan };

describe('the JSON message stream', () => {
  it.each(Object.entries(plans))('%s: planned_change lines and a change_summary valid against the schema', (_n, plan) => {
    const term = memoryTerminal();
    const s = createJsonStream(term, { now: fixed });
    s.plannedChanges(plan());
    s.changeSummary('plan', plan().summary);
    const msgs = parseStream(term.stdout());
    expect(msgs.at(-1)).toMatchObject({ type: 'change_summary', '@timestamp': '2026-12-01T22:30:00.000Z', changes: { operation: 'plan', ...plan().summary } });
    expect(ofType(msgs, 'planned_change')).toHaveLength(plan().changes.filter((c) => c.action !== 'no-op').length);
  });

  it('maps every engine event of an apply run to a valid message, closing with change_summary', () => {
    const term = memoryTerminal();
    const s = createJsonStream(term, { now: fixed });
    s.applying('apply', 3);
    for (const e of applyRun) s.event(e);
    const msgs = parseStream(term.stdout());
    expect([...new Set(msgs.map((m) => m.type))]).toEqual([
      'version', 'apply_begin', 'apply_start', 'apply_progress', 'diagnostic', 'apply_errored', 'apply_skipped', 'apply_complete', 'change_summary',
    ]);
    expect(ofType(msgs, 'diagnostic')[0]).toMatchObject({ '@level': 'error', diagnostic: { code: 'ERR_API', address: 'Redis/orders-cache' } });
    expect(msgs.at(-1)).toMatchObject({
      '@level': 'error', changes: { operation: 'apply', create: 0, update: 1, delete: 1, noop: 3, failed: 1, skipped: 1, operations: 3, requests: 52 },
    });
  });

  it('an interrupted apply: apply_interrupting, then a change_summary with failures and what was left', () => {
    const term = memoryTerminal();
    const s = createJsonStream(term, { now: fixed });
    s.applying('apply', 0);
    const running = [{ address: 'KubernetesCluster/shop-k8s', summary: 'create KubernetesCluster shop-k8s', actionId: '900000' }];
    s.event({ type: 'apply_interrupting', signal: 'SIGINT', running });
    s.event({
      type: 'apply_summary', succeeded: 1, failed: 1, skipped: 0, operations: 3, elapsedMs: 4210,
      failures: [{ address: 'Redis/orders-cache', error: 'PATCH /itcare/databases/redis/1: 400 bad size' }],
      interrupted: { signal: 'SIGINT', abandoned: true, succeeded: ['Tags/vm-tags'], running, stopped: [], notStarted: ['LoadBalancer/shop'] },
    });
    const msgs = parseStream(term.stdout());
    expect(msgs.map((m) => m.type)).toEqual(['version', 'apply_interrupting', 'change_summary']);
    expect(msgs[1]).toMatchObject({ '@level': 'warn', signal: 'SIGINT', running });
    expect(msgs[2]).toMatchObject({
      '@message': expect.stringContaining('Apply interrupted (SIGINT)'),
      failures: [{ address: 'Redis/orders-cache' }], interrupted: { abandoned: true, running, notStarted: ['LoadBalancer/shop'] },
    });
  });

  it('drift: one resource_drift per resource and a drift_summary', () => {
    const term = memoryTerminal();
    const report = driftReportOf(mixedPlan(), { resources: [] }, '2026-12-01');
    createJsonStream(term).drift(report);
    const msgs = parseStream(term.stdout());
    expect(ofType(msgs, 'resource_drift').map((m) => m.resource)).toEqual(JSON.parse(JSON.stringify(report.resources)));
    expect(msgs.at(-1)).toMatchObject({ type: 'drift_summary', report: { drift: report.drift, summary: report.summary } });
  });

  it('diagnostics, log, validate and export lines are valid', () => {
    const term = memoryTerminal();
    const s = createJsonStream(term);
    s.diagnostics([warning('interpolation', 'environment variable X is not set', { range: { file: 'a.yaml', start: { line: 1, col: 2 }, end: { line: 1, col: 9 } } }), error('ERR_PLAN_STALE', 'plan is stale')]);
    s.log('Saved the plan to plan.json');
    s.write(validateCompleteMessage({ stack: 'orders', resources: 2, files: 3, warnings: 1 }));
    s.write(exportCompleteMessage({ stack: 'orders', serviceId: 1, directory: '.', files: [{ file: 'stack.yaml', address: 'Stack/orders' }], secrets: [], untagged: [], skipped: [], problems: [] }));
    expect(parseStream(term.stdout()).map((m) => m['@level'])).toEqual(['info', 'warn', 'error', 'info', 'info', 'info']);
  });

  it('a line the schema does not know fails validation', () => {
    expect(() => parseStream('{"@level":"info","@message":"caretaker 0.1.0","@timestamp":"2026-12-01T00:00:00Z","type":"version","caretaker":"0.1.0","ui":"1.0"}\n{"type":"plan"}\n')).toThrow(/line 2/);
  });
});

describe('the saved plan schema', () => {
  it.each(Object.entries(plans))('%s as saved is valid', (_n, plan) => {
    assertPlanDocument(JSON.parse(planToJson(plan())));
  });

  it('a plan --validate plan (validated, checks, notes) as saved is valid', () => {
    const plan = mixedPlan();
    plan.validated = true;
    plan.changes[0]!.checks = [{ operation: 1, dryRun: 'rejected', message: '400: bad size', availability: 'unknown', cause: 'answer not readable' }];
    plan.changes[0]!.notes = ['checked against the offline list only'];
    assertPlanDocument(JSON.parse(planToJson(plan)));
  });

  it('refuses a plan without changes or with an unknown action', () => {
    const bad = JSON.parse(planToJson(mixedPlan()));
    bad.changes[0].action = 'recreate';
    expect(() => assertPlanDocument(bad)).toThrow(/plan.schema.json/);
    expect(() => assertPlanDocument({ formatVersion: 1, stack: 'x' })).toThrow();
  });
});
